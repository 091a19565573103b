"""A solver plugin: the normal equations solved by a symmetric solve.

A solver derives from :class:`skmath.linear_model.Solver` and implements
``solve(A, Y, *, alpha)`` for the problem the estimator has already centred
and weighted, :math:`\\min_B \\lVert A B - Y\\rVert^2 + \\alpha \\lVert B\\rVert^2`
with a 2-D ``Y``, returning a :class:`skmath.linear_model.SolverResult`.
Class attributes are the capability flags the estimator reads; a solver that
works from the Gram matrix sets ``uses_gram`` and implements ``solve_gram``,
which ``partial_fit`` and the Dask path call with accumulated statistics.
"""

import numpy as np
import scipy.linalg as sla

from skmath.linear_model import Solver, SolverResult


class NormalEquations(Solver):
    """Solve :math:`(A^T A + \\alpha I) B = A^T Y` with LAPACK's ``sysv``.

    Less careful than the built-in ``"cholesky"`` (no column scaling, no
    fallback): fine on well-conditioned data, a teaching example otherwise.

    Parameters
    ----------
    assume_a : {"pos", "sym"}, default="pos"
        Passed to :func:`scipy.linalg.solve`: ``"pos"`` uses a Cholesky
        factorization, ``"sym"`` a symmetric indefinite one.
    """

    name = "normal_equations"
    uses_gram = True
    supports_sparse = False

    def __init__(self, assume_a="pos"):
        self.assume_a = assume_a

    def solve(self, A, Y, *, alpha=0.0):
        A = np.asarray(A, dtype=np.float64)
        return self.solve_gram(A.T @ A, A.T @ np.asarray(Y), alpha=alpha)

    def solve_gram(self, gram, AtY, *, alpha=0.0):
        G = gram + alpha * np.eye(gram.shape[0])
        coef = sla.solve(G, AtY, assume_a=self.assume_a)
        return SolverResult(coef=coef, rank=gram.shape[0], reason="example plugin")
