"""Mean prediction of an infinitely wide network trained to convergence."""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from scipy import linalg
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ..plugins import resolve
from ..utils._validation import check_numeric_target, validate_data
from ._activations import Activation
from ._kernels import NNGPKernel, NTKKernel

__all__ = ["InfiniteWidthRegressor"]

_KERNELS = {"ntk": NTKKernel, "nngp": NNGPKernel}


class InfiniteWidthRegressor(RegressorMixin, BaseEstimator):
    """An infinitely wide network trained by gradient descent, in closed form.

    A fully-connected network with ``depth`` hidden layers, trained by
    gradient flow on the squared loss to convergence, predicts on average
    (over random initialisations, as the width goes to infinity)
    ``Theta(x, X) Theta(X, X)^-1 y`` with ``Theta`` the neural tangent kernel
    (Jacot et al., 2018; Lee et al., 2019).  With ``kernel="nngp"`` it is
    instead the posterior mean of the network's Gaussian-process prior
    (training only the last layer, or exact Bayesian inference).

    Parameters
    ----------
    kernel : {"ntk", "nngp"}, default="ntk"
        Which infinite-width kernel the prediction uses.
    depth : int, default=1
        Number of hidden layers.
    activation : str or Activation, default="relu"
        Name of an ``activations`` plugin or an
        :class:`~skmath.theory.Activation` instance.
    weight_std : float, default=1.0
        Weight scale ``sigma_w`` of the NTK parameterisation.
    bias_std : float, default=0.0
        Bias scale ``sigma_b``.
    alpha : float, default=1e-6
        Added to the diagonal of the training kernel matrix: a ridge that
        keeps the solve stable (0 is exact interpolation).
    training_time : float or None, default=None
        Length ``t`` of gradient flow on the loss ``sum((f(X) - y)^2) / 2``
        (gradient descent with step ``eta`` for ``k`` steps is about
        ``t = eta k``).  ``None`` trains to convergence.  For finite ``t``
        the prediction is ``K(x, X) K^-1 (I - exp(-t K)) y`` with
        ``K = K(X, X) + alpha I``, computed from an eigendecomposition.

    Attributes
    ----------
    activation_ : Activation
        The resolved activation plugin.
    kernel_ : NTKKernel or NNGPKernel
        The kernel used, with ``activation_``.
    X_fit_ : ndarray of shape (n_samples, n_features)
        Training inputs (kernel regression predicts through them).
    dual_coef_ : ndarray of shape (n_samples,) or (n_samples, n_targets)
        ``M y`` with ``M = (K(X, X) + alpha I)^-1`` (or its finite-time
        version, see ``training_time``).
    n_features_in_ : int
        Number of features seen during fit.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Names of features seen during fit, when X has string column names.

    See Also
    --------
    NTKKernel : the kernel, for use in scikit-learn's kernel methods.

    Examples
    --------
    >>> import numpy as np
    >>> from skmath.theory import InfiniteWidthRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(40, 3)
    >>> y = np.sin(X[:, 0]) + X[:, 1]
    >>> model = InfiniteWidthRegressor(depth=2, bias_std=0.1).fit(X, y)
    >>> round(model.score(X, y), 6)
    1.0
    """

    _parameter_constraints = {
        "kernel": [StrOptions(set(_KERNELS))],
        "depth": [Interval(Integral, 0, None, closed="left")],
        "activation": [str, Activation, type],
        "weight_std": [Interval(Real, 0, None, closed="neither")],
        "bias_std": [Interval(Real, 0, None, closed="left")],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "training_time": [Interval(Real, 0, None, closed="left"), None],
    }

    def __init__(
        self,
        kernel="ntk",
        depth=1,
        activation="relu",
        weight_std=1.0,
        bias_std=0.0,
        alpha=1e-6,
        training_time=None,
    ):
        self.kernel = kernel
        self.depth = depth
        self.activation = activation
        self.weight_std = weight_std
        self.bias_std = bias_std
        self.alpha = alpha
        self.training_time = training_time

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Solve the kernel system of the trained infinite-width network.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training inputs.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Numeric targets.

        Returns
        -------
        self : InfiniteWidthRegressor
            The fitted regressor.
        """
        check_numeric_target(
            y,
            "InfiniteWidthRegressor is a regressor: y must be numeric, "
            "got values such as {examples}",
        )
        X, y = validate_data(
            self, X, y, dtype=np.float64, y_numeric=True, multi_output=True
        )
        self.activation_ = resolve(
            "activations", self.activation, param="activation", base=Activation
        )
        self.kernel_ = _KERNELS[self.kernel](
            depth=self.depth,
            activation=self.activation_,
            weight_std=self.weight_std,
            bias_std=self.bias_std,
        )
        K = self.kernel_(X)
        K[np.diag_indices_from(K)] += self.alpha
        if self.training_time is None:
            try:
                factor = linalg.cho_factor(K, lower=True, check_finite=True)
            except linalg.LinAlgError:
                raise ValueError(
                    "the training kernel matrix is singular (duplicate or "
                    "all-zero inputs?); increase alpha or set bias_std > 0"
                ) from None
            # M = K^-1, kept for the predictive std
            self._gain = linalg.cho_solve(factor, np.eye(len(K)), check_finite=False)
        else:
            eigenvalues, vectors = linalg.eigh(K)
            eigenvalues = np.maximum(eigenvalues, 0.0)
            t = float(self.training_time)
            # (1 - exp(-t l)) / l, with its limit t at l = 0
            gain = np.where(
                eigenvalues * t > 1e-12,
                -np.expm1(-t * eigenvalues) / np.where(eigenvalues > 0, eigenvalues, 1),
                t,
            )
            # M = K^-1 (I - exp(-t K))
            self._gain = (vectors * gain) @ vectors.T
        self.dual_coef_ = self._gain @ y
        self.X_fit_ = X
        return self

    def predict(self, X, return_std=False):
        """Mean prediction of the trained infinitely wide network.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Inputs.
        return_std : bool, default=False
            Also return the standard deviation of the trained network's
            output over random initialisations (Lee et al., 2019):
            ``Var f(x) = S(x, x) + k M (S(X, X) + alpha I) M k^T
            - 2 k M S(X, x)`` with ``S`` the NNGP kernel, ``k = K(x, X)``
            and ``M`` the matrix with ``dual_coef_ = M y`` (``alpha`` acts
            as observation noise).  With ``kernel="nngp"`` this is the
            Gaussian-process posterior std.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Mean predictions.
        y_std : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Only if ``return_std``; the same for every target.
        """
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        k = self.kernel_(X, self.X_fit_)
        mean = k @ self.dual_coef_
        if not return_std:
            return mean
        prior = NNGPKernel(**self.kernel_.get_params())
        A = k @ self._gain
        prior_train = prior(self.X_fit_)
        # alpha acts as observation-noise variance, as in GaussianProcessRegressor
        prior_train[np.diag_indices_from(prior_train)] += self.alpha
        var = (
            prior.diag(X)
            + np.einsum("ij,ij->i", A @ prior_train, A)
            - 2 * np.einsum("ij,ij->i", A, prior(X, self.X_fit_))
        )
        std = np.sqrt(np.maximum(var, 0.0))
        if mean.ndim == 2:
            std = np.repeat(std[:, None], mean.shape[1], axis=1)
        return mean, std
