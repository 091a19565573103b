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
    by_class = InfiniteWidthRegressor(kernel="nngp", activation=Erf).fit(X, y)
    np.testing.assert_allclose(by_class.predict(X_new), nngp.predict(X_new))


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
    with pytest.raises(TypeError, match="not a Activation subclass"):
        InfiniteWidthRegressor(activation=dict).fit(X, y)
    with pytest.raises(ValueError, match="singular"):
        InfiniteWidthRegressor(alpha=0.0).fit(np.zeros((4, 2)), np.arange(4.0))
    model = InfiniteWidthRegressor().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        model.predict(X[:, :2])


def test_finite_training_time(data):
    X, y = data
    model = InfiniteWidthRegressor(depth=2, alpha=0.0, training_time=0.7).fit(X, y)
    # gradient flow dr/dt = -K r on the training residual r = f(X) - y, f_0 = 0
    K = model.kernel_(X)
    eigenvalues, vectors = np.linalg.eigh(K)
    residual = -vectors @ (np.exp(-0.7 * eigenvalues) * (vectors.T @ y))
    np.testing.assert_allclose(model.predict(X), y + residual, atol=1e-8)
    # long training approaches the converged model; zero time predicts 0
    converged = InfiniteWidthRegressor(depth=2, alpha=1e-3).fit(X, y).predict(X[:5])
    late = InfiniteWidthRegressor(depth=2, alpha=1e-3, training_time=1e6).fit(X, y)
    np.testing.assert_allclose(late.predict(X[:5]), converged, rtol=1e-6)
    zero = InfiniteWidthRegressor(training_time=0.0).fit(X, np.column_stack([y, y]))
    np.testing.assert_array_equal(zero.predict(X[:3]), 0.0)


def test_predictive_std(data):
    from sklearn.gaussian_process import GaussianProcessRegressor

    X, y = data
    X_new = X[:6] + 0.3
    # NNGP: the Gaussian-process posterior
    model = InfiniteWidthRegressor(kernel="nngp", depth=2, bias_std=0.2, alpha=0.1)
    mean, std = model.fit(X, y).predict(X_new, return_std=True)
    gp = GaussianProcessRegressor(
        NNGPKernel(depth=2, bias_std=0.2), alpha=0.1, optimizer=None
    ).fit(X, y)
    gp_mean, gp_std = gp.predict(X_new, return_std=True)
    np.testing.assert_allclose(mean, gp_mean, rtol=1e-8)
    np.testing.assert_allclose(std, gp_std, rtol=1e-6)
    # NTK: before training the output is the NNGP prior; after training the
    # ensemble interpolates the training points
    prior_std = np.sqrt(NNGPKernel(depth=2, bias_std=0.2).diag(X_new))
    untrained = InfiniteWidthRegressor(depth=2, bias_std=0.2, training_time=0.0)
    mean0, std0 = untrained.fit(X, y).predict(X_new, return_std=True)
    np.testing.assert_allclose(mean0, 0.0)
    np.testing.assert_allclose(std0, prior_std, rtol=1e-10)
    trained = InfiniteWidthRegressor(depth=2, bias_std=0.2, alpha=1e-10).fit(X, y)
    _, std_train = trained.predict(X[:5], return_std=True)
    assert np.all(std_train < 1e-3 * prior_std.mean())
    _, std_new = trained.predict(X_new, return_std=True)
    assert np.all(std_new > 0)
    _, std_multi = trained.fit(X, np.column_stack([y, y])).predict(
        X_new, return_std=True
    )
    np.testing.assert_allclose(std_multi, np.column_stack([std_new, std_new]))
