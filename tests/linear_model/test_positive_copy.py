"""``positive=True`` (non-negative least squares), ``copy_X`` and the rank warning."""

import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import nnls
from sklearn.base import clone

from skmath.linear_model import LinearRegression, RankDeficiencyWarning


def _data(n=60, p=4, k=None, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) + 1.0
    coef = np.array([1.5, -2.0, 0.5, -0.3])[:p]
    Y = X @ (coef if k is None else np.column_stack([coef, -coef[::-1]]))
    Y = Y + 0.7 + 0.1 * rng.normal(size=Y.shape)
    return X, Y


def _nnls_with_intercept(X, y, w=None):
    w = np.ones(len(y)) if w is None else w
    xm, ym = w @ X / w.sum(), w @ y / w.sum()
    s = np.sqrt(w)[:, None]
    coef = nnls((X - xm) * s, (y - ym) * s[:, 0])[0]
    return coef, ym - xm @ coef


def test_positive_matches_scipy_nnls_with_intercept():
    X, y = _data()
    model = LinearRegression(positive=True).fit(X, y)
    coef, intercept = _nnls_with_intercept(X, y)
    assert np.all(model.coef_ >= 0) and np.any(model.coef_ == 0)
    np.testing.assert_allclose(model.coef_, coef, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(model.intercept_, intercept, rtol=1e-10)
    assert model.solver_.name == "nnls"
    # no standard errors under the constraint, but sigma from the residuals
    assert np.all(np.isnan(model.coef_stderr_))
    resid = y - model.predict(X)
    np.testing.assert_allclose(model.sigma_**2 * model.df_resid_, resid @ resid,
                               rtol=1e-10)


def test_positive_weights_and_multi_target():
    X, Y = _data(k=2)
    w = np.random.default_rng(3).integers(1, 4, size=len(X)).astype(float)
    model = LinearRegression(positive=True).fit(X, Y, sample_weight=w)
    assert model.coef_.shape == (2, X.shape[1])
    for j in range(2):
        coef, intercept = _nnls_with_intercept(X, Y[:, j], w)
        np.testing.assert_allclose(model.coef_[j], coef, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(model.intercept_[j], intercept, rtol=1e-9)
    rep = np.repeat(np.arange(len(X)), w.astype(int))
    repeated = LinearRegression(positive=True).fit(X[rep], Y[rep])
    np.testing.assert_allclose(model.coef_, repeated.coef_, rtol=1e-8, atol=1e-10)


def test_positive_without_intercept_and_with_ridge():
    X, y = _data()
    plain = LinearRegression(positive=True, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(plain.coef_, nnls(X, y)[0], rtol=1e-10, atol=1e-12)
    assert plain.intercept_ == 0.0
    ridge = LinearRegression(positive=True, fit_intercept=False, alpha=5.0).fit(X, y)
    A = np.vstack([X, np.sqrt(5.0) * np.eye(X.shape[1])])
    b = np.r_[y, np.zeros(X.shape[1])]
    np.testing.assert_allclose(ridge.coef_, nnls(A, b)[0], rtol=1e-10, atol=1e-12)


def test_positive_unsupported_combinations_are_clear_errors():
    X, y = _data()
    with pytest.raises(TypeError, match="dense data is required"):
        LinearRegression(positive=True).fit(sp.csr_matrix(X), y)
    with pytest.raises(ValueError, match="does not combine with solver='qr'"):
        LinearRegression(positive=True, solver="qr").fit(X, y)
    assert not LinearRegression(positive=True).__sklearn_tags__().input_tags.sparse


@pytest.mark.parametrize("params", [{"positive": True}, {"copy_X": False}])
def test_new_parameters_pickle_clone_and_determinism(params):
    X, y = _data()
    model = LinearRegression(**params).fit(X.copy(), y)
    again = LinearRegression(**params).fit(X.copy(), y)
    np.testing.assert_array_equal(model.coef_, again.coef_)  # same data, same bits
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict(X), model.predict(X))
    assert clone(model).get_params() == model.get_params()


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("container", [np.asarray, np.asfortranarray, sp.csr_matrix])
def test_copy_X_true_never_modifies_X(weighted, container):
    X, y = _data()
    X = container(X)
    before = X.toarray() if sp.issparse(X) else X.copy()
    w = np.linspace(0.5, 2.0, len(y)) if weighted else None
    for solver in ("auto", "cholesky", "lsmr"):
        LinearRegression(solver=solver).fit(X, y, sample_weight=w)
        after = X.toarray() if sp.issparse(X) else X
        np.testing.assert_array_equal(after, before)


@pytest.mark.parametrize("weighted", [False, True])
def test_copy_X_false_centres_in_place_with_the_same_fit(weighted):
    X, y = _data()
    w = np.linspace(0.5, 2.0, len(y)) if weighted else None
    ref = LinearRegression().fit(X, y, sample_weight=w)
    X_mine = X.copy()
    model = LinearRegression(copy_X=False).fit(X_mine, y, sample_weight=w)
    assert np.linalg.norm(X_mine - X) > 0.1  # the memory was reused
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-10)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=1e-10)
    np.testing.assert_allclose(model.coef_stderr_, ref.coef_stderr_, rtol=1e-8)


def test_no_rank_warning_when_centring_caps_the_rank():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(10, 20)), rng.normal(size=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RankDeficiencyWarning)
        model = LinearRegression().fit(X, y)  # rank 9: the most 10 centred rows
        LinearRegression(fit_intercept=False).fit(X, y)  # rank 10
    assert model.rank_ == 9
    X[:, 1] = X[:, 0]  # a real deficiency still warns
    with pytest.warns(RankDeficiencyWarning, match="rank 5 < 6"):
        LinearRegression().fit(X[:, :6], y)
