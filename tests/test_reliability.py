"""Same seed same model, round trips, clones and untouched input, for every estimator.

Runs over :func:`skmath.utils.all_estimators` with the fast settings of
``tests/_instances.py`` and the data table of the bad-input catalogue, so a
new estimator is covered as soon as it is exported.
"""

from __future__ import annotations

import pickle

import joblib
import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.utils.validation import check_is_fitted

from ._factory import ESTIMATORS, fitted, fresh_fit, info, outputs
from .bad_input_catalogue import make_data

pytestmark = pytest.mark.parametrize(
    "name, cls", [pytest.param(n, c, id=n) for n, c in ESTIMATORS]
)


def _assert_same_outputs(a, b, X):
    out_a, out_b = outputs(a, X), outputs(b, X)
    assert out_a.keys() == out_b.keys() and out_a
    for method in out_a:
        assert_array_equal(out_a[method], out_b[method], err_msg=method)


def test_same_random_state_same_predictions(name, cls):
    X, y = make_data(info(name, cls))
    first = fresh_fit(name, cls, X, y)
    second = fresh_fit(name, cls, X, y)
    _assert_same_outputs(first, second, X)


def test_pickle_round_trip(name, cls):
    estimator, X, _ = fitted(name, cls)
    restored = pickle.loads(pickle.dumps(estimator))
    _assert_same_outputs(estimator, restored, X)


def test_joblib_round_trip(name, cls, tmp_path):
    estimator, X, _ = fitted(name, cls)
    joblib.dump(estimator, tmp_path / "model.joblib")
    restored = joblib.load(tmp_path / "model.joblib")
    _assert_same_outputs(estimator, restored, X)


def test_clone_of_fitted_is_unfitted(name, cls):
    estimator, X, _ = fitted(name, cls)
    copy = clone(estimator)
    with pytest.raises(NotFittedError):
        check_is_fitted(copy)
    assert copy.get_params(deep=False).keys() == estimator.get_params(deep=False).keys()
    with pytest.raises(NotFittedError):
        copy.predict(X) if hasattr(copy, "predict") else copy.transform(X)
    check_is_fitted(estimator)  # the original keeps its fit


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_input_not_modified(name, cls, dtype):
    X, y = make_data(info(name, cls))
    X = X.astype(dtype)
    if y.dtype.kind == "f":
        y = y.astype(dtype)
    X_before, y_before = X.copy(), y.copy()
    estimator = fresh_fit(name, cls, X, y)
    assert_array_equal(X, X_before, err_msg="fit modified X")
    assert_array_equal(y, y_before, err_msg="fit modified y")
    outputs(estimator, X)
    assert_array_equal(X, X_before, err_msg="predicting modified X")
