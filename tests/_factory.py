"""Estimators with their fast settings, clean data for each, fitted once.

Shared by the cross-estimator tests (bad input, reliability, Dask): every
public estimator from :func:`skmath.utils.all_estimators`, built with the
first entry of its fast settings in ``tests/_instances.py`` and fed data from
the catalogue's :func:`~tests.bad_input_catalogue.make_data` table.
"""

from __future__ import annotations

import warnings

from sklearn.base import clone

from skmath.utils import all_estimators

from ._instances import INSTANCES
from .bad_input_catalogue import estimator_info, make_data

__all__ = ["ESTIMATORS", "PREDICT_METHODS", "fast_estimator", "fitted", "info"]

ESTIMATORS = all_estimators()
PREDICT_METHODS = (
    "predict",
    "predict_proba",
    "predict_log_proba",
    "decision_function",
    "transform",
)
_FITTED = {}


def fast_params(name):
    return dict(INSTANCES.get(name, [{}])[0])


def fast_estimator(name, cls, **params):
    """An instance with the fast settings (plus ``random_state=0`` if it has one)."""
    estimator = cls(**fast_params(name))
    if "random_state" in estimator.get_params(deep=False):
        estimator.set_params(random_state=0)
    return estimator.set_params(**params) if params else estimator


def info(name, cls):
    return estimator_info(name, cls, fast_params(name))


def fitted(name, cls):
    """A fitted fast instance and its training data, fitted once per session."""
    if name not in _FITTED:
        X, y = make_data(info(name, cls))
        estimator = fast_estimator(name, cls)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence warnings of tiny fits
            _fit(estimator, X, y)
        _FITTED[name] = (estimator, X, y)
    estimator, X, y = _FITTED[name]
    return estimator, X.copy(), y.copy()


def _fit(estimator, X, y):
    return estimator.fit(X, y)


def fresh_fit(name, cls, X, y, **params):
    estimator = fast_estimator(name, cls, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return estimator.fit(X, y)


def outputs(estimator, X):
    """Every prediction method's output on ``X``, by method name."""
    return {
        method: getattr(estimator, method)(X)
        for method in PREDICT_METHODS
        if hasattr(estimator, method)
    }


def unfitted_clone(estimator):
    return clone(estimator)
