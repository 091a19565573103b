"""Linear algebra: least squares with pluggable solvers.

:class:`LinearRegression` solves (ridge) least squares with a solver plugin
chosen by name (``"auto"``, ``"cholesky"``, ``"qr"``, ``"svd"``, ``"lstsq"``,
``"cg"``, ``"lsqr"``, ``"lsmr"``) and reports statsmodels-style inference.
Third-party solvers subclass :class:`Solver` and return a
:class:`SolverResult`.

A fit reads reduce -> solve -> report: ``_reduce`` and ``_dask`` turn the data
into one small problem, ``_solve`` resolves the solver plugin and solves it,
``_statistics`` and the estimator (``_linear_regression``) report.  The
solver protocol is in ``_solver_base``, the built-in solvers in ``_solvers``,
the ``"auto"`` policy in ``_auto`` and the numerical helpers in ``_linalg``.
"""

from ._display import CoefDisplay
from ._linalg import CenteredOperator
from ._linear_regression import LinearRegression
from ._solver_base import (
    RankDeficiencyWarning,
    Solver,
    SolverFailedError,
    SolverResult,
)

__all__ = [
    "CenteredOperator",
    "CoefDisplay",
    "LinearRegression",
    "RankDeficiencyWarning",
    "Solver",
    "SolverFailedError",
    "SolverResult",
]
