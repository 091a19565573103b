"""Bayesian linear regression whose posterior is approximated by a plugin."""

from __future__ import annotations

from numbers import Real

import numpy as np
from scipy.stats import norm
from sklearn.base import RegressorMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from ..utils._params import store_params
from ..utils._random import int_seed
from ..utils._validation import check_numeric_target, validate_data
from ._base import _BayesianGLM, _standardise
from ._model import INTERCEPT_SCALE

__all__ = ["BayesianLinearRegression", "exact_gaussian_posterior"]


def _standardise_y(y, fit_intercept, sample_weight=None):
    offset, scale = _standardise(y, fit_intercept, sample_weight)
    return float(offset), float(scale)


def exact_gaussian_posterior(X, y, *, prior_scale=1.0, noise_std, fit_intercept=True):
    """The exact posterior of :class:`BayesianLinearRegression` with fixed noise.

    With ``noise_std`` given, the model (Normal prior on the standardised
    weights, Normal likelihood) is conjugate: the posterior is Gaussian, which
    makes it the oracle the approximate methods are checked against.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Training data.
    y : array-like of shape (n_samples,)
        Targets.
    prior_scale : float, default=1.0
        Prior standard deviation of the standardised weights.
    noise_std : float
        Noise standard deviation in the units of ``y``.
    fit_intercept : bool, default=True
        Whether the model has an intercept.

    Returns
    -------
    dict
        ``coef_mean``, ``coef_std``, ``coef_cov``, ``intercept_mean`` and
        ``intercept_std`` in the original units.

    Examples
    --------
    >>> import numpy as np
    >>> from skmath.bayes import exact_gaussian_posterior
    >>> X = np.arange(20.0).reshape(10, 2); y = X @ [1.0, 2.0]
    >>> post = exact_gaussian_posterior(X, y, noise_std=0.1, fit_intercept=False)
    >>> post["coef_mean"].shape
    (2,)
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    x_off, x_scale = _standardise(X, fit_intercept)
    y_off, y_scale = _standardise_y(y, fit_intercept)
    Z = (X - x_off) / x_scale
    ys = (y - y_off) / y_scale
    p = X.shape[1]
    prior_var = np.full(p, prior_scale**2)
    if fit_intercept:
        Z = np.column_stack([Z, np.ones(len(Z))])
        prior_var = np.append(prior_var, INTERCEPT_SCALE**2)
    s2 = (noise_std / y_scale) ** 2
    precision = Z.T @ Z / s2 + np.diag(1.0 / prior_var)
    cov = np.linalg.inv(precision)
    mean = cov @ (Z.T @ ys) / s2
    # original parameters (coef, intercept) = A theta + c
    A = np.zeros((p + 1, Z.shape[1]))
    A[:p, :p] = np.diag(y_scale / x_scale)
    A[p, :p] = -(y_scale / x_scale) * x_off
    if fit_intercept:
        A[p, p] = y_scale
    c = np.zeros(p + 1)
    c[p] = y_off
    m = A @ mean + c
    C = A @ cov @ A.T
    sd = np.sqrt(np.diag(C))
    return {
        "coef_mean": m[:p],
        "coef_std": sd[:p],
        "coef_cov": C[:p, :p],
        "intercept_mean": float(m[p]),
        "intercept_std": float(sd[p]),
    }


class BayesianLinearRegression(RegressorMixin, _BayesianGLM):
    r"""Bayesian linear regression with PyMC, by VI, sampling or MAP.

    On standardised features :math:`\tilde x` and targets :math:`\tilde y`
    the model is :math:`\tilde y \sim \mathcal N(\alpha + \tilde x^\top \beta,
    \sigma^2)` with :math:`\beta_j \sim \mathcal N(0, \text{prior\_scale}^2)`,
    :math:`\alpha \sim \mathcal N(0, 10^2)` and :math:`\sigma \sim
    \text{HalfNormal}(1)` unless ``noise_std`` fixes it (then the posterior is
    Gaussian and :func:`exact_gaussian_posterior` computes it).  The fitted
    posterior is mapped back to the original units.

    Parameters
    ----------
    inference : str, InferenceMethod or class, default="advi"
        How the posterior is approximated: a registered name (``"advi"``,
        ``"fullrank_advi"``, ``"nuts"``, ``"map"``, or a third-party plugin)
        or an inference plugin object.
    prior_scale : float, default=1.0
        Prior standard deviation of the weights of the standardised features.
    noise_std : float or None, default=None
        Fixed noise standard deviation in the units of ``y``; ``None`` learns it.
    fit_intercept : bool, default=True
        Whether to fit an intercept.
    n_iter : int, default=20000
        Maximum iterations of a variational method (used when ``inference``
        is given by name).
    learning_rate : float, default=0.01
        Adam step size of a variational method.
    draws : int, default=1000
        Posterior draws (per chain for NUTS).
    tune : int, default=1000
        NUTS tuning steps per chain.
    chains : int, default=2
        NUTS chains.
    batch_size : int or None, default=None
        Minibatch size for variational methods (the likelihood of a batch is
        scaled by ``n_samples / batch_size``); ``None`` uses all rows.
    random_state : int, RandomState instance or None, default=None
        Seed of the inference; the same int gives the same model.
    progressbar : bool, default=False
        Report progress (VI once per convergence window, NUTS once per tenth
        of a chain): plain lines in a file or pipe, a bar on a terminal.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        Posterior mean of the weights.
    coef_std_ : ndarray of shape (n_features,)
        Posterior standard deviation of the weights.
    intercept_ : float
        Posterior mean of the intercept (0.0 if ``fit_intercept=False``).
    intercept_std_ : float
        Posterior standard deviation of the intercept.
    noise_std_ : float
        Posterior mean of the noise standard deviation (or the fixed value).
    idata_ : arviz.InferenceData
        Posterior draws of ``coef``, ``intercept`` and ``sigma`` in the
        original units (and sampler statistics for NUTS).
    inference_ : InferenceMethod
        The inference plugin used for this fit.
    loss_ : ndarray or None
        Negative ELBO per iteration of a variational method.
    converged_ : bool
        Whether the inference method's convergence check passed.
    n_iter_ : int
        Iterations run by the inference method.
    diagnostics_ : dict
        Method-specific diagnostics (``r_hat``, ``ess_bulk`` and
        ``n_divergences`` for NUTS).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, if ``X`` has string column names.

    Examples
    --------
    >>> import numpy as np
    >>> from skmath.bayes import BayesianLinearRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(50, 2)); y = X @ [1.0, -2.0] + 0.1 * rng.normal(size=50)
    >>> reg = BayesianLinearRegression(inference="map", random_state=0).fit(X, y)
    >>> reg.coef_.round(1)
    array([ 1., -2.])
    >>> mean, std = reg.predict(X[:2], return_std=True)
    >>> bool(np.all(std > 0))
    True
    """

    _parameter_constraints: dict = {
        **_BayesianGLM._parameter_constraints,
        "noise_std": [Interval(Real, 0, None, closed="neither"), None],
    }
    _kind = "linear"

    __init__ = store_params(_BayesianGLM.__init__, noise_std=None)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Approximate the posterior of the weights given ``X`` and ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Numeric targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Likelihood weights: row ``i``'s log likelihood counts
            ``sample_weight[i]`` times (an integer weight is a repeated row).

        Returns
        -------
        self : BayesianLinearRegression
            The fitted estimator.
        """
        check_numeric_target(
            y,
            f"{type(self).__name__} is a regressor and needs a numeric target y; "
            "got values of dtype {dtype} such as {examples!r}. For class labels "
            "use BayesianLogisticRegression.",
        )
        X, y = validate_data(
            self, X, y, dtype=np.float64, y_numeric=True, ensure_min_samples=2
        )
        w = self._check_sample_weight(sample_weight, X)
        x_off, x_scale = _standardise(X, self.fit_intercept, w)
        y_off, y_scale = _standardise_y(y, self.fit_intercept, w)
        Xs = (X - x_off) / x_scale
        ys = (y - y_off) / y_scale
        noise = None if self.noise_std is None else self.noise_std / y_scale
        result = self._run(Xs, ys, n_outputs=1, noise_std=noise, sample_weight=w)

        def to_original(values, lead):
            beta = values["beta"]
            coef = beta * (y_scale / x_scale)
            alpha = values.get("alpha", np.zeros(lead))
            return coef, y_off + y_scale * alpha - coef @ x_off

        post = result.posterior
        coef, intercept = to_original(post, post["beta"].shape[:2])
        posterior = {"coef": coef, "intercept": intercept}
        if "sigma" in post:
            sigma = post["sigma"] * y_scale
        else:
            sigma = np.full(coef.shape[:2], float(self.noise_std))
        posterior["sigma"] = sigma
        point = None if result.point is None else to_original(result.point, ())
        intercept_point = self._keep_draws(coef, intercept, point)
        self._sigma_draws = sigma.reshape(-1)
        self.intercept_ = float(intercept_point)
        self.intercept_std_ = float(self._intercept_draws.std())
        self.noise_std_ = float(self._sigma_draws.mean())
        if self.noise_std is not None:
            del posterior["sigma"]

        def log_likelihood():
            mu = np.einsum("cdf,nf->cdn", coef, X) + intercept[..., None]
            return norm.logpdf(y, mu, sigma[..., None])

        def predictive():
            mu = np.einsum("cdf,nf->cdn", coef, X) + intercept[..., None]
            rng = np.random.default_rng(int_seed(self.random_state))
            return mu + sigma[..., None] * rng.standard_normal(mu.shape)

        self._store_idata(
            posterior,
            coords={"feature": self._feature_labels()},
            dims={"coef": ["feature"]},
            y=y, loglik_fn=log_likelihood, predictive_fn=predictive,
            sample_stats=result.sample_stats,
        )
        return self

    def _summary_draws(self):
        shape = self._chain_shape
        draws = {
            name: self._coef_draws[:, j].reshape(shape)
            for j, name in enumerate(self._feature_labels())
        }
        draws["intercept"] = self._intercept_draws.reshape(shape)
        if self.noise_std is None:
            draws["sigma"] = self._sigma_draws.reshape(shape)
        return draws, list(draws)

    def predict(self, X, return_std=False):
        """Posterior predictive mean (and standard deviation, noise included).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.
        return_std : bool, default=False
            Also return the predictive standard deviation.

        Returns
        -------
        y_mean : ndarray of shape (n_samples,)
            Predictive mean.
        y_std : ndarray of shape (n_samples,)
            Predictive standard deviation; only if ``return_std``.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        mean = X @ self.coef_ + self.intercept_
        if not return_std:
            return mean
        draws = np.column_stack([self._coef_draws, self._intercept_draws])
        cov = np.atleast_2d(np.cov(draws, rowvar=False, bias=True))
        Xa = np.column_stack([X, np.ones(len(X))])
        var = np.einsum("ij,jk,ik->i", Xa, cov, Xa) + np.mean(self._sigma_draws**2)
        return mean, np.sqrt(np.maximum(var, 0.0))

    def predict_interval(self, X, level=0.95):
        """Central posterior predictive interval (Gaussian approximation).

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.
        level : float, default=0.95
            Probability mass inside the interval.

        Returns
        -------
        lower, upper : ndarray of shape (n_samples,)
            Interval bounds.
        """
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        mean, std = self.predict(X, return_std=True)
        z = norm.ppf(0.5 + level / 2)
        return mean - z * std, mean + z * std

    def sample_y(self, X, n_samples=1, random_state=0):
        """Draw targets from the posterior predictive distribution.

        Parameters
        ----------
        X : array-like of shape (n_samples_X, n_features)
            Samples.
        n_samples : int, default=1
            Draws per sample.
        random_state : int, RandomState instance or None, default=0
            Seed of the draws.

        Returns
        -------
        y_samples : ndarray of shape (n_samples_X, n_samples)
            Posterior predictive draws.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        rng = check_random_state(random_state)
        idx = rng.randint(len(self._coef_draws), size=n_samples)
        mu = X @ self._coef_draws[idx].T + self._intercept_draws[idx]
        noise = rng.standard_normal((len(X), n_samples)) * self._sigma_draws[idx]
        return mu + noise
