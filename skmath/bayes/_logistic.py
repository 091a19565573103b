"""Bayesian logistic regression (binary and multinomial) with PyMC."""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from ..utils._random import int_seed
from ..utils._validation import check_at_least_two_classes, validate_data
from ._base import _BayesianGLM, _standardise

__all__ = ["BayesianLogisticRegression"]


def _log_proba(X, coef, intercept):
    """Log class probabilities ``(..., rows, classes)`` for draws of ``coef``
    ``(..., k, n_features)`` and ``intercept`` ``(..., k)``; one logit
    (``k = 1``) means two classes."""
    logits = np.einsum("rf,...kf->...rk", X, coef) + intercept[..., None, :]
    if coef.shape[-2] == 1:
        # log sigmoid without cancellation: confident rows keep their tiny
        # (draw-dependent) log probabilities instead of rounding to 0
        return np.concatenate(
            [-np.logaddexp(0.0, logits), -np.logaddexp(0.0, -logits)], axis=-1
        )
    return logits - logsumexp(logits, axis=-1, keepdims=True)


class BayesianLogisticRegression(ClassifierMixin, _BayesianGLM):
    r"""Bayesian logistic regression with PyMC, by VI, sampling or MAP.

    On standardised features :math:`\tilde x` the class probabilities are
    :math:`\operatorname{softmax}(\alpha + \tilde x^\top B)` (one logit,
    Bernoulli, for two classes; one per class, Categorical, otherwise) with
    :math:`B_{jk} \sim \mathcal N(0, \text{prior\_scale}^2)` and
    :math:`\alpha_k \sim \mathcal N(0, 10^2)`.  ``predict_proba`` averages the
    class probabilities over the posterior draws.

    Parameters
    ----------
    inference : str, InferenceMethod or class, default="advi"
        How the posterior is approximated: ``"advi"``, ``"fullrank_advi"``,
        ``"nuts"``, ``"map"``, a third-party name, or an inference plugin.
    prior_scale : float, default=1.0
        Prior standard deviation of the weights of the standardised features.
    fit_intercept : bool, default=True
        Whether to fit intercepts.
    n_iter : int, default=20000
        Maximum iterations of a variational method.
    learning_rate : float, default=0.01
        Adam step size of a variational method.
    draws : int, default=1000
        Posterior draws (per chain for NUTS).
    tune : int, default=1000
        NUTS tuning steps per chain.
    chains : int, default=2
        NUTS chains.
    batch_size : int or None, default=None
        Minibatch size for variational methods; ``None`` uses all rows.
    random_state : int, RandomState instance or None, default=None
        Seed of the inference; the same int gives the same model.
    progressbar : bool, default=False
        Report progress (VI once per convergence window, NUTS once per tenth
        of a chain): plain lines in a file or pipe, a bar on a terminal.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Class labels (any type).
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        Posterior mean of the weights.
    coef_std_ : ndarray of the shape of ``coef_``
        Posterior standard deviation of the weights.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        Posterior mean of the intercepts.
    idata_ : arviz.InferenceData
        Posterior draws of ``coef`` and ``intercept`` in the original units.
    inference_ : InferenceMethod
        The inference plugin used for this fit.
    loss_ : ndarray or None
        Negative ELBO per iteration of a variational method.
    converged_ : bool
        Whether the inference method's convergence check passed.
    n_iter_ : int
        Iterations run by the inference method.
    diagnostics_ : dict
        Method-specific diagnostics.
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, if ``X`` has string column names.

    Examples
    --------
    >>> import numpy as np
    >>> from skmath.bayes import BayesianLogisticRegression
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(60, 2)); y = np.where(X[:, 0] > 0, "yes", "no")
    >>> clf = BayesianLogisticRegression(inference="map", random_state=0).fit(X, y)
    >>> clf.classes_.tolist()
    ['no', 'yes']
    >>> clf.predict_proba(X[:3]).shape
    (3, 2)
    """

    _kind = "logistic"

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Approximate the posterior of the weights given ``X`` and labels ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels of any type (at least two classes).
        sample_weight : array-like of shape (n_samples,), default=None
            Likelihood weights: row ``i``'s log likelihood counts
            ``sample_weight[i]`` times (an integer weight is a repeated row).

        Returns
        -------
        self : BayesianLogisticRegression
            The fitted estimator.
        """
        X, y = validate_data(self, X, y, dtype=np.float64, ensure_min_samples=2)
        check_classification_targets(y)
        self.classes_, codes = np.unique(y, return_inverse=True)
        check_at_least_two_classes(self.classes_, type(self).__name__)
        n_classes = len(self.classes_)
        w = self._check_sample_weight(sample_weight, X)
        n_outputs = 1 if n_classes == 2 else n_classes
        x_off, x_scale = _standardise(X, self.fit_intercept, w)
        Xs = (X - x_off) / x_scale
        result = self._run(
            Xs, codes.astype(np.int64), n_outputs=n_outputs, sample_weight=w
        )

        def to_original(values, lead):
            beta = values["beta"]
            if n_outputs == 1:
                beta = beta[..., None]
            # (..., n_features, k) -> (..., k, n_features)
            coef = np.swapaxes(beta, -1, -2) / x_scale
            alpha = values.get("alpha", np.zeros(lead + (n_outputs,)))
            alpha = np.reshape(alpha, lead + (n_outputs,))
            return coef, alpha - coef @ x_off

        post = result.posterior
        coef, intercept = to_original(post, post["beta"].shape[:2])
        point = None if result.point is None else to_original(result.point, ())
        self.intercept_ = self._keep_draws(coef, intercept, point)
        outputs = ["logit"] if n_outputs == 1 else [str(c) for c in self.classes_]

        def log_likelihood():
            log_p = _log_proba(X, coef, intercept)
            labels = np.broadcast_to(codes[:, None], log_p.shape[:-1] + (1,))
            return np.take_along_axis(log_p, labels, axis=-1)[..., 0]

        def predictive():
            rng = np.random.default_rng(int_seed(self.random_state))
            proba = np.exp(_log_proba(X, coef, intercept))
            u = rng.random(proba.shape[:-1] + (1,))
            return (u > np.cumsum(proba, axis=-1)).sum(axis=-1)

        self._store_idata(
            {"coef": coef, "intercept": intercept},
            coords={"output": outputs, "feature": self._feature_labels()},
            dims={"coef": ["output", "feature"], "intercept": ["output"]},
            y=codes, loglik_fn=log_likelihood,
            predictive_fn=predictive, sample_stats=result.sample_stats,
        )
        return self

    def _summary_draws(self):
        shape = self._chain_shape
        features = self._feature_labels() + ["intercept"]
        W = np.concatenate([self._coef_draws, self._intercept_draws[..., None]], -1)
        if W.shape[1] == 1:
            draws = {f: W[:, 0, j].reshape(shape) for j, f in enumerate(features)}
            return draws, list(draws)
        import pandas as pd

        draws, index = {}, []
        for k, label in enumerate(self.classes_):
            for j, f in enumerate(features):
                draws[(label, f)] = W[:, k, j].reshape(shape)
                index.append((label, f))
        return draws, pd.MultiIndex.from_tuples(index, names=["class", "feature"])

    def _proba_stats(self, X, stats):
        """``stats(draws)`` of the class probabilities of every posterior draw
        (``(draws, rows, classes)``), computed a chunk of rows at a time."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        W, b = self._coef_draws, self._intercept_draws
        chunk = max(1, 2_000_000 // (len(W) * W.shape[1]))
        parts = [
            stats(np.exp(_log_proba(X[start : start + chunk], W, b)))
            for start in range(0, len(X), chunk)
        ]
        return [np.concatenate(p, axis=0) for p in zip(*parts)]

    def predict_proba(self, X, return_std=False):
        """Class probabilities averaged over the posterior draws.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.
        return_std : bool, default=False
            Also return the posterior standard deviation of each probability.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Posterior predictive class probabilities.
        proba_std : ndarray of shape (n_samples, n_classes)
            Their posterior standard deviation; only if ``return_std``.
        """
        mean, std = self._proba_stats(
            X, lambda p: (p.mean(axis=0), p.std(axis=0))
        )
        return (mean, std) if return_std else mean

    def predict_proba_interval(self, X, level=0.95):
        """Equal-tailed credible interval of each class probability.

        The interval holds ``level`` of the posterior of the probability
        itself (the uncertainty about the weights); the analogue of the
        regressor's :meth:`BayesianLinearRegression.predict_interval`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.
        level : float, default=0.95
            Posterior mass inside the interval.

        Returns
        -------
        lower, upper : ndarray of shape (n_samples, n_classes)
            Interval bounds.
        """
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        q = [(1 - level) / 2, (1 + level) / 2]
        lo, hi = self._proba_stats(X, lambda p: tuple(np.quantile(p, q, axis=0)))
        return lo, hi

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        log_proba : ndarray of shape (n_samples, n_classes)
            Log class probabilities.
        """
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """Most probable class under the posterior predictive.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predicted labels.
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]
