"""``solver="auto"``: which solver runs, by shape, sparsity and conditioning.

The policy lives here, apart from the solvers it chooses between
(:mod:`._solvers`), so changing a threshold touches one file.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from ._linalg import (
    CenteredOperator,
    gram_matrix,
    gram_root,
    is_sparse_like,
    rmatmat,
)
from ._solver_base import Solver, SolverFailedError
from ._solvers import (
    GRAM_COND_LIMIT,
    CholeskySolver,
    LSMRSolver,
    QRSolver,
    SVDSolver,
    moment_cholesky,
)

__all__ = ["LSMR_ITERATION_BUDGET", "MAX_SPARSE_GRAM_FEATURES", "AutoSolver"]

# sparse data with at most this many features may be solved from its (dense)
# Gram matrix, which is exact; wider data goes matrix-free
MAX_SPARSE_GRAM_FEATURES = 2000
# ... when forming and factoring that Gram matrix costs less than this many
# LSMR iterations.  Cost units (measured on 2-core machines, SciPy 1.17): one
# non-zero of a sparse product; a pair of non-zeros in a row of X (what
# X^T X costs) ~ 25 units, a flop of the p^3/3 factorization ~ 1, an LSMR
# iteration 2 sparse products plus ~7500 units of Python per step.
LSMR_ITERATION_BUDGET = 100
_PAIR_COST = 25
_ITERATION_OVERHEAD = 7500


class AutoSolver(Solver):
    """``solver="auto"``: choose by shape, sparsity and conditioning.

    - sparse input: ``cholesky`` on the (sparse-product) Gram matrix when
      there are at most 2000 features, forming and factoring it costs less
      than 100 LSMR iterations (a cost model of the non-zeros per row) and
      it is well conditioned, else ``lsmr`` (matrix-free, never densifies);
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
        if is_sparse_like(A):
            reason = f"sparse input with {p} > {MAX_SPARSE_GRAM_FEATURES} features"
            cheap = p <= MAX_SPARSE_GRAM_FEATURES and _sparse_gram_is_cheap(A)
            if p <= MAX_SPARSE_GRAM_FEATURES and not cheap:
                reason = ("sparse input whose Gram matrix costs more than "
                          f"{LSMR_ITERATION_BUDGET} LSMR iterations")
            if cheap:
                # a small Gram matrix of sparse data is cheap and exact
                result, cond = _trusted_cholesky(gram_matrix(A), rmatmat(A, Y), alpha)
                if result is not None:
                    return _chosen(
                        result,
                        CholeskySolver(),
                        "sparse input, small well-conditioned Gram matrix "
                        f"(scaled condition ~{cond:.1e})",
                    )
                reason = f"sparse input, {cond}"
            chosen = LSMRSolver(tol=self.tol, max_iter=self.max_iter)
            result = chosen.solve(A, Y, alpha=alpha)
            return _chosen(result, chosen, reason + ": matrix-free LSMR")
        A64 = np.asarray(A, dtype=np.float64)
        Y64 = np.asarray(Y, dtype=np.float64)
        if n < p and not alpha:
            chosen = SVDSolver()
            result = chosen.solve(A64, Y64, alpha=alpha)
            return _chosen(result, chosen, f"wide data ({n} < {p}): minimum-norm SVD")
        return self.solve_gram(gram_matrix(A64), A64.T @ Y64, alpha=alpha, A=A, Y=Y)

    def solve_moments(self, gram, AtY, *, amplification=1.0, alpha=0.0):
        if gram.shape[0] == 0:
            return None
        result = moment_cholesky(gram, AtY, amplification, alpha)
        if result is None:
            return None
        return _chosen(result, CholeskySolver(),
                     "well conditioned: " + result.extra["moment_reason"])

    def solve_gram(self, gram, AtY, *, alpha=0.0, A=None, Y=None):
        result, cond = _trusted_cholesky(gram, AtY, alpha)
        if result is not None:
            return _chosen(
                result,
                CholeskySolver(),
                f"well conditioned (scaled Gram condition ~{cond:.1e}"
                f" <= {GRAM_COND_LIMIT:.0e})",
            )
        reason = cond
        if A is None:
            # statistics only (partial_fit, Dask): square root of the Gram matrix
            A, Y = gram_root(gram, AtY)
        qr = QRSolver()
        try:
            result = qr.solve(A, Y, alpha=alpha)
            return _chosen(result, qr, reason + "; solved by QR")
        except SolverFailedError as exc:
            svd = SVDSolver()
            result = svd.solve(
                np.asarray(A, np.float64), np.asarray(Y, np.float64), alpha=alpha
            )
            return _chosen(result, svd, f"{reason}; {exc}: minimum-norm SVD")


def _sparse_gram_is_cheap(A):
    """Whether the Gram matrix of sparse ``A`` costs less than LSMR's budget."""
    X = A.X if isinstance(A, CenteredOperator) else A
    if not sp.issparse(X):
        return True  # another operator: its Gram matrix is formed column-wise
    if X.format == "csc":
        row_counts = np.bincount(X.indices, minlength=X.shape[0])
    else:
        row_counts = np.diff(X.tocsr().indptr)
    row_counts = row_counts.astype(np.float64)
    nnz = X.nnz
    p = X.shape[1]
    gram_cost = _PAIR_COST * float(row_counts @ row_counts) + p**3 / 3
    lsmr_cost = LSMR_ITERATION_BUDGET * (2 * nnz + _ITERATION_OVERHEAD)
    return gram_cost <= lsmr_cost


def _trusted_cholesky(gram, AtY, alpha):
    """Cholesky on the normal equations if they keep enough digits.

    Returns ``(result, scaled condition number)``, or ``(None, why not)``.
    """
    try:
        result = CholeskySolver().solve_gram(gram, AtY, alpha=alpha)
    except SolverFailedError as exc:
        return None, f"cholesky failed: {exc}"
    cond = 1.0 / result.extra["gram_rcond"]
    if cond <= GRAM_COND_LIMIT:
        return result, cond
    return None, (f"ill-conditioned (scaled Gram condition ~{cond:.1e} > "
                  f"{GRAM_COND_LIMIT:.0e})")


def _chosen(result, solver, reason):
    result.solver = solver
    result.reason = reason
    return result
