"""The solver plugin protocol of :class:`~skmath.linear_model.LinearRegression`.

Every solver solves the same problem, already centred and weighted by the
estimator's data reduction:

.. math:: \\min_B \\; \\lVert A B - Y \\rVert_F^2 + \\alpha \\lVert B \\rVert_F^2

where ``A`` is a dense array, a SciPy sparse matrix or a
:class:`~skmath.linear_model.CenteredOperator` (sparse data centred without
densifying) and ``Y`` is 2-D.  A solver is a :class:`Solver` subclass (a
parameter object) with a ``solve(A, Y, *, alpha)`` method returning a
:class:`SolverResult`, and capability flags the estimator reads for its tags
and its error messages.  Third parties subclass :class:`Solver` and register
the class under the ``skmath.solvers`` entry-point group.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..plugins import Plugin
from ._linalg import gram_root

__all__ = ["RankDeficiencyWarning", "Solver", "SolverFailedError", "SolverResult"]


class RankDeficiencyWarning(UserWarning):
    """The design matrix is rank-deficient; a minimum-norm solution is used."""


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


class Solver(Plugin):
    """Base class of least-squares solvers (see the module docstring).

    Subclasses implement :meth:`solve`; gram-based solvers may also implement
    :meth:`solve_gram` (used by the Dask path) and :meth:`solve_moments`
    (the one-pass dense path).  Class attributes are the capability flags.

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
    constrained : bool
        Solves a constrained problem (no standard errors are reported).
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
    constrained = False
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
        A, Y = gram_root(gram, AtY)
        return self.solve(A, Y, alpha=alpha)
