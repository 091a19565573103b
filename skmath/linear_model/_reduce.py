"""Reduce: every data path turns its data into one small :class:`Problem`.

``LinearRegression`` reads reduce -> solve -> report.  The data paths differ
only in how they reduce the data:

- in memory, careful (:func:`reduce_design`): the centred, weighted design
  ``A`` and targets (sparse data centred lazily by a
  :class:`~skmath.linear_model.CenteredOperator`, small dense data in
  extended precision);
- in memory, one pass (:func:`reduce_moments`): the mean-corrected Gram
  matrix of the uncentred dense ``X``, which a solver may decline;
- streaming (:class:`StreamStatistics`, ``partial_fit``): square-root
  sufficient statistics, whose triangular factor is a small design;
- Dask (:mod:`._dask`): a blockwise Gram matrix or a TSQR factor.

The solve (:mod:`._solve`) and the report (:mod:`._statistics` and the
estimator) are the same for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ._linalg import (
    CenteredOperator,
    augmented_gram,
    qr_r,
    single_threaded_blas,
    weighted_mean,
)

__all__ = [
    "Problem",
    "StreamStatistics",
    "factor_problem",
    "reduce_design",
    "reduce_moments",
]


@dataclass
class Problem:
    """One reduced least-squares problem, in one of three forms.

    - *design* (``A`` set): ``min ||A B - Y||^2 + alpha ||B||^2`` with the
      centred, weighted ``A`` (dense, ``np.longdouble``, sparse or an
      operator) and ``Y``; ``rss_offset`` adds the part of the residual sum
      of squares a triangular factor keeps apart;
    - *moments* (``amplification`` set): the Gram matrix ``gram``, ``AtY``
      and ``yty`` of the uncentred data after a mean correction that loses
      about ``log10(amplification)`` digits; ``data`` keeps ``(X, Y)`` for
      an explicit residual when the moment formula cancels;
    - *Gram* (``gram`` set, no ``amplification``): the exactly centred
      normal equations.

    The remaining fields are the same for every form.
    """

    x_mean: np.ndarray
    y_mean: np.ndarray
    n_samples: int
    sum_weights: float
    y_was_1d: bool
    A: object = None
    Y: np.ndarray | None = None
    rss_offset: np.ndarray | None = None
    gram: np.ndarray | None = None
    AtY: np.ndarray | None = None
    yty: np.ndarray | None = None
    amplification: float | None = None
    data: tuple | None = None
    note: str = ""

    @property
    def n_features(self):
        return self.x_mean.shape[0]


def reduce_design(X, Y, w, *, y_was_1d, fit_intercept, unit_weights, extended,
                  in_place=False, note=""):
    """The centred, weighted design of in-memory ``X`` (dense or sparse).

    ``extended``: centre in ``np.longdouble`` (small dense data for solvers
    that can use it, whose refinement then converges to the exactly centred
    problem).  ``in_place``: centre and weight a dense float64 ``X`` in its
    own memory (``copy_X=False``).  ``note`` says why a cheaper reduction was
    declined.
    """
    p = X.shape[1]
    if fit_intercept:
        x_mean, y_mean = weighted_mean(X, w), w @ Y / w.sum()
    else:
        x_mean, y_mean = np.zeros(p), np.zeros(Y.shape[1])
    s = np.sqrt(w)
    if extended:
        # centring rounds the data; in extended precision the refinement
        # of careful solvers converges to the exactly centred problem
        ld = np.longdouble
        Xl, Yl, wl = X.astype(ld), Y.astype(ld), w.astype(ld)
        if fit_intercept:
            Xl = Xl - weighted_mean(Xl, wl)
            Yl = Yl - wl @ Yl / wl.sum()
        sl = np.sqrt(wl)[:, None]
        A, Yc = Xl * sl, Yl * sl
    else:
        Yc = Y - y_mean if unit_weights else (Y - y_mean) * s[:, None]
        if sp.issparse(X):
            if fit_intercept:
                A = CenteredOperator(X, x_mean, None if unit_weights else s)
            else:
                A = X if unit_weights else sp.diags(s) @ X
        elif in_place:
            A = X
            if fit_intercept:
                A -= x_mean
            if not unit_weights:
                A *= s[:, None]
        elif unit_weights:
            A = X - x_mean if fit_intercept else X
        else:
            A = (X - x_mean) * s[:, None]
    return Problem(x_mean, y_mean, X.shape[0], w.sum(), y_was_1d, A=A, Y=Yc,
                   note=note)


def reduce_moments(X, Y, *, y_was_1d, fit_intercept):
    """One pass over the uncentred dense, unweighted ``X``: its moments.

    Accumulates ``[X, 1, Y]^T [X, 1, Y]`` blockwise (no centred copy of
    ``X``) and centres the moments by the mean correction ``G - n mu mu^T``.
    Returns the problem, or a string saying why this reduction is unusable:
    ``X^T X`` is not finite (NaN/inf in ``X``, which the caller reports, or
    finite entries whose squares overflow).
    """
    n, p = X.shape
    c = int(fit_intercept)
    M = augmented_gram(X, Y, intercept=fit_intercept)
    diag = np.diag(M)
    if not np.all(np.isfinite(diag)):
        return "X^T X overflows"
    with single_threaded_blas():
        Gxx, XtY, YtY = M[:p, :p], M[:p, p + c:], M[p + c:, p + c:]
        if c:
            sx, sy = M[:p, p], M[p, p + c:]
            x_mean, y_mean = sx / n, sy / n
            Gxx = Gxx - np.outer(sx, x_mean)
            XtY = XtY - np.outer(sx, y_mean)
            YtY = YtY - np.outer(sy, y_mean)
            var = np.r_[np.diag(Gxx), np.diag(YtY)] / n
            mean2 = np.r_[x_mean, y_mean] ** 2
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(var > 0, mean2 / var, np.inf)
            amplification = 1.0 + float(ratio.max(initial=0.0))
        else:
            x_mean, y_mean = np.zeros(p), np.zeros(Y.shape[1])
            amplification = 1.0
    return Problem(x_mean, y_mean, n, float(n), y_was_1d, gram=Gxx, AtY=XtY,
                   yty=np.diag(YtY), amplification=amplification, data=(X, Y))


def factor_problem(R, mean, n, sum_weights, n_features, y_was_1d):
    """The design problem of a triangular factor ``R`` of the centred ``[X | Y]``.

    ``R = [[R11, R12], [0, R22]]``: ``R11 B = R12`` is the least-squares
    problem, ``||R22||^2`` the part of the residual no ``B`` reduces.
    """
    p = n_features
    R11, R12, R22 = R[:p, :p], R[:p, p:], R[p:, p:]
    return Problem(mean[:p], mean[p:], n, sum_weights, y_was_1d, A=R11, Y=R12,
                   rss_offset=np.einsum("ij,ij->j", R22, R22))


@dataclass
class StreamStatistics:
    """Square-root sufficient statistics of the rows seen by ``partial_fit``.

    The weighted means and the triangular factor ``R`` of the centred
    ``[X | Y]``, merged chunk by chunk with the pairwise update of Chan,
    Golub and LeVeque: memory ``O((n_features + n_targets)^2)``.
    """

    mean: np.ndarray
    R: np.ndarray
    y_was_1d: bool
    solver: object
    n: int = 0
    sum_weights: float = 0.0

    @classmethod
    def empty(cls, width, *, y_was_1d, solver):
        return cls(np.zeros(width), np.zeros((width, width)), y_was_1d, solver)

    def merge(self, Z, w, *, fit_intercept):
        """Add the rows ``Z = [X | Y]`` with weights ``w``."""
        sw = w.sum()
        s = np.sqrt(w)[:, None]
        if fit_intercept:
            mean_b = (w @ Z) / sw
            Rb = qr_r((Z - mean_b) * s)
            if self.sum_weights > 0:
                sa = self.sum_weights
                delta = np.sqrt(sa * sw / (sa + sw)) * (self.mean - mean_b)
                self.R = qr_r(np.vstack([self.R, Rb, delta[None, :]]))
                self.mean = self.mean + (mean_b - self.mean) * (sw / (sa + sw))
            else:
                self.R, self.mean = Rb, mean_b
        else:
            self.R = qr_r(np.vstack([self.R, Z * s]))
        self.sum_weights += sw
        self.n += Z.shape[0]

    def problem(self, n_features):
        """The reduced problem of every row merged so far."""
        return factor_problem(self.R, self.mean, self.n, self.sum_weights,
                              n_features, self.y_was_1d)
