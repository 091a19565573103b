"""Infinite-width fully-connected networks as scikit-learn GP kernels.

For a network with ``depth`` hidden layers in the NTK parameterisation
(weights ``N(0, 1)`` scaled by ``weight_std / sqrt(fan_in)``, biases scaled by
``bias_std``), the output at initialisation is a Gaussian process with
covariance ``Sigma`` (the NNGP kernel) and training by gradient flow on the
squared loss is kernel regression with the neural tangent kernel ``Theta``.
Both follow one layer recursion over the per-pair covariance
``[[S11, S12], [S12, S22]]``::

    S^1 = w^2 x.x'/d + b^2,                          Theta^1 = S^1
    S^{l+1} = w^2 E[phi(u) phi(v)] + b^2
    Theta^{l+1} = S^{l+1} + w^2 E[phi'(u) phi'(v)] Theta^l

with ``(u, v) ~ N(0, S^l)``; the two expectations are the activation's
dual (:mod:`skmath.theory._activations`).  Gradients with respect to
``log weight_std`` and ``log bias_std`` are propagated through the same
recursion, so ``GaussianProcessRegressor`` can fit both.
"""

from __future__ import annotations

import numbers

import numpy as np
from sklearn.gaussian_process.kernels import Hyperparameter, Kernel
from sklearn.utils import check_array

from ..plugins import resolve
from ._activations import Activation

__all__ = ["NNGPKernel", "NTKKernel"]

# elements per block of rows in the value recursion (about 1 MB of float64)
_BLOCK_ELEMENTS = 1 << 17

# gradient axis order: sklearn sorts hyperparameters by name
_BIAS, _WEIGHT = 0, 1


def _sq_norms(X):
    """``x.x / d`` per row: the first layer's ``Sigma(x, x)`` before scaling."""
    return np.einsum("ij,ij->i", X, X) / X.shape[1]


def _check_bounds(name, bounds):
    if isinstance(bounds, str):
        if bounds != "fixed":
            raise ValueError(
                f"{name} must be 'fixed' or a pair (low, high), got {bounds!r}"
            )
        return
    arr = np.asarray(bounds, dtype=float)
    if arr.shape != (2,) or not (0 < arr[0] <= arr[1] < np.inf):
        raise ValueError(f"{name} must be a pair 0 < low <= high, got {bounds!r}")


class _InfiniteWidthKernel(Kernel):
    """Shared recursion of :class:`NNGPKernel` and :class:`NTKKernel`."""

    _tangent = False  # True: return Theta (NTK), False: Sigma (NNGP)

    def __init__(
        self,
        depth=1,
        activation="relu",
        weight_std=1.0,
        bias_std=0.0,
        weight_std_bounds=(1e-2, 1e2),
        bias_std_bounds=(1e-5, 1e2),
    ):
        self.depth = depth
        self.activation = activation
        self.weight_std = weight_std
        self.bias_std = bias_std
        self.weight_std_bounds = weight_std_bounds
        self.bias_std_bounds = bias_std_bounds

    # -- hyperparameters -------------------------------------------------
    @property
    def hyperparameter_weight_std(self):
        return Hyperparameter("weight_std", "numeric", self.weight_std_bounds)

    @property
    def hyperparameter_bias_std(self):
        # log-space theta cannot hold 0: a network without biases keeps them off
        bounds = "fixed" if self.bias_std == 0 else self.bias_std_bounds
        return Hyperparameter("bias_std", "numeric", bounds)

    def is_stationary(self):
        """Not stationary: the kernel depends on the inputs' norms."""
        return False

    # -- validation ------------------------------------------------------
    def _validated(self):
        depth = self.depth
        if (
            not isinstance(depth, numbers.Integral)
            or isinstance(depth, bool)
            or depth < 0
        ):
            raise ValueError(f"depth must be an integer >= 0, got {depth!r}")
        for name, positive in (("weight_std", True), ("bias_std", False)):
            value = getattr(self, name)
            if (
                not isinstance(value, numbers.Real)
                or not np.isfinite(value)
                or value < 0
                or (positive and value == 0)
            ):
                relation = "> 0" if positive else ">= 0"
                raise ValueError(
                    f"{name} must be a finite real number {relation}, got {value!r}"
                )
        _check_bounds("weight_std_bounds", self.weight_std_bounds)
        _check_bounds("bias_std_bounds", self.bias_std_bounds)
        activation = resolve(
            "activations", self.activation, param="activation", base=Activation
        )
        W, B = float(self.weight_std) ** 2, float(self.bias_std) ** 2
        return int(depth), activation, W, B

    @staticmethod
    def _check_X(X, name="X"):
        return check_array(X, dtype=np.float64, ensure_min_samples=1, input_name=name)

    # -- evaluation ------------------------------------------------------
    def __call__(self, X, Y=None, eval_gradient=False):
        """Kernel matrix ``k(X, Y)`` and optionally its gradient.

        Parameters
        ----------
        X : ndarray of shape (n_samples_X, n_features)
            Left argument.
        Y : ndarray of shape (n_samples_Y, n_features), default=None
            Right argument; ``None`` means ``Y = X``.
        eval_gradient : bool, default=False
            Also return the gradient with respect to the log of the
            non-fixed hyperparameters (only when ``Y`` is None).

        Returns
        -------
        K : ndarray of shape (n_samples_X, n_samples_Y)
            Kernel matrix.
        K_gradient : ndarray of shape (n_samples_X, n_samples_X, n_dims)
            Only if ``eval_gradient``; the last axis follows ``theta``.
        """
        depth, activation, W, B = self._validated()
        X = self._check_X(X)
        symmetric = Y is None
        if symmetric:
            Y = X
        else:
            if eval_gradient:
                raise ValueError("Gradient can only be evaluated when Y is None.")
            Y = self._check_X(Y, "Y")
            if Y.shape[1] != X.shape[1]:
                raise ValueError(f"X has {X.shape[1]} features but Y has {Y.shape[1]}")
        G = (X @ Y.T) / X.shape[1]
        if not eval_gradient:
            return self._values(G, X, Y, symmetric, W, B, depth, activation)
        K, grad = self._values_and_gradient(G, W, B, depth, activation)
        keep = [
            axis
            for axis, hp in (
                (_BIAS, self.hyperparameter_bias_std),
                (_WEIGHT, self.hyperparameter_weight_std),
            )
            if not hp.fixed
        ]
        return K, grad[..., keep]

    def _values_and_gradient(self, G, W, B, depth, activation):
        """``k(X, X)`` and its derivatives in ``log bias_std``, ``log weight_std``.

        Differentiates the recursion by the chain rule through the
        activation's ``dual_gradient``; ``d(w^2)/d(log w) = 2 w^2``.  The
        derivative axis comes first while recursing (contiguous n x n
        planes) and last in the result, as scikit-learn expects.
        """
        S = W * G + B
        dS = np.empty((2,) + S.shape)
        dS[_WEIGHT] = 2 * W * G
        dS[_BIAS] = 2 * B
        theta, dTheta = S, dS
        for _ in range(depth):
            s_diag = np.diag(S).copy()  # Sigma(x, x) from the same matrix
            ds_diag = np.diagonal(dS, axis1=1, axis2=2)  # (2, n)
            E, Edot, dE, dEdot = activation.dual_gradient(
                s_diag[:, None], s_diag[None, :], S
            )

            def chain(partials, ds_diag=ds_diag, dS=dS):
                out = np.multiply(partials[2], dS)
                for k in range(2):
                    out[k] += partials[0] * ds_diag[k][:, None]
                    out[k] += partials[1] * ds_diag[k][None, :]
                return out

            dS_new = chain(dE)
            dS_new *= W
            dS_new[_WEIGHT] += 2 * W * E
            dS_new[_BIAS] += 2 * B
            S_new = W * E + B
            if self._tangent:
                dTheta_new = chain(dEdot)
                dTheta_new *= theta
                dTheta_new += Edot * dTheta
                dTheta_new *= W
                dTheta_new += dS_new
                dTheta_new[_WEIGHT] += 2 * W * Edot * theta
                theta, dTheta = S_new + W * Edot * theta, dTheta_new
            S, dS = S_new, dS_new
        if self._tangent:
            S, dS = theta, dTheta
        return S, np.ascontiguousarray(np.moveaxis(dS, 0, -1))

    def _diagonal_layers(self, sq_norms, W, B, depth, activation):
        """Per-layer ``Sigma(x, x)`` and ``Theta(x, x)`` (vectors, O(n))."""
        S = W * sq_norms + B
        sigmas, thetas = [S], [S]
        for _ in range(depth):
            E, Edot = activation.dual_diag(S)
            S = W * E + B
            sigmas.append(S)
            thetas.append(S + W * Edot * thetas[-1])
        return sigmas, thetas

    def _values(self, G, X, Y, symmetric, W, B, depth, activation):
        """The kernel matrix without gradient, by blocks of rows.

        Every layer is elementwise given the per-layer diagonals, so the
        whole recursion runs block by block with temporaries that stay in
        cache; on ``k(X, X)`` the diagonal is set from the diagonal
        recursion, which keeps the correlation there exactly 1.
        """
        n, m = G.shape
        if symmetric:
            sig_x, th_x = self._diagonal_layers(
                np.diag(G).copy(), W, B, depth, activation
            )
            sig_y = sig_x
        else:
            sig_x, th_x = self._diagonal_layers(_sq_norms(X), W, B, depth, activation)
            sig_y, _ = self._diagonal_layers(_sq_norms(Y), W, B, depth, activation)
        out = np.empty((n, m))
        block = max(1, _BLOCK_ELEMENTS // max(m, 1))
        for start in range(0, n, block):
            rows = slice(start, min(start + block, n))
            # k(X, X) is symmetric: compute the upper triangle only
            cols = slice(start if symmetric else 0, m)
            S = W * G[rows, cols] + B
            if symmetric:
                diag_at = (np.arange(S.shape[0]), np.arange(S.shape[0]))
                S[diag_at] = sig_x[0][rows]
            theta = S
            for layer in range(depth):
                E, Edot = activation.dual(
                    sig_x[layer][rows, None], sig_y[layer][None, cols], S
                )
                S = W * E + B
                if symmetric:
                    S[diag_at] = sig_x[layer + 1][rows]
                if self._tangent:
                    theta = S + W * Edot * theta
                    if symmetric:
                        theta[diag_at] = th_x[layer + 1][rows]
                else:
                    theta = S
            out[rows, cols] = theta
        if symmetric:
            lower = np.tril_indices(n, -1)
            out[lower] = out.T[lower]
        return out

    def diag(self, X):
        """Diagonal ``k(x, x)`` of the kernel in O(n_samples) memory.

        Parameters
        ----------
        X : ndarray of shape (n_samples, n_features)
            Inputs.

        Returns
        -------
        K_diag : ndarray of shape (n_samples,)
            Equal to ``np.diag(k(X))``.
        """
        depth, activation, W, B = self._validated()
        X = self._check_X(X)
        sigmas, thetas = self._diagonal_layers(_sq_norms(X), W, B, depth, activation)
        return thetas[-1] if self._tangent else sigmas[-1]

    def __repr__(self):
        act = self.activation
        label = act if isinstance(act, str) else getattr(act, "_label", lambda: act)()
        return (
            f"{type(self).__name__}(depth={self.depth}, activation={label!r}, "
            f"weight_std={self.weight_std:.3g}, bias_std={self.bias_std:.3g})"
        )


class NNGPKernel(_InfiniteWidthKernel):
    """NNGP kernel: the output covariance of an infinitely wide random network.

    A fully-connected network with ``depth`` hidden layers of infinite
    width, weights drawn ``N(0, weight_std^2 / fan_in)`` and biases
    ``N(0, bias_std^2)``, is at initialisation a Gaussian process with this
    covariance (Lee et al., 2018).  Use it in
    :class:`~sklearn.gaussian_process.GaussianProcessRegressor` for exact
    Bayesian inference with an infinitely wide network, or as a kernel in
    ``SVC``/``KernelRidge``.

    Parameters
    ----------
    depth : int, default=1
        Number of hidden layers ``L`` (0: the linear kernel ``x.x'/d``).
    activation : str or Activation, default="relu"
        Name of an ``activations`` plugin (built in: ``"relu"``, ``"erf"``)
        or an :class:`~skmath.theory.Activation` instance.
    weight_std : float, default=1.0
        Weight scale ``sigma_w`` (> 0); a hyperparameter.
    bias_std : float, default=0.0
        Bias scale ``sigma_b`` (>= 0); a hyperparameter.  Exactly 0 (no
        biases) is held fixed because ``theta`` lives in log space.
    weight_std_bounds : pair of float or "fixed", default=(1e-2, 1e2)
        Bounds on ``weight_std`` for hyperparameter fitting.
    bias_std_bounds : pair of float or "fixed", default=(1e-5, 1e2)
        Bounds on ``bias_std`` for hyperparameter fitting.

    See Also
    --------
    NTKKernel : the neural tangent kernel of the same network.

    Examples
    --------
    >>> import numpy as np
    >>> from skmath.theory import NNGPKernel
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> kernel = NNGPKernel(depth=2, weight_std=2**0.5)
    >>> kernel
    NNGPKernel(depth=2, activation='relu', weight_std=1.41, bias_std=0)
    >>> np.round(kernel(X), 4)
    array([[1.    , 0.4937, 1.1203],
           [0.4937, 1.    , 1.1203],
           [1.1203, 1.1203, 2.    ]])
    >>> kernel.diag(X)
    array([1., 1., 2.])
    """

    _tangent = False


class NTKKernel(_InfiniteWidthKernel):
    """Neural tangent kernel of an infinitely wide fully-connected network.

    Training such a network by gradient flow on the squared loss is kernel
    regression with this kernel (Jacot et al., 2018): the trained network's
    mean prediction is ``Theta(x, X) Theta(X, X)^-1 y``
    (:class:`~skmath.theory.InfiniteWidthRegressor`).  Same parameters as
    :class:`NNGPKernel`.

    Parameters
    ----------
    depth : int, default=1
        Number of hidden layers ``L`` (0: the linear kernel ``x.x'/d``).
    activation : str or Activation, default="relu"
        Name of an ``activations`` plugin (built in: ``"relu"``, ``"erf"``)
        or an :class:`~skmath.theory.Activation` instance.
    weight_std : float, default=1.0
        Weight scale ``sigma_w`` (> 0); a hyperparameter.
    bias_std : float, default=0.0
        Bias scale ``sigma_b`` (>= 0); a hyperparameter.  Exactly 0 (no
        biases) is held fixed because ``theta`` lives in log space.
    weight_std_bounds : pair of float or "fixed", default=(1e-2, 1e2)
        Bounds on ``weight_std`` for hyperparameter fitting.
    bias_std_bounds : pair of float or "fixed", default=(1e-5, 1e2)
        Bounds on ``bias_std`` for hyperparameter fitting.

    See Also
    --------
    NNGPKernel : the output covariance of the same network at initialisation.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.gaussian_process import GaussianProcessRegressor
    >>> from sklearn.gaussian_process.kernels import ConstantKernel, WhiteKernel
    >>> from skmath.theory import NTKKernel
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> NTKKernel(depth=1, weight_std=2**0.5).diag(X)  # (L + 1) |x|^2 w^2 / (2 d)
    array([2., 2.])
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(30, 3)
    >>> y = np.sin(2 * X[:, 0]) + 0.1 * rng.randn(30)
    >>> kernel = ConstantKernel() * NTKKernel(depth=2, bias_std=0.1) + WhiteKernel()
    >>> gp = GaussianProcessRegressor(kernel, random_state=0).fit(X, y)
    >>> gp.kernel_.k1.k2.depth
    2
    """

    _tangent = True
