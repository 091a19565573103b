"""Bayesian logistic regression (binary and multinomial) with PyMC."""

from __future__ import annotations

import numpy as np
from sklearn.base import ClassifierMixin, _fit_context
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted

from ..utils._validation import check_at_least_two_classes, validate_data
from ._base import _BayesianGLM, _standardise

__all__ = ["BayesianLogisticRegression"]


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
    def fit(self, X, y):
        """Approximate the posterior of the weights given ``X`` and labels ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data.
        y : array-like of shape (n_samples,)
            Class labels of any type (at least two classes).

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
        n_outputs = 1 if n_classes == 2 else n_classes
        x_off, x_scale = _standardise(X, self.fit_intercept)
        Xs = (X - x_off) / x_scale
        result = self._run(Xs, codes.astype(np.int64), n_outputs=n_outputs)

        post = result.posterior
        beta = post["beta"]
        if n_outputs == 1:
            beta = beta[..., None]
        # (chains, draws, n_features, k) -> (chains, draws, k, n_features)
        coef = np.swapaxes(beta, -1, -2) / x_scale
        alpha = post.get("alpha", np.zeros(coef.shape[:3]))
        alpha = alpha.reshape(coef.shape[:3])
        intercept = alpha - coef @ x_off
        self.idata_ = self._make_idata(
            {"coef": coef, "intercept": intercept},
            result.sample_stats,
            dims={"coef": ["output", "feature"], "intercept": ["output"]},
        )
        self._keep_draws(coef, intercept)
        self.intercept_ = self._intercept_draws.mean(axis=0)
        return self

    def predict_proba(self, X):
        """Class probabilities averaged over the posterior draws.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Samples.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Posterior predictive class probabilities.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        W, b = self._coef_draws, self._intercept_draws
        out = np.empty((len(X), len(self.classes_)))
        chunk = max(1, 2_000_000 // (len(W) * W.shape[1]))
        for start in range(0, len(X), chunk):
            # (draws, rows, k) logits
            logits = np.einsum("rf,dkf->drk", X[start : start + chunk], W)
            logits += b[:, None, :]
            if W.shape[1] == 1:
                p1 = 0.5 * (1.0 + np.tanh(0.5 * logits[..., 0]))
                proba = np.stack([1.0 - p1, p1], axis=-1)
            else:
                logits -= logits.max(axis=-1, keepdims=True)
                proba = np.exp(logits)
                proba /= proba.sum(axis=-1, keepdims=True)
            out[start : start + chunk] = proba.mean(axis=0)
        return out

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
