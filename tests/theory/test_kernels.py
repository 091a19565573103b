"""NNGPKernel / NTKKernel: values, gradients, diag, and sklearn integration."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_diabetes
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, WhiteKernel
from sklearn.kernel_ridge import KernelRidge
from sklearn.model_selection import GridSearchCV
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from skmath import plugins
from skmath.theory import Erf, NNGPKernel, NTKKernel, ReLU

KERNELS = [NNGPKernel, NTKKernel]
ACTIVATIONS = ["relu", "erf"]


@pytest.fixture
def X():
    rng = np.random.RandomState(0)
    X = rng.randn(7, 3)
    X[1] = 2 * X[0]  # collinear pair: correlation exactly 1
    X[2] = -X[0]  # anti-collinear pair
    return X


@pytest.mark.parametrize("depth", [1, 3])
def test_relu_closed_form_special_case(depth):
    # sigma_w^2 = 2, sigma_b = 0: Sigma(x, x) = 2|x|^2/d, Theta = (L+1) Sigma
    X = np.random.RandomState(1).randn(5, 4)
    sigma = 2 * (X**2).sum(axis=1) / 4
    nngp = NNGPKernel(depth=depth, weight_std=np.sqrt(2))
    ntk = NTKKernel(depth=depth, weight_std=np.sqrt(2))
    np.testing.assert_allclose(np.diag(nngp(X)), sigma, rtol=1e-12)
    np.testing.assert_allclose(nngp.diag(X), sigma, rtol=1e-12)
    np.testing.assert_allclose(np.diag(ntk(X)), (depth + 1) * sigma, rtol=1e-12)
    np.testing.assert_allclose(ntk.diag(X), (depth + 1) * sigma, rtol=1e-12)


def test_depth_zero_is_linear_kernel(X):
    K = NTKKernel(depth=0, weight_std=2.0, bias_std=0.5)(X)
    np.testing.assert_allclose(K, 4 * X @ X.T / 3 + 0.25)


def test_relu_one_layer_is_arc_cosine():
    # Cho & Saul arc-cosine kernel of degree 1 at unit inputs
    x = np.array([[1.0, 0.0], [np.cos(1.0), np.sin(1.0)]])
    K = NNGPKernel(depth=1, weight_std=np.sqrt(2.0))(x)
    sigma1 = 2 * 0.5  # w^2 |x|^2 / d
    expected = sigma1 / np.pi * (np.sin(1.0) + (np.pi - 1.0) * np.cos(1.0))
    np.testing.assert_allclose(K[0, 1], expected, rtol=1e-12)


@pytest.mark.parametrize("cls", KERNELS)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_symmetric_psd_and_diag(cls, activation, X):
    kernel = cls(depth=3, activation=activation, weight_std=1.3, bias_std=0.2)
    K = kernel(X)
    np.testing.assert_allclose(K, K.T, rtol=1e-12)
    assert np.linalg.eigvalsh(K).min() > -1e-10 * np.abs(K).max()
    np.testing.assert_allclose(kernel.diag(X), np.diag(K), rtol=1e-12)
    # cross evaluation agrees with the symmetric path; the collinear pair
    # loses half the digits there (1 - rho^2 from separately rounded terms)
    np.testing.assert_allclose(kernel(X, X), K, rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(kernel(X[:3], X[2:]), K[:3, 2:], rtol=1e-10)


@pytest.mark.parametrize("cls", KERNELS)
@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("bias_std", [0.0, 0.3])
def test_gradient_matches_finite_differences(cls, activation, bias_std, X):
    kernel = cls(depth=3, activation=activation, weight_std=1.2, bias_std=bias_std)
    K, grad = kernel(X, eval_gradient=True)
    assert grad.shape == (7, 7, kernel.n_dims)
    assert kernel.n_dims == (2 if bias_std else 1)
    h = 1e-6
    for i in range(kernel.n_dims):
        theta = kernel.theta.copy()
        theta[i] += h
        plus = kernel.clone_with_theta(theta)(X)
        theta[i] -= 2 * h
        minus = kernel.clone_with_theta(theta)(X)
        np.testing.assert_allclose(
            grad[..., i], (plus - minus) / (2 * h), rtol=1e-5, atol=1e-7
        )
    np.testing.assert_allclose(K, kernel(X))


def test_fixed_hyperparameters_have_no_gradient(X):
    kernel = NTKKernel(bias_std=0.5, weight_std_bounds="fixed")
    assert [h.name for h in kernel.hyperparameters if not h.fixed] == ["bias_std"]
    _, grad = kernel(X, eval_gradient=True)
    assert grad.shape == (7, 7, 1)
    both = NTKKernel(weight_std_bounds="fixed")  # bias_std = 0: fixed too
    assert both.theta.shape == (0,)
    assert both(X, eval_gradient=True)[1].shape == (7, 7, 0)


def test_theta_is_log_space():
    kernel = NNGPKernel(weight_std=2.0, bias_std=0.5)
    np.testing.assert_allclose(kernel.theta, np.log([0.5, 2.0]))
    np.testing.assert_allclose(kernel.bounds, np.log([[1e-5, 1e2], [1e-2, 1e2]]))
    kernel.theta = np.log([0.1, 3.0])
    assert kernel.weight_std == pytest.approx(3.0)
    assert kernel.bias_std == pytest.approx(0.1)


def test_repr_clone_pickle_equality(X):
    kernel = NTKKernel(depth=2, activation="erf", weight_std=1.5, bias_std=0.1)
    assert repr(kernel) == (
        "NTKKernel(depth=2, activation='erf', weight_std=1.5, bias_std=0.1)"
    )
    assert repr(NNGPKernel(activation=Erf())) == (
        "NNGPKernel(depth=1, activation='erf', weight_std=1, bias_std=0)"
    )
    assert clone(kernel) == kernel
    assert NNGPKernel(activation=ReLU()) == NNGPKernel(activation=ReLU())
    assert kernel != NTKKernel(depth=3)
    again = pickle.loads(pickle.dumps(kernel))
    np.testing.assert_array_equal(again(X), kernel(X))
    assert repr(ConstantKernel(2.0) * kernel).startswith("1.41**2 * NTKKernel(")


def test_input_not_modified(X):
    before = X.copy()
    NTKKernel(depth=2)(X, eval_gradient=True)
    NTKKernel(depth=2)(X, X[:2])
    np.testing.assert_array_equal(X, before)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"depth": -1}, "depth must be an integer >= 0"),
        ({"depth": 1.5}, "depth must be an integer >= 0"),
        ({"weight_std": 0.0}, "weight_std must be a finite real number > 0"),
        ({"bias_std": -1.0}, "bias_std must be a finite real number >= 0"),
        ({"weight_std_bounds": (2.0, 1.0)}, "weight_std_bounds must be"),
        ({"activation": "tanhh"}, "unknown activations plugin 'tanhh'.*'erf'"),
        ({"activation": 3}, "activation must be a name"),
    ],
)
def test_invalid_parameters(params, match, X):
    with pytest.raises((ValueError, TypeError), match=match):
        NTKKernel(**params)(X)


def test_invalid_inputs(X):
    kernel = NTKKernel()
    with pytest.raises(ValueError, match="NaN"):
        kernel(np.array([[1.0, np.nan]]))
    with pytest.raises(ValueError, match="dim 3"):
        kernel(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="3 features but Y has 2"):
        kernel(X, np.ones((2, 2)))
    with pytest.raises(ValueError, match="Gradient can only be evaluated"):
        kernel(X, X, eval_gradient=True)
    with pytest.raises(ValueError, match="0 sample"):
        kernel.diag(np.ones((0, 3)))


@pytest.fixture(scope="module")
def diabetes():
    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X)[:100]
    y = (y[:100] - y[:100].mean()) / y[:100].std()
    return X, y


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_gaussian_process_fits_hyperparameters(diabetes):
    X, y = diabetes
    kernel = ConstantKernel() * NTKKernel(depth=2, bias_std=0.5) + WhiteKernel()
    gp = GaussianProcessRegressor(kernel, random_state=0).fit(X, y)
    before = kernel.theta
    assert not np.allclose(gp.kernel_.theta, before)
    assert gp.log_marginal_likelihood_value_ > gp.log_marginal_likelihood(before)
    fitted = gp.kernel_.k1.k2
    assert isinstance(fitted, NTKKernel) and fitted.depth == 2
    assert gp.score(X, y) > 0.4
    _, std = gp.predict(X[:5], return_std=True)  # uses diag
    assert np.all(std > 0)


def test_kernel_ridge_and_svc_grid_search(diabetes):
    X, y = diabetes
    kr = KernelRidge(kernel=NNGPKernel(depth=2, bias_std=0.1), alpha=0.1).fit(X, y)
    assert kr.score(X, y) > 0.4
    labels = (y > 0).astype(int)
    search = GridSearchCV(SVC(kernel=NTKKernel()), {"kernel__depth": [1, 3]}, cv=3).fit(
        X, labels
    )
    assert search.best_params_["kernel__depth"] in (1, 3)
    assert search.best_score_ > 0.6


def test_builtin_plugins_registered():
    assert {"relu", "erf"} <= set(plugins.available("activations"))
    assert plugins.get("activations", "relu") is ReLU
    assert plugins.get("activations", "erf") is Erf
