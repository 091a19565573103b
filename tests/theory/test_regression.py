"""InfiniteWidthRegressor: the trained infinitely wide network."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone

from skmath.theory import Erf, InfiniteWidthRegressor, NNGPKernel, NTKKernel


@pytest.fixture
def data():
    rng = np.random.RandomState(0)
    X = rng.randn(30, 3)
    y = np.sin(X[:, 0]) + 0.5 * X[:, 1]
    return X, y


def test_prediction_is_ntk_kernel_regression(data):
    X, y = data
    model = InfiniteWidthRegressor(depth=2, bias_std=0.2, alpha=0.0).fit(X, y)
    kernel = NTKKernel(depth=2, bias_std=0.2)
    X_new = X[:5] + 0.1
    expected = kernel(X_new, X) @ np.linalg.solve(kernel(X), y)
    np.testing.assert_allclose(model.predict(X_new), expected, rtol=1e-8)
    np.testing.assert_allclose(model.predict(X), y, atol=1e-8)  # interpolates
    assert isinstance(model.kernel_, NTKKernel)
    nngp = InfiniteWidthRegressor(kernel="nngp", activation=Erf()).fit(X, y)
    assert isinstance(nngp.kernel_, NNGPKernel)
    assert isinstance(nngp.activation_, Erf) and nngp.activation_ is not nngp.activation


def test_multioutput(data):
    X, y = data
    Y = np.column_stack([y, -y])
    pred = InfiniteWidthRegressor().fit(X, Y).predict(X[:4])
    assert pred.shape == (4, 2)
    np.testing.assert_allclose(pred[:, 0], -pred[:, 1])


def test_pickle_clone_and_determinism(data):
    X, y = data
    model = InfiniteWidthRegressor(depth=3).fit(X, y)
    again = pickle.loads(pickle.dumps(model))
    # equal up to BLAS summation order (it depends on array alignment)
    np.testing.assert_allclose(again.predict(X), model.predict(X), rtol=1e-12)
    assert not hasattr(clone(model), "dual_coef_")
    np.testing.assert_array_equal(
        InfiniteWidthRegressor(depth=3).fit(X, y).predict(X), model.predict(X)
    )


def test_bad_input(data):
    X, y = data
    with pytest.raises(ValueError, match="y must be numeric"):
        InfiniteWidthRegressor().fit(X[:3], ["a", "b", "c"])
    with pytest.raises(ValueError, match="NaN"):
        InfiniteWidthRegressor().fit(np.where(X > 2, np.nan, X), y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        InfiniteWidthRegressor().fit(X, y[:-1])
    with pytest.raises(ValueError, match="depth"):
        InfiniteWidthRegressor(depth=-1).fit(X, y)
    with pytest.raises(ValueError, match="unknown activations plugin"):
        InfiniteWidthRegressor(activation="nope").fit(X, y)
    with pytest.raises(ValueError, match="singular"):
        InfiniteWidthRegressor(alpha=0.0).fit(np.zeros((4, 2)), np.arange(4.0))
    model = InfiniteWidthRegressor().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        model.predict(X[:, :2])
