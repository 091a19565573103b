"""The built-in least-squares solver plugins (the protocol is in
:mod:`._solver_base`, the ``"auto"`` policy in :mod:`._auto`).

Direct solvers (``cholesky``, ``qr``, ``svd``, ``lstsq``) factor the centred,
weighted design or its Gram matrix; iterative ones (``cg``, ``lsqr``,
``lsmr``) only multiply by it, so they take sparse matrices and
:class:`~skmath.linear_model.CenteredOperator` without densifying.
"""

from __future__ import annotations

import warnings
from contextlib import nullcontext

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
from scipy.sparse.linalg import LinearOperator

from ._linalg import (
    EPS,
    MAX_EXTENDED_SIZE,
    augment_ridge,
    cholesky_lower,
    cholesky_solve,
    extended_residual,
    gram_matrix,
    inv_from_cholesky,
    is_sparse_like,
    rmatmat,
    single_threaded_blas,
    triangular_solve,
)
from ._solver_base import Solver, SolverFailedError, SolverResult

__all__ = [
    "GRAM_COND_LIMIT",
    "CGSolver",
    "CholeskySolver",
    "LSMRSolver",
    "LSQRSolver",
    "LstsqSolver",
    "QRSolver",
    "SVDSolver",
    "NonNegativeSolver",
    "moment_cholesky",
]

# above this estimated condition number of the column-scaled Gram matrix the
# normal equations lose more than ~6 of the 16 digits: the one-pass path and
# "auto" switch to a careful solver
GRAM_COND_LIMIT = 1e6


class CholeskySolver(Solver):
    """Normal equations solved by a Cholesky factorization (fastest, dense).

    The Gram matrix is column-scaled to unit diagonal before the
    factorization; a matrix that is not numerically positive definite raises
    :class:`SolverFailedError` and the estimator falls back to ``"svd"``.
    """

    name = "cholesky"
    supports_sparse = True
    uses_gram = True
    uses_moments = True

    def solve(self, A, Y, *, alpha=0.0):
        return self.solve_gram(gram_matrix(A), rmatmat(A, Y), alpha=alpha)

    def solve_gram(self, gram, AtY, *, alpha=0.0):
        with single_threaded_blas():
            return self._solve_gram(gram, AtY, alpha)

    def solve_moments(self, gram, AtY, *, amplification=1.0, alpha=0.0):
        result = moment_cholesky(gram, AtY, amplification, alpha)
        if result is not None:
            result.reason = (
                "requested solver='cholesky'; " + result.extra["moment_reason"]
            )
        return result

    def _solve_gram(self, gram, AtY, alpha):
        G = gram + alpha * np.eye(gram.shape[0]) if alpha else gram
        d = np.sqrt(np.diag(G).copy())
        d[d == 0] = 1.0
        Gs = G / d[:, None] / d[None, :]
        try:
            L = cholesky_lower(Gs)
        except np.linalg.LinAlgError as exc:
            raise SolverFailedError(
                f"Gram matrix is not positive definite ({exc})"
            ) from None
        rcond, _ = sla.lapack.dpocon(L.T.copy(), np.linalg.norm(Gs, 1), uplo="U")
        if rcond < gram.shape[0] * EPS:
            raise SolverFailedError(
                f"Gram matrix is numerically singular (rcond {rcond:.1e})"
            )
        Z = cholesky_solve(L, AtY / d[:, None])
        inv = inv_from_cholesky(L) / d[:, None] / d[None, :]
        return SolverResult(
            coef=Z / d[:, None],
            inv_gram=inv,
            rank=gram.shape[0],
            condition_number=float(np.sqrt(1.0 / rcond)) if rcond > 0 else np.inf,
            extra={"gram_rcond": float(rcond)},
        )


def moment_cholesky(gram, AtY, amplification, alpha):
    """Cholesky on a mean-corrected Gram matrix when the digits lost stay small.

    Declines (``None``) when the Gram matrix is not positive definite or when
    ``condition * amplification`` (about the relative error ``/ eps`` of the
    coefficients) exceeds the limit ``"auto"`` allows the normal equations.
    """
    if not np.isfinite(amplification) or amplification > GRAM_COND_LIMIT:
        return None
    try:
        result = CholeskySolver().solve_gram(gram, AtY, alpha=alpha)
    except SolverFailedError:
        return None
    cond = 1.0 / result.extra["gram_rcond"]
    if cond * amplification > GRAM_COND_LIMIT:
        return None
    result.extra["moment_reason"] = (
        f"one pass over the uncentred X (Gram matrix with mean correction, "
        f"mean/std amplification {amplification:.2g}; scaled Gram condition "
        f"~{cond:.1e}, product <= {GRAM_COND_LIMIT:.0e})"
    )
    return result


class QRSolver(Solver):
    """Householder QR with column scaling and iterative refinement.

    Columns are scaled to unit norm, ``A = Q R`` (LAPACK ``geqp3`` with
    column pivoting to detect the rank), then ``refine`` steps of Björck's
    iterative refinement of the augmented system ``r + A x = y, A^T r = 0``
    with residuals accumulated in extended precision (for problems up to
    2e6 entries; larger ones refine in float64).  When ``A`` and ``Y``
    arrive in ``np.longdouble`` (the estimator centres small dense data in
    extended precision), the refinement converges to the solution of that
    more exact problem.  Rank-deficient problems raise
    :class:`SolverFailedError` (fallback: ``"svd"``, the minimum-norm
    solution).

    Parameters
    ----------
    refine : int, default=3
        Iterative-refinement steps.
    """

    name = "qr"
    extended_precision = True

    def __init__(self, refine=3):
        self.refine = refine

    def solve(self, A, Y, *, alpha=0.0):
        A_ext, Y_ext = augment_ridge(np.asarray(A), np.asarray(Y), alpha)
        A = A_ext.astype(np.float64)
        Y = Y_ext.astype(np.float64)
        n, p = A.shape
        d = np.linalg.norm(A, axis=0)
        d[d == 0] = 1.0
        As = A / d
        Q, R, perm = sla.qr(As, mode="economic", pivoting=True, check_finite=False)
        diag = np.abs(np.diag(R))
        tol = max(n, p) * EPS * (diag[0] if diag.size else 0.0)
        rank = int(np.sum(diag > tol))
        if rank < p:
            raise SolverFailedError(f"X is rank-deficient (rank {rank} < {p})")
        inv_perm = np.argsort(perm)
        Rp = R[:, inv_perm]  # As = Q @ Rp

        Z = triangular_solve(R, Q.T @ Y)[inv_perm]
        # extended precision costs memory and time (no BLAS): small data only
        ld = np.longdouble if A.size <= MAX_EXTENDED_SIZE else np.float64
        As_ext = A_ext.astype(ld) / d.astype(ld)
        Y_ext = Y_ext.astype(ld)
        r = (Y_ext - As_ext @ Z.astype(ld)).astype(np.float64)
        rate = previous = None
        for _ in range(int(self.refine)):
            # Björck: residuals of r + As z = y and As^T r = 0, in extended precision
            f = (Y_ext - r.astype(ld) - As_ext @ Z.astype(ld)).astype(np.float64)
            g = (-(As_ext.T @ r.astype(ld))).astype(np.float64)
            u = triangular_solve(R, g[perm], trans="T")
            Qtf = Q.T @ f
            step = triangular_solve(R, Qtf - u)[inv_perm]
            Z = Z + step
            r = r + Q @ u + f - Q @ Qtf
            # refinement contracts the error by about a constant factor per
            # step (first estimate: the relative size of the first correction);
            # stop once the next correction would be below rounding: further
            # steps change nothing but cost time (their residuals are tiny,
            # and extended-precision arithmetic on subnormal numbers is slow)
            size = float(np.max(np.abs(step), initial=0.0))
            scale = float(np.max(np.abs(Z), initial=0.0))
            if not size or not scale:
                break
            rate = size / scale if rate is None else min(size / previous, 1.0)
            previous = size
            if size * rate <= EPS * scale:
                break
        Rinv = triangular_solve(R, np.eye(p))
        with single_threaded_blas():
            inv_s = (Rinv @ Rinv.T)[np.ix_(inv_perm, inv_perm)]
            inv = inv_s / d[:, None] / d[None, :]
            sv = np.linalg.svd(Rp * d, compute_uv=False)
        return SolverResult(
            coef=Z / d[:, None],
            inv_gram=inv,
            rank=rank,
            condition_number=float(sv[0] / sv[-1]),
        )


class SVDSolver(Solver):
    """Singular value decomposition; the minimum-norm solution (dense).

    Small problems get one step of iterative refinement with the residual
    accumulated in extended precision.

    Parameters
    ----------
    rcond : float or None, default=None
        Singular values below ``rcond * s_max`` count as zero; ``None`` uses
        ``max(n_samples, n_features) * eps``.
    """

    name = "svd"
    minimum_norm = True

    def __init__(self, rcond=None):
        self.rcond = rcond

    def solve(self, A, Y, *, alpha=0.0):
        A = np.asarray(A)
        U, s, Vt = sla.svd(A, full_matrices=False, check_finite=False)
        rcond = self.rcond if self.rcond is not None else max(A.shape) * EPS
        keep = s > rcond * (s[0] if s.size else 0.0)
        sk = s[keep]
        filt = sk / (sk**2 + alpha)
        UtY = U[:, keep].T @ Y
        V = Vt[keep].T
        coef = V @ (filt[:, None] * UtY)
        if not alpha and A.size <= MAX_EXTENDED_SIZE:
            # one refinement step, residual in extended precision
            R = extended_residual(A, coef, Y)
            coef = coef + V @ (filt[:, None] * (U[:, keep].T @ R))
        inv = (V / (sk**2 + alpha)) @ V.T
        rank = int(keep.sum())
        cond = float(s[0] / s[-1]) if s.size and s[-1] > 0 else np.inf
        return SolverResult(
            coef=coef, inv_gram=inv, rank=rank, singular_values=s, condition_number=cond
        )


class LstsqSolver(Solver):
    """LAPACK ``gelsd`` (divide-and-conquer SVD) via :func:`scipy.linalg.lstsq`.

    Parameters
    ----------
    rcond : float or None, default=None
        Cut-off for small singular values (``None``: ``max(n, p) * eps``).
    """

    name = "lstsq"
    minimum_norm = True

    def __init__(self, rcond=None):
        self.rcond = rcond

    def solve(self, A, Y, *, alpha=0.0):
        A, Y = augment_ridge(np.asarray(A), Y, alpha)
        rcond = self.rcond if self.rcond is not None else max(A.shape) * EPS
        coef, _, rank, s = sla.lstsq(
            A, Y, cond=rcond, lapack_driver="gelsd", check_finite=False
        )
        # covariance from the SVD of the (small) R factor of A
        keep = s > rcond * (s[0] if s.size else 0.0)
        R = sla.qr(A, mode="r", check_finite=False)[0][: A.shape[1]]
        _, sr, Vt = sla.svd(R, full_matrices=False, check_finite=False)
        kr = sr > rcond * (sr[0] if sr.size else 0.0)
        inv = (Vt[kr].T / sr[kr] ** 2) @ Vt[kr]
        cond = float(s[0] / s[-1]) if s.size and s[-1] > 0 else np.inf
        return SolverResult(
            coef=coef,
            inv_gram=inv,
            rank=int(min(rank, keep.sum())),
            singular_values=s,
            condition_number=cond,
        )


class _IterativeSolver(Solver):
    supports_sparse = True
    iterative = True

    def __init__(self, tol=1e-10, max_iter=None):
        self.tol = tol
        self.max_iter = max_iter

    def _solve_column(self, A, y, alpha):
        raise NotImplementedError

    def _cap(self, A):
        return self.max_iter if self.max_iter is not None else 10 * max(A.shape[1], 10)

    def solve(self, A, Y, *, alpha=0.0):
        if not (sp.issparse(A) or isinstance(A, LinearOperator)):
            A = np.asarray(A)
        # sparse products do not use BLAS; its threads would only wake up for
        # the vector updates of each iteration (memory-bound, slower threaded)
        with single_threaded_blas() if is_sparse_like(A) else nullcontext():
            return self._solve_columns(A, Y, alpha)

    def _solve_columns(self, A, Y, alpha):
        coef = np.empty((A.shape[1], Y.shape[1]))
        n_iter = np.empty(Y.shape[1], dtype=np.int64)
        for k in range(Y.shape[1]):
            coef[:, k], n_iter[k], converged = self._solve_column(A, Y[:, k], alpha)
            if not converged:
                warnings.warn(
                    f"{self.name} did not converge in {n_iter[k]} iterations "
                    f"(tol={self.tol}); increase max_iter or use solver='qr'",
                    RuntimeWarning,
                    stacklevel=4,
                )
        return SolverResult(coef=coef, n_iter=n_iter)


class CGSolver(_IterativeSolver):
    """Conjugate gradient on the normal equations ``(A^T A + alpha I) b = A^T y``.

    Matrix-free: works on sparse matrices and operators.

    Parameters
    ----------
    tol : float, default=1e-10
        Relative residual tolerance of the normal equations.
    max_iter : int or None, default=None
        Iteration cap (``None``: ``10 * n_features``).
    """

    name = "cg"

    def _solve_column(self, A, y, alpha):
        from scipy.sparse.linalg import cg

        p = A.shape[1]
        if isinstance(A, LinearOperator):
            normal = LinearOperator(
                (p, p), matvec=lambda v: A.rmatvec(A.matvec(v)) + alpha * v,
                dtype=np.float64,
            )
            rhs = A.rmatvec(y)
        else:
            normal = LinearOperator(
                (p, p), matvec=lambda v: A.T @ (A @ v) + alpha * v, dtype=np.float64
            )
            rhs = np.asarray(A.T @ y).ravel()
        count = [0]

        def callback(_):
            count[0] += 1

        x, info = cg(normal, rhs, rtol=self.tol, atol=0.0, maxiter=self._cap(A),
                     callback=callback)
        return x, count[0], info == 0


class LSQRSolver(_IterativeSolver):
    """SciPy's LSQR (Paige & Saunders): Golub-Kahan bidiagonalization.

    Parameters
    ----------
    tol : float, default=1e-10
        ``atol`` and ``btol`` of :func:`scipy.sparse.linalg.lsqr`.
    max_iter : int or None, default=None
        Iteration cap (``None``: ``10 * n_features``).
    """

    name = "lsqr"

    def _solve_column(self, A, y, alpha):
        from scipy.sparse.linalg import lsqr

        out = lsqr(A, y, damp=np.sqrt(alpha), atol=self.tol, btol=self.tol,
                   conlim=1e12, iter_lim=self._cap(A))
        return out[0], out[2], out[1] in (0, 1, 2, 4, 5)


class LSMRSolver(_IterativeSolver):
    """SciPy's LSMR (Fong & Saunders): monotone ``||A^T r||``, robust stopping.

    Parameters
    ----------
    tol : float, default=1e-10
        ``atol`` and ``btol`` of :func:`scipy.sparse.linalg.lsmr`.
    max_iter : int or None, default=None
        Iteration cap (``None``: ``10 * n_features``).
    """

    name = "lsmr"

    def _solve_column(self, A, y, alpha):
        from scipy.sparse.linalg import lsmr

        out = lsmr(A, y, damp=np.sqrt(alpha), atol=self.tol, btol=self.tol,
                   conlim=1e12, maxiter=self._cap(A))
        return out[0], out[2], out[1] in (0, 1, 2, 4, 5)


class NonNegativeSolver(Solver):
    """Non-negative least squares (``positive=True``): SciPy's ``nnls``.

    Lawson-Hanson active sets, one target at a time, on the centred and
    weighted design (``alpha > 0``: on the ridge-augmented design).  Dense
    data only.  Standard errors are not defined under the constraint: the
    fit reports NaN for them.  ``LinearRegression(positive=True)`` chooses
    it; ``solver="nnls"`` names it directly.
    """

    name = "nnls"
    constrained = True

    def solve(self, A, Y, *, alpha=0.0):
        from scipy.optimize import nnls

        A, Y = augment_ridge(np.asarray(A, np.float64), np.asarray(Y, np.float64),
                             alpha)
        coef = np.empty((A.shape[1], Y.shape[1]))
        for k in range(Y.shape[1]):
            coef[:, k] = nnls(A, Y[:, k])[0]
        return SolverResult(coef=coef)
