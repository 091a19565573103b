"""Centered kernel alignment (CKA): how similar two representations are.

For representations ``A`` (n x p) and ``B`` (n x q) of the same n inputs,
with Gram matrices ``K`` and ``L`` and centring ``H = I - 11^T/n``,

    CKA(A, B) = <HKH, HLH>_F / (||HKH||_F ||HLH||_F)

(Kornblith et al., 2019).  With linear kernels it is invariant to rotations
and isotropic scaling of either representation but not to arbitrary
invertible maps, which is what makes it useful for comparing layers.
"""

from __future__ import annotations

import warnings

import numpy as np
from sklearn.utils import check_array

__all__ = ["cka", "cka_matrix"]

_KERNELS = ("linear", "rbf")


def _check_options(kernel, sigma, debiased):
    if kernel not in _KERNELS:
        raise ValueError(f"kernel must be one of {_KERNELS}, got {kernel!r}")
    if not (isinstance(sigma, int | float) and np.isfinite(sigma) and sigma > 0):
        raise ValueError(f"sigma must be a positive number, got {sigma!r}")
    if not isinstance(debiased, bool | np.bool_):
        raise TypeError(f"debiased must be a bool, got {debiased!r}")


def _check_representation(A, name, min_samples):
    A = check_array(
        A, dtype=np.float64, input_name=name, ensure_min_samples=min_samples
    )
    return A


def _gram(A, kernel, sigma):
    K = A @ A.T
    if kernel == "linear":
        return K
    sq = np.einsum("ij,ij->i", A, A)
    dist2 = np.maximum(sq[:, None] + sq[None, :] - 2 * K, 0.0)
    median = np.median(dist2)
    if median == 0:
        return np.ones_like(K)
    return np.exp(-dist2 / (2 * sigma**2 * median))


def _center(K, debiased):
    """Doubly centred Gram matrix (U-centred when ``debiased``)."""
    n = K.shape[0]
    if not debiased:
        row = K.mean(axis=0)
        return K - row[:, None] - row[None, :] + row.mean()
    # U-centring (Song et al., 2012): zero diagonal, means over n - 2
    K = K.copy()
    np.fill_diagonal(K, 0.0)
    row = K.sum(axis=0) / (n - 2)
    total = K.sum() / ((n - 1) * (n - 2))
    Kc = K - row[:, None] - row[None, :] + total
    np.fill_diagonal(Kc, 0.0)
    return Kc


def _alignment(Kc, Lc, norm_k, norm_l):
    den = norm_k * norm_l
    if den <= 0:
        warnings.warn(
            "a representation is constant over the samples: CKA is undefined",
            RuntimeWarning,
            stacklevel=3,
        )
        return np.nan
    return float(np.vdot(Kc, Lc) / den)


def _centred_grams(reps, kernel, sigma, debiased):
    min_samples = 4 if debiased else 2
    out = []
    for i, A in enumerate(reps):
        A = _check_representation(A, f"representation {i}", min_samples)
        Kc = _center(_gram(A, kernel, sigma), debiased)
        out.append((Kc, np.sqrt(max(np.vdot(Kc, Kc), 0.0)), A.shape[0]))
    return out


def cka(A, B, *, kernel="linear", sigma=1.0, debiased=False):
    """Centered kernel alignment between two representations of the same inputs.

    Parameters
    ----------
    A : array-like of shape (n_samples, n_features_a)
        First representation (e.g. a layer's activations), one row per input.
    B : array-like of shape (n_samples, n_features_b)
        Second representation of the same inputs, in the same order.
    kernel : {"linear", "rbf"}, default="linear"
        Gram matrix of each representation.  ``"rbf"`` uses
        ``exp(-|a - a'|^2 / (2 sigma^2 m))`` with ``m`` the median squared
        distance between the rows.
    sigma : float, default=1.0
        RBF bandwidth as a fraction of the median distance.
    debiased : bool, default=False
        Use the unbiased HSIC estimator (U-centred Gram matrices); removes
        the upward bias of CKA for few samples and many features.  Needs at
        least 4 samples and can be slightly negative.

    Returns
    -------
    float
        1 for representations equal up to rotation and isotropic scaling
        (linear kernel); near 0 for unrelated ones.

    Examples
    --------
    >>> import numpy as np
    >>> from skmath.theory import cka
    >>> rng = np.random.RandomState(0)
    >>> A = rng.randn(100, 5)
    >>> Q, _ = np.linalg.qr(rng.randn(5, 5))
    >>> round(cka(A, 3 * A @ Q), 6)
    1.0
    >>> cka(A, rng.randn(100, 5), debiased=True) < 0.05
    True
    """
    _check_options(kernel, sigma, debiased)
    min_samples = 4 if debiased else 2
    A = _check_representation(A, "A", min_samples)
    B = _check_representation(B, "B", min_samples)
    if A.shape[0] != B.shape[0]:
        raise ValueError(
            "A and B must describe the same samples: got "
            f"{A.shape[0]} and {B.shape[0]} rows"
        )
    if kernel == "linear" and not debiased and max(A.shape[1], B.shape[1]) < A.shape[0]:
        # feature-space form: O(n p q) instead of O(n^2 (p + q))
        A = A - A.mean(axis=0)
        B = B - B.mean(axis=0)
        cross = np.linalg.norm(A.T @ B) ** 2
        return _alignment(cross, 1.0, np.linalg.norm(A.T @ A), np.linalg.norm(B.T @ B))
    (Kc, nk, _), (Lc, nl, _) = _centred_grams([A, B], kernel, sigma, debiased)
    return _alignment(Kc, Lc, nk, nl)


def cka_matrix(
    representations, others=None, *, kernel="linear", sigma=1.0, debiased=False
):
    """CKA between every pair of representations (e.g. all layers of two nets).

    Each Gram matrix is computed and centred once.

    Parameters
    ----------
    representations : list of array-like of shape (n_samples, n_features_i)
        Representations of the same inputs (rows) with any widths.
    others : list of array-like, default=None
        Second list; ``None`` compares ``representations`` with themselves.
    kernel : {"linear", "rbf"}, default="linear"
        See :func:`cka`.
    sigma : float, default=1.0
        See :func:`cka`.
    debiased : bool, default=False
        See :func:`cka`.

    Returns
    -------
    ndarray of shape (len(representations), len(others))
        ``out[i, j] = cka(representations[i], others[j])``.

    Examples
    --------
    >>> import numpy as np
    >>> from skmath.theory import cka_matrix
    >>> rng = np.random.RandomState(0)
    >>> A = rng.randn(50, 4)
    >>> np.round(cka_matrix([A, 2 * A, A ** 2]), 2)
    array([[1.  , 1.  , 0.09],
           [1.  , 1.  , 0.09],
           [0.09, 0.09, 1.  ]])
    """
    _check_options(kernel, sigma, debiased)
    left = _centred_grams(list(representations), kernel, sigma, debiased)
    right = (
        left
        if others is None
        else _centred_grams(list(others), kernel, sigma, debiased)
    )
    sizes = {n for _, _, n in left} | {n for _, _, n in right}
    if len(sizes) > 1:
        raise ValueError(
            "all representations must have the same number of samples, got "
            f"{sorted(sizes)}"
        )
    out = np.empty((len(left), len(right)))
    for i, (Kc, nk, _) in enumerate(left):
        for j, (Lc, nl, _) in enumerate(right):
            out[i, j] = _alignment(Kc, Lc, nk, nl)
    return out
