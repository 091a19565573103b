"""Input checks of ``LinearRegression`` that name the problem before any work."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.utils.validation import check_array

from ..utils._validation import check_numeric_target

__all__ = ["check_finite_X", "check_numeric_X", "check_numeric_y"]


def check_numeric_y(y):
    """A clear error for string/object targets instead of a NumPy one."""
    check_numeric_target(
        y,
        "LinearRegression requires numeric y (a regression target); got values "
        "of dtype {dtype} such as {examples}. Encode categorical targets or use "
        "a classifier.",
    )


def check_numeric_X(X):
    """Name the problem for string X instead of a bare NumPy conversion error."""
    if X is None or sp.issparse(X):
        return
    if hasattr(X, "dtypes") and not hasattr(X, "dtype"):  # DataFrame
        if not any(getattr(d, "kind", "O") in "OUSV" for d in X.dtypes):
            return
    dtype = getattr(X, "dtype", None)
    if dtype is not None and dtype.kind not in "OUSV":
        return
    arr = np.asarray(X)
    if arr.dtype.kind in "OUSV":
        try:
            arr.astype(np.float64)
        except ValueError as exc:
            raise ValueError(f"LinearRegression requires numeric X; {exc}") from None
        except TypeError as exc:
            raise TypeError(f"LinearRegression requires numeric X; {exc}") from None


def check_finite_X(X, estimator):
    """sklearn's NaN/inf check of ``X`` (its message names the input).

    A finite sum proves every entry finite (NaN and inf propagate): one
    cheap reduction, and sklearn's full check only when it is not.
    """
    data = X.data if sp.issparse(X) else X
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(data.sum()):
            return
    check_array(X, accept_sparse=True, dtype=None, ensure_2d=False,
                ensure_min_samples=0, ensure_min_features=0,
                input_name="X", estimator=estimator)
