"""Find every public skmath estimator (like ``sklearn.utils.all_estimators``)."""

from __future__ import annotations

import importlib
import inspect

from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    ClusterMixin,
    RegressorMixin,
    TransformerMixin,
)

__all__ = ["all_estimators"]

_TYPE_MIXINS = {
    "classifier": ClassifierMixin,
    "regressor": RegressorMixin,
    "transformer": TransformerMixin,
    "cluster": ClusterMixin,
}


def all_estimators(type_filter=None):
    """Public estimators of skmath as sorted ``(name, class)`` pairs.

    Reads the ``__all__`` of every public subpackage and keeps the concrete
    ``BaseEstimator`` subclasses defined in skmath.

    Parameters
    ----------
    type_filter : {"classifier", "regressor", "transformer", "cluster"} or \
list of those, default=None
        Keep only estimators of these types.

    Returns
    -------
    list of (str, type)
    """
    import skmath

    found = {}
    for subpackage in skmath.SUBPACKAGES:
        try:
            module = importlib.import_module(f"skmath.{subpackage}")
        except ModuleNotFoundError as exc:
            if exc.name != f"skmath.{subpackage}":
                raise
            continue  # a concept that has not landed yet
        public = getattr(module, "__all__", [])
        for name in public:
            obj = getattr(module, name, None)
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseEstimator)
                and obj.__module__.startswith("skmath.")
                and not inspect.isabstract(obj)
                and not name.startswith("_")
            ):
                found[name] = obj
    estimators = sorted(found.items())
    if type_filter is None:
        return estimators
    filters = [type_filter] if isinstance(type_filter, str) else list(type_filter)
    unknown = [f for f in filters if f not in _TYPE_MIXINS]
    if unknown:
        raise ValueError(
            f"type_filter must be among {sorted(_TYPE_MIXINS)}, got {unknown}"
        )
    return [
        (name, cls)
        for name, cls in estimators
        if any(issubclass(cls, _TYPE_MIXINS[f]) for f in filters)
    ]
