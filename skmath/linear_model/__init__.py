"""Linear algebra: least squares with pluggable solvers.

:class:`LinearRegression` solves (ridge) least squares with a solver plugin
chosen by name (``"auto"``, ``"cholesky"``, ``"qr"``, ``"svd"``, ``"lstsq"``,
``"cg"``, ``"lsqr"``, ``"lsmr"``) and reports statsmodels-style inference.
Third-party solvers subclass :class:`Solver` and return a
:class:`SolverResult`.
"""

from ._base import LinearRegression, RankDeficiencyWarning
from ._display import CoefDisplay
from ._solvers import CenteredOperator, Solver, SolverFailedError, SolverResult

__all__ = [
    "CenteredOperator",
    "CoefDisplay",
    "LinearRegression",
    "RankDeficiencyWarning",
    "Solver",
    "SolverFailedError",
    "SolverResult",
]
