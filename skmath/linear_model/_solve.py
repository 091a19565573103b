"""Solve: resolve the solver plugin and solve a reduced :class:`~._reduce.Problem`.

Every data path of ``LinearRegression`` ends here: :func:`resolve_solver`
turns the ``solver`` parameter into a fresh plugin object (``"auto"`` is the
:class:`~._auto.AutoSolver` policy), and :func:`solve` solves whichever form
of problem the path reduced its data to, falling back to a minimum-norm
solver when the requested one fails, and returns the coefficients with their
residual sums of squares.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .. import plugins
from ._auto import AutoSolver
from ._linalg import (
    EPS,
    blas_threads_for,
    is_sparse_like,
    moment_rss,
    single_threaded_blas,
)
from ._solver_base import (
    RankDeficiencyWarning,
    Solver,
    SolverFailedError,
    SolverResult,
)
from ._solvers import NonNegativeSolver

__all__ = ["Declined", "Solution", "resolve_solver", "solve", "solver_class"]


def _spec(spec, positive):
    if positive:
        if not (isinstance(spec, str) and spec in ("auto", "nnls")):
            raise ValueError(
                "positive=True solves non-negative least squares with SciPy's "
                f"nnls; it does not combine with solver={spec!r} (leave "
                "solver='auto')"
            )
        return NonNegativeSolver
    return AutoSolver if isinstance(spec, str) and spec == "auto" else spec


def resolve_solver(spec, *, positive=False, **defaults):
    """A fresh solver object from a name, a :class:`Solver` class or instance.

    ``"auto"`` is the :class:`~._auto.AutoSolver` policy (the
    non-negative solver when ``positive``); ``defaults`` (``tol``,
    ``max_iter``) go to a solver built from a name or a class.
    """
    spec = _spec(spec, positive)
    return plugins.resolve("solvers", spec, param="solver", base=Solver, **defaults)


def solver_class(spec, *, positive=False):
    """The class ``spec`` names, without building it (for the estimator's tags)."""
    spec = _spec(spec, positive)
    if isinstance(spec, str):
        return plugins.get("solvers", spec)
    return spec if isinstance(spec, type) else type(spec)


class Declined(Exception):
    """The solver cannot use this reduction; the data path reduces more carefully."""


@dataclass
class Solution:
    """What :func:`solve` returns.

    Attributes
    ----------
    result : SolverResult
        The solver's own result.
    solver : Solver
        The solver that produced it (a delegate of ``"auto"`` or a
        fallback), with ``reason_`` set.
    coef : ndarray of shape (n_features, n_targets)
        The coefficients.
    rss : ndarray of shape (n_targets,)
        Residual sums of squares (weighted).
    design : ndarray, sparse matrix, operator or None
        The float64 design, when the problem had one (the statistics form its
        Gram matrix if the solver gave no inverse).
    """

    result: SolverResult
    solver: Solver
    coef: np.ndarray
    rss: np.ndarray
    design: object = None


def _ran(result, solver, default_reason=""):
    """The solver that produced ``result`` (it may name a delegate), with its
    ``reason_`` set."""
    ran = result.solver if result.solver is not None else solver
    ran.reason_ = result.reason or default_reason
    return ran


def _solve_with_fallback(solver, A, Y, alpha):
    """``solver.solve``, falling back to a minimum-norm solver if it fails."""
    try:
        with blas_threads_for(A):
            result = solver.solve(A, Y, alpha=alpha)
    except SolverFailedError as exc:
        fallback = resolve_solver(exc.fallback)
        warnings.warn(
            f"solver {solver.name!r} failed ({exc}); falling back to "
            f"{fallback.name!r}",
            RankDeficiencyWarning,
            stacklevel=5,
        )
        if is_sparse_like(A):
            A = A.toarray() if sp.issparse(A) else A.matmat(np.eye(A.shape[1]))
        if not fallback.extended_precision:
            A, Y = np.asarray(A, np.float64), np.asarray(Y, np.float64)
        with blas_threads_for(A):
            result = fallback.solve(A, Y, alpha=alpha)
        result.solver = fallback
        fallback.fallback_from_ = solver.name
        result.reason = f"{solver.name} failed: {exc}; fell back to {fallback.name}"
    return result, _ran(result, solver, f"requested solver={solver.name!r}")


def _solve_design(problem, solver, alpha):
    A, Y = problem.A, problem.Y
    result, ran = _solve_with_fallback(solver, A, Y, alpha)
    B = result.coef
    R = np.asarray(Y - A @ B, dtype=np.float64)
    if A.dtype == np.longdouble:
        A = A.astype(np.float64)
    rss = np.einsum("ij,ij->j", R, R)
    if problem.rss_offset is not None:
        rss = rss + problem.rss_offset
    if problem.note:
        ran.reason_ = f"{ran.reason_}; data centred explicitly ({problem.note})"
    # under a constraint the Gram matrix gives no standard errors
    return Solution(result, ran, B, rss, design=None if ran.constrained else A)


def _solve_moments(problem, solver, alpha):
    amplification = problem.amplification
    with single_threaded_blas():
        result = solver.solve_moments(
            problem.gram, problem.AtY, amplification=amplification, alpha=alpha
        )
        if result is None:
            raise Declined(f"the one-pass mean correction was declined: mean/std "
                           f"amplification {amplification:.2g}")
        B = result.coef
        # RSS of B from the moments, unless cancellation makes it inexact
        yty = problem.yty
        rss = moment_rss(yty, B, problem.AtY, problem.gram)
        cond = 1.0 / result.extra.get("gram_rcond", EPS)
        with np.errstate(divide="ignore", invalid="ignore"):
            err = (problem.n_features + 1) * EPS * amplification * cond * yty / rss
    if not np.all((rss > 0) & (err <= 1e-10)):
        X, Y = problem.data
        R = Y - X @ B - (problem.y_mean - problem.x_mean @ B)
        rss = np.einsum("ij,ij->j", R, R)
    return Solution(result, _ran(result, solver), B, rss)


def _solve_gram(problem, solver, alpha):
    try:
        result = solver.solve_gram(problem.gram, problem.AtY, alpha=alpha)
    except SolverFailedError as exc:
        raise Declined(str(exc)) from None
    ran = _ran(result, solver, "requested solver: blockwise Gram matrix")
    B = result.coef
    rss = np.clip(moment_rss(problem.yty, B, problem.AtY, problem.gram), 0.0, None)
    return Solution(result, ran, B, rss)


def solve(problem, solver, *, alpha=0.0):
    """Solve a reduced problem with ``solver`` (see :class:`~._reduce.Problem`).

    Raises :class:`Declined` when the solver cannot use this form (a
    mean-corrected Gram matrix it does not trust, normal equations it cannot
    factor): the data path then reduces its data more carefully.
    """
    if problem.A is not None:
        return _solve_design(problem, solver, alpha)
    if problem.amplification is not None:
        return _solve_moments(problem, solver, alpha)
    return _solve_gram(problem, solver, alpha)
