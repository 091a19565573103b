"""Numerical building blocks of least squares: Gram matrices, QR, triangular solves.

Plain functions on arrays, shared by the data reductions
(:mod:`._reduce`, :mod:`._dask`), the solvers (:mod:`._solvers`,
:mod:`._auto`) and the statistics; nothing here knows about estimators or
plugins.
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
from scipy.sparse.linalg import LinearOperator

__all__ = [
    "EPS",
    "MAX_EXTENDED_SIZE",
    "CenteredOperator",
    "augment_ridge",
    "SMALL_SOLVE_FLOPS",
    "augmented_gram",
    "blas_threads_for",
    "cholesky_lower",
    "cholesky_solve",
    "extended_residual",
    "gram_matrix",
    "gram_root",
    "inv_from_cholesky",
    "is_sparse_like",
    "moment_rss",
    "qr_r",
    "rmatmat",
    "single_threaded_blas",
    "triangular_solve",
    "weighted_mean",
]

EPS = np.finfo(np.float64).eps
# extended-precision centring and residuals only for problems up to this many
# entries (np.longdouble has no BLAS: time and memory grow fast)
MAX_EXTENDED_SIZE = 2_000_000


class CenteredOperator(LinearOperator):
    """``diag(s) (X - 1 m^T)`` as a linear operator: sparse X centred lazily.

    Parameters
    ----------
    X : sparse matrix of shape (n_samples, n_features)
    offset : ndarray of shape (n_features,)
        Column means subtracted from every row.
    scale : ndarray of shape (n_samples,) or None
        Row scaling (square roots of the sample weights).
    """

    def __init__(self, X, offset, scale=None):
        self.X = X
        self.offset = np.asarray(offset, dtype=np.float64)
        self.scale = (
            np.ones(X.shape[0]) if scale is None else np.asarray(scale, np.float64)
        )
        self._XS = sp.diags(self.scale) @ X if scale is not None else X
        self._XS_T = self._XS.T  # built once: each LSMR step multiplies by it
        super().__init__(dtype=np.float64, shape=X.shape)

    def _matvec(self, v):
        v = np.ravel(v)
        return self._XS @ v - self.scale * (self.offset @ v)

    def _matmat(self, V):
        return self._XS @ V - np.outer(self.scale, self.offset @ V)

    def _rmatvec(self, u):
        u = np.ravel(u)
        return self._XS_T @ u - self.offset * (self.scale @ u)

    def _rmatmat(self, U):
        return self._XS_T @ U - np.outer(self.offset, self.scale @ U)

    def gram(self):
        """Dense ``A^T A`` without densifying ``X``."""
        G = self._XS.T @ self._XS
        G = G.toarray() if sp.issparse(G) else np.asarray(G)
        xs = self._XS.T @ self.scale
        ss = self.scale @ self.scale
        mo = np.outer(self.offset, xs)
        return G - mo - mo.T + ss * np.outer(self.offset, self.offset)


_CONTROLLER = []
_LIMITED = [0]  # depth of nested single_threaded_blas blocks


@contextmanager
def single_threaded_blas():
    """Context limiting BLAS to one thread, for small (p x p) operations.

    Multi-threaded OpenBLAS spends milliseconds waking threads for a small
    triangular solve (100x slower than one thread on a busy machine), so
    every ``O(p^3)`` step after the ``O(n p^2)`` reduction runs in one thread.
    Nested blocks cost nothing: only the outermost one sets and restores the
    limit (each costs ~15 us, a tenth of a small fit).
    """
    if _LIMITED[0]:
        yield
        return
    if not _CONTROLLER:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER.append(ThreadpoolController())
    limiter = _CONTROLLER[0].limit(limits=1, user_api="blas")
    _LIMITED[0] += 1
    try:
        yield
    finally:
        _LIMITED[0] -= 1
        limiter.restore_original_limits()


# below this many flops (n p^2) a whole solve runs on one BLAS thread: it ends
# before a second thread would wake up (a QR of 2000 x 8 took 57 ms with
# OpenBLAS's threads on a busy 2-core machine, under 1 ms on one)
SMALL_SOLVE_FLOPS = 10_000_000


def blas_threads_for(A):
    """One BLAS thread for a small dense problem ``A``, the default otherwise."""
    n, p = A.shape
    if not is_sparse_like(A) and n * p * p <= SMALL_SOLVE_FLOPS:
        return single_threaded_blas()
    return nullcontext()


def triangular_solve(R, B, **kwargs):
    """:func:`scipy.linalg.solve_triangular` on one BLAS thread."""
    with single_threaded_blas():
        return sla.solve_triangular(R, B, check_finite=False, **kwargs)


def is_sparse_like(A):
    """A SciPy sparse matrix or a linear operator (never densified by default)."""
    return sp.issparse(A) or isinstance(A, LinearOperator)


def gram_matrix(A):
    """``A^T A`` as a dense array for any supported ``A``."""
    if isinstance(A, CenteredOperator):
        return A.gram()
    if sp.issparse(A):
        return np.asarray((A.T @ A).toarray())
    if isinstance(A, LinearOperator):
        return A.rmatmat(A.matmat(np.eye(A.shape[1])))
    if A.dtype == np.float64 and A.shape[0] >= 1:
        # BLAS syrk computes one triangle: half the flops of A.T @ A
        At = A.T if A.flags.c_contiguous else np.asfortranarray(A).T
        G = sla.blas.dsyrk(1.0, At, trans=0, lower=0)
        return np.triu(G) + np.triu(G, 1).T
    return A.T @ A


def augmented_gram(X, Y, intercept=True, block_entries=2**21):
    """``Z^T Z`` of ``Z = [X, 1, Y]`` (``[X, Y]`` without intercept) in one pass.

    ``Z`` is never formed: for each cache-sized row block of ``X`` (about
    ``block_entries`` entries) NumPy computes ``X_b^T X_b`` (BLAS ``syrk``,
    one triangle, half the flops of a general product) and ``X_b^T [1, Y_b]``
    while the block is still in cache, so a single read of ``X`` gives its
    Gram matrix, its column sums and ``X^T Y``; the small ``[1, Y]`` part is
    one more product.  Returns the full symmetric matrix.
    """
    n, p = X.shape
    W = np.empty((n, Y.shape[1] + int(bool(intercept))))
    if intercept:
        W[:, 0] = 1.0
    W[:, int(bool(intercept)):] = Y
    # a row block of a Fortran-ordered X is strided: one block then
    bs = max(256, block_entries // max(p, 1)) if X.flags.c_contiguous else n
    G = np.zeros((p, p))
    C = np.zeros((p, W.shape[1]))
    for start in range(0, n, bs):
        Xb = X[start:start + bs]
        G += Xb.T @ Xb  # NumPy recognizes A^T A and calls syrk
        C += Xb.T @ W[start:start + bs]
    return np.block([[G, C], [C.T, W.T @ W]])


def rmatmat(A, Y):
    """``A^T Y`` as a dense array for any supported ``A``."""
    if isinstance(A, LinearOperator):
        return A.rmatmat(Y)
    out = A.T @ Y
    return np.asarray(out)


def gram_root(gram, AtY):
    """A small ``(A, Y)`` with ``A^T A = gram`` and ``A^T Y = AtY``.

    From the symmetric square root of the positive semi-definite ``gram``;
    eigenvalues below ``max * size * eps`` (and negative rounding noise) are
    dropped.
    """
    w, V = np.linalg.eigh(gram)
    keep = w > w.max(initial=0.0) * gram.shape[0] * EPS
    root = np.sqrt(w[keep])
    return root[:, None] * V[:, keep].T, (V[:, keep].T @ AtY) / root[:, None]


def cholesky_lower(G):
    """Lower Cholesky factor of ``G`` (LAPACK ``potrf``, as
    :func:`scipy.linalg.cholesky` calls it, without its per-call checks: a
    small fit spends more time in those than in the factorization)."""
    if G.size == 0:
        return sla.cholesky(G, lower=True, check_finite=False)
    L, info = sla.lapack.dpotrf(G, lower=1, clean=1)
    if info > 0:
        raise np.linalg.LinAlgError(
            f"{info}-th leading minor of the array is not positive definite"
        )
    return L


def cholesky_solve(L, B):
    """Solve ``L L^T X = B`` (LAPACK ``potrs``, as :func:`scipy.linalg.cho_solve`)."""
    if L.size == 0:
        return sla.cho_solve((L, True), B, check_finite=False)
    X, info = sla.lapack.dpotrs(L, B, lower=1)
    if info != 0:
        raise ValueError(f"potrs failed (info {info})")
    return X


def inv_from_cholesky(L, lower=True):
    """``(L L^T)^{-1}`` from a Cholesky factor."""
    if L.size and L.dtype == np.float64 and L.flags.f_contiguous:
        # LAPACK trtrs, as scipy.linalg.solve_triangular calls it
        Linv, info = sla.lapack.dtrtrs(L, np.eye(L.shape[0]), lower=int(lower))
        if info != 0:
            raise np.linalg.LinAlgError(f"singular triangular factor (info {info})")
    else:
        Linv = triangular_solve(L, np.eye(L.shape[0]), lower=lower)
    return Linv.T @ Linv if lower else Linv @ Linv.T


def augment_ridge(A, Y, alpha):
    """``[A; sqrt(alpha) I]`` and ``[Y; 0]``: ridge as plain least squares."""
    if not alpha:
        return A, Y
    p = A.shape[1]
    return (
        np.vstack([A, np.sqrt(alpha) * np.eye(p)]),
        np.vstack([Y, np.zeros((p, Y.shape[1]))]),
    )


def extended_residual(A, B, Y):
    """``Y - A B`` with the products accumulated in extended precision."""
    ld = np.longdouble
    return (Y.astype(ld) - A.astype(ld) @ B.astype(ld)).astype(np.float64)


def qr_r(M):
    """Upper-triangular R of ``M`` (square, padded with zeros if short)."""
    k = M.shape[1]
    R = sla.qr(M, mode="r", check_finite=False)[0][:k]
    if R.shape[0] < k:
        R = np.vstack([R, np.zeros((k - R.shape[0], k))])
    return R


def weighted_mean(X, w):
    """Column means of ``X`` (dense or sparse) with row weights ``w``."""
    if sp.issparse(X):
        return np.asarray(X.T @ w).ravel() / w.sum()
    return (w @ X) / w.sum()


def moment_rss(yty, B, XtY, G):
    """Residual sums of squares of ``B`` per target from the moments
    ``y^T y`` (diagonal), ``X^T Y`` and ``G = X^T X``."""
    return yty - 2 * np.einsum("ij,ij->j", B, XtY) + np.einsum("ij,ij->j", B, G @ B)
