"""Input checks shared by the estimators."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import scipy.sparse as sp

__all__ = [
    "check_at_least_two_classes",
    "check_numeric_target",
    "is_dask_collection",
    "numeric_input",
    "validate_data",
]


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


def _holds_strings(values):
    if values is None or isinstance(values, str) or sp.issparse(values):
        return False
    if is_dask_collection(values):
        return False
    dtypes = getattr(values, "dtypes", None)  # pandas DataFrame
    if dtypes is not None and hasattr(dtypes, "__iter__"):
        return any(getattr(d, "kind", "O") in "OUSV" for d in dtypes)
    try:
        return np.asarray(values).dtype.kind in "OUSV"
    except (TypeError, ValueError):
        return True


# What NumPy and scikit-learn say when strings meet a numeric dtype.
_CONVERSION_ERRORS = (
    "could not convert",
    "argument must be",
    "not compatible with arrays of bytes/strings",
)


@contextmanager
def numeric_input(estimator, X=None, y=None):
    """Re-raise NumPy's string-to-float error naming the estimator and X or y.

    >>> import numpy as np
    >>> from sklearn.utils import check_array
    >>> from sklearn.linear_model import Ridge
    >>> with numeric_input(Ridge(), X=[["a"]]):
    ...     check_array([["a"]], dtype=np.float64)
    Traceback (most recent call last):
    ...
    ValueError: Ridge requires numeric X; could not convert string to float: 'a'
    """
    try:
        yield
    except (TypeError, ValueError) as exc:
        text = str(exc)
        if not any(m in text for m in _CONVERSION_ERRORS):
            raise
        which = "X" if _holds_strings(X) or not _holds_strings(y) else "y"
        raise type(exc)(
            f"{type(estimator).__name__} requires numeric {which}; {text}"
        ) from None


def validate_data(estimator, /, X="no_validation", y="no_validation", **kwargs):
    """scikit-learn's ``validate_data`` with a clear error for non-numeric input.

    NumPy's ``could not convert string to float: 'abc'`` names neither the
    estimator nor the argument; this re-raises it (same exception type) as
    ``"<Estimator> requires numeric X; could not convert ..."`` (or ``y``,
    see :func:`numeric_input`).  Everything else is scikit-learn's
    :func:`sklearn.utils.validation.validate_data`.
    """
    from sklearn.utils.validation import validate_data as sk_validate_data

    with numeric_input(estimator, X, y):
        return sk_validate_data(estimator, X, y, **kwargs)


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
