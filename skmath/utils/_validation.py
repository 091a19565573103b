"""Input checks shared by the estimators."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["check_at_least_two_classes", "check_numeric_target", "is_dask_collection"]


def is_dask_collection(obj):
    """Whether ``obj`` is a dask array/collection (without importing dask)."""
    module = type(obj).__module__ or ""
    return module.startswith("dask.") and hasattr(obj, "chunks")


def check_numeric_target(y, message):
    """Raise ``ValueError(message)`` if ``y`` holds values that are not numbers.

    NumPy's own error for ``np.asarray(["a"], dtype=float)`` names neither
    the estimator nor the remedy; each regressor passes its own ``message``,
    a format string that may use ``{dtype}`` and ``{examples}`` (the first
    three values).  Sparse matrices, dask arrays and ``None`` are left to the
    caller's own validation.

    >>> check_numeric_target(["a", "b"], "numbers please, not {examples}")
    Traceback (most recent call last):
    ...
    ValueError: numbers please, not ['a', 'b']
    >>> check_numeric_target(["1.5", "2"], "unused")  # numeric strings pass
    """
    if y is None or sp.issparse(y) or is_dask_collection(y):
        return
    arr = np.asarray(y)
    if arr.dtype.kind not in "OUSV":
        return
    try:
        arr.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(
            message.format(dtype=arr.dtype, examples=arr.ravel()[:3].tolist())
        ) from None


def check_at_least_two_classes(classes, estimator):
    """Raise ``ValueError`` if a classifier got fewer than two classes.

    ``classes`` are the distinct labels of ``y``; ``estimator`` names the
    classifier in the message.

    >>> check_at_least_two_classes(np.array(["a"]), "Clf")
    Traceback (most recent call last):
    ...
    ValueError: Clf needs samples of at least 2 classes in the data, but the data \
contains only one class: 'a'
    """
    if len(classes) < 2:
        raise ValueError(
            f"{estimator} needs samples of at least 2 classes in the data, but the "
            f"data contains only one class: {np.asarray(classes).tolist()[0]!r}"
        )
