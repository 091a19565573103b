"""Least-squares solver plugins for :class:`~skmath.linear_model.LinearRegression`.

Every solver solves the same problem, already centred and weighted by the
estimator:

.. math:: \\min_B \\; \\lVert A B - Y \\rVert_F^2 + \\alpha \\lVert B \\rVert_F^2

where ``A`` is a dense array, a SciPy sparse matrix or a
:class:`CenteredOperator` (sparse data centred without densifying) and ``Y``
is 2-D.  A solver is a :class:`Solver` subclass (a parameter object) with a
``solve(A, Y, *, alpha)`` method returning a :class:`SolverResult`, and
capability flags the estimator reads for its tags and its error messages.
Third parties subclass :class:`Solver` and register the class under the
``skmath.solvers`` entry-point group.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
from scipy.sparse.linalg import LinearOperator

from ..plugins import Plugin

__all__ = [
    "CGSolver",
    "CenteredOperator",
    "CholeskySolver",
    "LSMRSolver",
    "LSQRSolver",
    "LstsqSolver",
    "QRSolver",
    "SVDSolver",
    "Solver",
    "SolverFailedError",
    "SolverResult",
]

_EPS = np.finfo(np.float64).eps
# above this estimated condition number of the column-scaled Gram matrix the
# normal equations lose more than ~6 of the 16 digits: "auto" switches to QR
_GRAM_COND_LIMIT = 1e6
# dense covariance (standard errors) only up to this many features
_MAX_COV_FEATURES = 2000
# extended-precision residuals only for problems up to this many entries
_MAX_EXTENDED_SIZE = 2_000_000


@dataclass
class SolverResult:
    """What a solver returns.

    Attributes
    ----------
    coef : ndarray of shape (n_features, n_targets)
        The solution.
    inv_gram : ndarray of shape (n_features, n_features) or None
        :math:`(A^T A + \\alpha I)^{-1}` when the factorization gives it
        cheaply; the estimator derives the standard errors from it.
    rank : int or None
        Numerical rank of ``A`` when the solver determines it.
    singular_values : ndarray or None
        Singular values of ``A`` (SVD-based solvers).
    condition_number : float or None
        2-norm condition number of ``A`` (exact or estimated).
    n_iter : int or ndarray or None
        Iterations per target (iterative solvers).
    solver : Solver or None
        The solver object that produced ``coef`` when it is not the one that
        was called (``"auto"`` and fallbacks).
    reason : str
        Why this solver ran (shown in ``solver_.reason_``).
    """

    coef: np.ndarray
    inv_gram: np.ndarray | None = None
    rank: int | None = None
    singular_values: np.ndarray | None = None
    condition_number: float | None = None
    n_iter: object = None
    solver: object = None
    reason: str = ""
    extra: dict = field(default_factory=dict)


class SolverFailedError(RuntimeError):
    """A solver cannot solve this problem; ``fallback`` names the one to use."""

    def __init__(self, message, fallback="svd"):
        super().__init__(message)
        self.fallback = fallback


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
        super().__init__(dtype=np.float64, shape=X.shape)

    def _matvec(self, v):
        v = np.ravel(v)
        return self._XS @ v - self.scale * (self.offset @ v)

    def _matmat(self, V):
        return self._XS @ V - np.outer(self.scale, self.offset @ V)

    def _rmatvec(self, u):
        u = np.ravel(u)
        return self._XS.T @ u - self.offset * (self.scale @ u)

    def _rmatmat(self, U):
        return self._XS.T @ U - np.outer(self.offset, self.scale @ U)

    def gram(self):
        """Dense ``A^T A`` without densifying ``X``."""
        G = self._XS.T @ self._XS
        G = G.toarray() if sp.issparse(G) else np.asarray(G)
        xs = self._XS.T @ self.scale
        ss = self.scale @ self.scale
        mo = np.outer(self.offset, xs)
        return G - mo - mo.T + ss * np.outer(self.offset, self.offset)


_CONTROLLER = []


def single_threaded_blas():
    """Context limiting BLAS to one thread, for small (p x p) operations.

    Multi-threaded OpenBLAS spends milliseconds waking threads for a small
    triangular solve (100x slower than one thread on a busy machine), so
    every ``O(p^3)`` step after the ``O(n p^2)`` reduction runs in one thread.
    """
    if not _CONTROLLER:
        from threadpoolctl import ThreadpoolController

        _CONTROLLER.append(ThreadpoolController())
    return _CONTROLLER[0].limit(limits=1, user_api="blas")


def _trsolve(R, B, **kwargs):
    with single_threaded_blas():
        return sla.solve_triangular(R, B, check_finite=False, **kwargs)


def _is_sparse_like(A):
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


def _rmatmat(A, Y):
    if isinstance(A, LinearOperator):
        return A.rmatmat(Y)
    out = A.T @ Y
    return np.asarray(out)


def _gram_root(gram, AtY):
    """A small ``(A, Y)`` with ``A^T A = gram`` and ``A^T Y = AtY``.

    From the symmetric square root of the positive semi-definite ``gram``;
    eigenvalues below ``max * size * eps`` (and negative rounding noise) are
    dropped.
    """
    w, V = np.linalg.eigh(gram)
    keep = w > w.max(initial=0.0) * gram.shape[0] * _EPS
    root = np.sqrt(w[keep])
    return root[:, None] * V[:, keep].T, (V[:, keep].T @ AtY) / root[:, None]


def _inv_from_cholesky(L, lower=True):
    """``(L L^T)^{-1}`` from a Cholesky factor."""
    Linv = _trsolve(L, np.eye(L.shape[0]), lower=lower)
    return Linv.T @ Linv if lower else Linv @ Linv.T


class Solver(Plugin):
    """Base class of least-squares solvers (see the module docstring).

    Subclasses implement :meth:`solve`; gram-based solvers may also implement
    :meth:`solve_gram` (used by ``partial_fit`` and the Dask path).  Class
    attributes are the capability flags.

    Attributes
    ----------
    name : str
        The registry name.
    uses_gram : bool
        Works from the Gram matrix (the Dask path then reduces ``A^T A``
        blockwise instead of a TSQR).
    uses_moments : bool
        Implements :meth:`solve_moments` (the estimator then tries the
        one-pass path on large dense unweighted data).
    extended_precision : bool
        Accepts ``np.longdouble`` ``A`` and ``Y`` (small dense problems are
        centred in extended precision for it).
    supports_sparse : bool
        Accepts SciPy sparse matrices and :class:`CenteredOperator`.
    supports_sample_weight : bool
        The estimator folds weights into ``A`` and ``Y``, so every solver
        that solves the unweighted problem handles weights.
    supports_multi_output : bool
        Solves 2-D ``Y`` (all built-ins do).
    iterative : bool
        Iterative (reports ``n_iter``, accuracy set by ``tol``).
    minimum_norm : bool
        Returns the minimum-norm solution on rank-deficient problems.
    reason_ : str
        Set on the fitted copy: why this solver ran.
    fallback_from_ : str or None
        Set on the fitted copy: the solver that failed before this one ran.
    """

    name = "solver"
    supports_sparse = False
    supports_sample_weight = True
    supports_multi_output = True
    iterative = False
    minimum_norm = False
    uses_gram = False
    uses_moments = False
    extended_precision = False
    reason_ = ""
    fallback_from_ = None

    def solve(self, A, Y, *, alpha=0.0):
        """Solve ``min ||A B - Y||^2 + alpha ||B||^2``; return a SolverResult."""
        raise NotImplementedError

    def solve_moments(self, gram, AtY, *, amplification=1.0, alpha=0.0):
        """Solve from a Gram matrix centred by a mean correction, or decline.

        The estimator's fast dense path forms ``X^T X`` of the *uncentred*
        data and subtracts ``n mu mu^T``; that subtraction loses about
        ``log10(amplification)`` digits (``amplification = 1 +
        max_j mu_j^2 / var_j``).  A solver returns a :class:`SolverResult`
        when that is harmless for it, or ``None`` to have the estimator
        centre the data explicitly and call :meth:`solve`.  The default
        declines.
        """
        return None

    def solve_gram(self, gram, AtY, *, alpha=0.0):
        """Solve from the normal equations ``(gram + alpha I) B = AtY``.

        The default turns the (positive semi-definite) Gram matrix into an
        equivalent small least-squares problem through its symmetric square
        root and calls :meth:`solve`.
        """
        A, Y = _gram_root(gram, AtY)
        return self.solve(A, Y, alpha=alpha)


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
        return self.solve_gram(gram_matrix(A), _rmatmat(A, Y), alpha=alpha)

    def solve_gram(self, gram, AtY, *, alpha=0.0):
        with single_threaded_blas():
            return self._solve_gram(gram, AtY, alpha)

    def solve_moments(self, gram, AtY, *, amplification=1.0, alpha=0.0):
        result = _moment_cholesky(gram, AtY, amplification, alpha)
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
            L = sla.cholesky(Gs, lower=True, check_finite=False)
        except np.linalg.LinAlgError as exc:
            raise SolverFailedError(
                f"Gram matrix is not positive definite ({exc})"
            ) from None
        rcond, _ = sla.lapack.dpocon(L.T.copy(), np.linalg.norm(Gs, 1), uplo="U")
        if rcond < gram.shape[0] * _EPS:
            raise SolverFailedError(
                f"Gram matrix is numerically singular (rcond {rcond:.1e})"
            )
        Z = sla.cho_solve((L, True), AtY / d[:, None], check_finite=False)
        inv = _inv_from_cholesky(L) / d[:, None] / d[None, :]
        return SolverResult(
            coef=Z / d[:, None],
            inv_gram=inv,
            rank=gram.shape[0],
            condition_number=float(np.sqrt(1.0 / rcond)) if rcond > 0 else np.inf,
            extra={"gram_rcond": float(rcond)},
        )


def _moment_cholesky(gram, AtY, amplification, alpha):
    """Cholesky on a mean-corrected Gram matrix when the digits lost stay small.

    Declines (``None``) when the Gram matrix is not positive definite or when
    ``condition * amplification`` (about the relative error ``/ eps`` of the
    coefficients) exceeds the limit ``"auto"`` allows the normal equations.
    """
    if not np.isfinite(amplification) or amplification > _GRAM_COND_LIMIT:
        return None
    try:
        result = CholeskySolver().solve_gram(gram, AtY, alpha=alpha)
    except SolverFailedError:
        return None
    cond = 1.0 / result.extra["gram_rcond"]
    if cond * amplification > _GRAM_COND_LIMIT:
        return None
    result.extra["moment_reason"] = (
        f"one pass over the uncentred X (Gram matrix with mean correction, "
        f"mean/std amplification {amplification:.2g}; scaled Gram condition "
        f"~{cond:.1e}, product <= {_GRAM_COND_LIMIT:.0e})"
    )
    return result


def _augment(A, Y, alpha):
    if not alpha:
        return A, Y
    p = A.shape[1]
    return (
        np.vstack([A, np.sqrt(alpha) * np.eye(p)]),
        np.vstack([Y, np.zeros((p, Y.shape[1]))]),
    )


def _residual(A, B, Y):
    """``Y - A B`` with the products accumulated in extended precision."""
    ld = np.longdouble
    return (Y.astype(ld) - A.astype(ld) @ B.astype(ld)).astype(np.float64)


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
        A_ext, Y_ext = _augment(np.asarray(A), np.asarray(Y), alpha)
        A = A_ext.astype(np.float64)
        Y = Y_ext.astype(np.float64)
        n, p = A.shape
        d = np.linalg.norm(A, axis=0)
        d[d == 0] = 1.0
        As = A / d
        Q, R, perm = sla.qr(As, mode="economic", pivoting=True, check_finite=False)
        diag = np.abs(np.diag(R))
        tol = max(n, p) * _EPS * (diag[0] if diag.size else 0.0)
        rank = int(np.sum(diag > tol))
        if rank < p:
            raise SolverFailedError(f"X is rank-deficient (rank {rank} < {p})")
        inv_perm = np.argsort(perm)
        Rp = R[:, inv_perm]  # As = Q @ Rp

        Z = _trsolve(R, Q.T @ Y)[inv_perm]
        # extended precision costs memory and time (no BLAS): small data only
        ld = np.longdouble if A.size <= _MAX_EXTENDED_SIZE else np.float64
        As_ext = A_ext.astype(ld) / d.astype(ld)
        Y_ext = Y_ext.astype(ld)
        r = (Y_ext - As_ext @ Z.astype(ld)).astype(np.float64)
        for _ in range(int(self.refine)):
            # Björck: residuals of r + As z = y and As^T r = 0, in extended precision
            f = (Y_ext - r.astype(ld) - As_ext @ Z.astype(ld)).astype(np.float64)
            g = (-(As_ext.T @ r.astype(ld))).astype(np.float64)
            u = _trsolve(R, g[perm], trans="T")
            Qtf = Q.T @ f
            Z = Z + _trsolve(R, Qtf - u)[inv_perm]
            r = r + Q @ u + f - Q @ Qtf
        Rinv = _trsolve(R, np.eye(p))
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
        rcond = self.rcond if self.rcond is not None else max(A.shape) * _EPS
        keep = s > rcond * (s[0] if s.size else 0.0)
        sk = s[keep]
        filt = sk / (sk**2 + alpha)
        UtY = U[:, keep].T @ Y
        V = Vt[keep].T
        coef = V @ (filt[:, None] * UtY)
        if not alpha and A.size <= _MAX_EXTENDED_SIZE:
            # one refinement step, residual in extended precision
            R = _residual(A, coef, Y)
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
        A, Y = _augment(np.asarray(A), Y, alpha)
        rcond = self.rcond if self.rcond is not None else max(A.shape) * _EPS
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


class AutoSolver(Solver):
    """``solver="auto"``: choose by shape, sparsity and conditioning.

    - sparse input: ``cholesky`` on the (sparse-product) Gram matrix when
      there are at most 2000 features and it is well conditioned, else
      ``lsmr`` (matrix-free, never densifies);
    - dense, ``n_samples >= n_features``: form the Gram matrix, factor it
      (``cholesky``) and estimate its condition number with LAPACK
      ``pocon``; if the column-scaled Gram matrix is worse conditioned than
      1e6 or not positive definite, solve again with ``qr`` (column scaling,
      iterative refinement), or ``svd`` if rank-deficient;
    - dense wide data (``n_samples < n_features``): ``svd``, the
      minimum-norm interpolant;
    - large dense unweighted data first goes through :meth:`solve_moments`
      (the estimator's one pass over the uncentred ``X``): ``cholesky`` on
      the mean-corrected Gram matrix when ``condition * amplification`` is
      at most 1e6, else the estimator centres explicitly and the rules
      above apply.

    The fitted ``solver_`` is the solver that produced the coefficients, with
    ``reason_`` saying why.
    """

    name = "auto"
    supports_sparse = True
    minimum_norm = True
    uses_moments = True
    extended_precision = True

    def __init__(self, tol=1e-10, max_iter=None):
        self.tol = tol
        self.max_iter = max_iter

    def solve(self, A, Y, *, alpha=0.0):
        n, p = A.shape
        if _is_sparse_like(A):
            reason = f"sparse input with {p} > {_MAX_COV_FEATURES} features"
            if p <= _MAX_COV_FEATURES:
                # a small Gram matrix of sparse data is cheap and exact
                try:
                    result = CholeskySolver().solve_gram(
                        gram_matrix(A), _rmatmat(A, Y), alpha=alpha
                    )
                except SolverFailedError as exc:
                    reason = f"sparse input, cholesky failed: {exc}"
                else:
                    rcond = result.extra["gram_rcond"]
                    if 1.0 / rcond <= _GRAM_COND_LIMIT:
                        return _with(
                            result,
                            CholeskySolver(),
                            "sparse input, small well-conditioned Gram matrix "
                            f"(scaled condition ~{1 / rcond:.1e})",
                        )
                    reason = f"sparse input, ill-conditioned (~{1 / rcond:.1e})"
            chosen = LSMRSolver(tol=self.tol, max_iter=self.max_iter)
            result = chosen.solve(A, Y, alpha=alpha)
            return _with(result, chosen, reason + ": matrix-free LSMR")
        A64 = np.asarray(A, dtype=np.float64)
        Y64 = np.asarray(Y, dtype=np.float64)
        if n < p and not alpha:
            chosen = SVDSolver()
            result = chosen.solve(A64, Y64, alpha=alpha)
            return _with(result, chosen, f"wide data ({n} < {p}): minimum-norm SVD")
        return self.solve_gram(gram_matrix(A64), A64.T @ Y64, alpha=alpha, A=A, Y=Y)

    def solve_moments(self, gram, AtY, *, amplification=1.0, alpha=0.0):
        if gram.shape[0] == 0:
            return None
        result = _moment_cholesky(gram, AtY, amplification, alpha)
        if result is None:
            return None
        return _with(result, CholeskySolver(),
                     "well conditioned: " + result.extra["moment_reason"])

    def solve_gram(self, gram, AtY, *, alpha=0.0, A=None, Y=None):
        chol = CholeskySolver()
        try:
            result = chol.solve_gram(gram, AtY, alpha=alpha)
        except SolverFailedError as exc:
            reason = f"cholesky failed: {exc}"
        else:
            rcond = result.extra["gram_rcond"]
            if 1.0 / rcond <= _GRAM_COND_LIMIT:
                return _with(
                    result,
                    chol,
                    f"well conditioned (scaled Gram condition ~{1 / rcond:.1e}"
                    f" <= {_GRAM_COND_LIMIT:.0e})",
                )
            reason = (
                f"ill-conditioned (scaled Gram condition ~{1 / rcond:.1e} > "
                f"{_GRAM_COND_LIMIT:.0e})"
            )
        if A is None:
            # statistics only (partial_fit, Dask): square root of the Gram matrix
            A, Y = _gram_root(gram, AtY)
        qr = QRSolver()
        try:
            result = qr.solve(A, Y, alpha=alpha)
            return _with(result, qr, reason + "; solved by QR")
        except SolverFailedError as exc:
            svd = SVDSolver()
            result = svd.solve(
                np.asarray(A, np.float64), np.asarray(Y, np.float64), alpha=alpha
            )
            return _with(result, svd, f"{reason}; {exc}: minimum-norm SVD")


def _with(result, solver, reason):
    result.solver = solver
    result.reason = reason
    return result
