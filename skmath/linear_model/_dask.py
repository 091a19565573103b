"""Reduce a ``dask.array`` fit to a small problem, blockwise.

Two reductions, cheapest first: the blockwise Gram matrix ``A^T A`` of the
centred, weighted design (for solvers that work from it), or a blockwise QR
(TSQR) of ``[A | Y]`` whose triangular factor is a small design problem.
Blocks run in Dask's threads: BLAS is limited to one thread per task (nested
BLAS threads oversubscribe the cores and were ~10x slower).
"""

from __future__ import annotations

import numpy as np

from ..utils._validation import is_dask_collection
from ._linalg import qr_r, single_threaded_blas
from ._reduce import Problem, factor_problem

__all__ = ["DaskData", "check_dask_inputs"]


def check_dask_inputs(X, y, sample_weight):
    """Validate dask ``X`` and ``y``; return float64 ``X``, 2-D ``Y``, weights,
    and whether ``y`` was 1-D."""
    import dask.array as da

    if X.ndim != 2:
        raise ValueError(f"Expected a 2-D dask array X, got {X.ndim} dimensions")
    if not np.issubdtype(X.dtype, np.number):
        raise ValueError(f"X must be numeric, got dtype {X.dtype}")
    if y is None:
        raise ValueError("LinearRegression requires y to be passed, but y is None")
    y = da.asarray(y) if not is_dask_collection(y) else y
    if not np.issubdtype(y.dtype, np.number):
        raise ValueError(
            f"LinearRegression requires numeric y; got dtype {y.dtype}"
        )
    if y.shape[0] != X.shape[0]:
        raise ValueError(
            f"X has {X.shape[0]} rows but y has {y.shape[0]}"
        )
    y_was_1d = y.ndim == 1
    Y = y[:, None] if y_was_1d else y
    X = X.astype(np.float64).rechunk({1: -1})
    Y = Y.astype(np.float64).rechunk({0: X.chunks[0], 1: -1})
    if X.shape[0] == 0:
        raise ValueError("Found array with 0 sample(s) while a minimum of 1 is "
                         "required by LinearRegression.")
    if sample_weight is None:
        w = da.ones(X.shape[0], chunks=(X.chunks[0],))
    else:
        w = da.asarray(sample_weight).astype(np.float64).rechunk((X.chunks[0],))
    return X, Y, w, y_was_1d


class DaskData:
    """Centred, weighted dask design; its means, finiteness and weights are
    computed (one pass) when it is built."""

    def __init__(self, X, Y, w, *, fit_intercept, y_was_1d):
        import dask.array as da

        n, p = X.shape
        finite = da.isfinite(X).all() & da.isfinite(Y).all()
        sum_w = w.sum()
        if fit_intercept:
            with single_threaded_blas():
                ok, sum_w, xs, ys, wmin = da.compute(
                    finite, sum_w, w @ X, w @ Y, w.min()
                )
            x_mean, y_mean = xs / sum_w, ys / sum_w
        else:
            ok, sum_w, wmin = da.compute(finite, sum_w, w.min())
            x_mean, y_mean = np.zeros(p), np.zeros(Y.shape[1])
        if not ok:
            raise ValueError("Input X or y contains NaN or infinity.")
        if wmin < 0:
            raise ValueError("Negative values in data passed to sample_weight")
        s = da.sqrt(w)[:, None]
        self.A = (X - x_mean) * s
        self.Y = (Y - y_mean) * s
        self.x_mean, self.y_mean, self.sum_weights = x_mean, y_mean, sum_w
        self.n_samples, self.y_was_1d = n, y_was_1d

    def gram_problem(self):
        """The exactly centred normal equations, reduced blockwise."""
        import dask.array as da

        A, Yc = self.A, self.Y
        with single_threaded_blas():
            G, AtY, yty = da.compute(A.T @ A, A.T @ Yc, (Yc * Yc).sum(axis=0))
        return Problem(self.x_mean, self.y_mean, self.n_samples, self.sum_weights,
                       self.y_was_1d, gram=G, AtY=AtY, yty=yty)

    def factor_problem(self):
        """The triangular factor of a blockwise QR (TSQR) of ``[A | Y]``."""
        import dask.array as da

        Zd = da.concatenate([self.A, self.Y], axis=1).rechunk({1: -1})
        _, R = da.linalg.tsqr(Zd)
        with single_threaded_blas():
            R = qr_r(R.compute())  # square, upper-triangular
        return factor_problem(R, np.r_[self.x_mean, self.y_mean], self.n_samples,
                              self.sum_weights, self.A.shape[1], self.y_was_1d)

