"""The dense one-pass path (Gram matrix of uncentred X with mean correction)."""

import warnings

import numpy as np
import pytest

import skmath.linear_model._linear_regression as estimator_module
import skmath.linear_model._reduce as reduce_module
from skmath.linear_model import LinearRegression


@pytest.fixture
def fast(monkeypatch):
    # large data takes the one-pass path; make small test data take it too
    monkeypatch.setattr(estimator_module, "MAX_EXTENDED_SIZE", -1)


def _data(n=500, p=6, k=None, offset=0.0, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) + offset
    shape = (p,) if k is None else (p, k)
    Y = X @ rng.normal(size=shape) + 3.0 + 0.1 * rng.normal(size=(n,) if k is None
                                                           else (n, k))
    return X, Y


def _careful(**params):
    # explicit centring + Householder QR in extended precision
    return LinearRegression(solver="qr", **params)


@pytest.mark.parametrize("solver", ["auto", "cholesky"])
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("alpha", [0.0, 2.0])
@pytest.mark.parametrize("k", [None, 3])
def test_one_pass_matches_careful_path(fast, solver, fit_intercept, alpha, k):
    X, Y = _data(k=k)
    X0, Y0 = X.copy(), Y.copy()
    model = LinearRegression(solver=solver, fit_intercept=fit_intercept,
                             alpha=alpha).fit(X, Y)
    assert "one pass over the uncentred X" in model.solver_.reason_
    assert model.solver_.name == "cholesky"
    ref = _careful(fit_intercept=fit_intercept, alpha=alpha).fit(X, Y)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=1e-10,
                               atol=1e-12)
    np.testing.assert_allclose(model.sigma_, ref.sigma_, rtol=1e-10)
    np.testing.assert_allclose(model.coef_stderr_, ref.coef_stderr_, rtol=1e-9)
    np.testing.assert_allclose(model.intercept_stderr_, ref.intercept_stderr_,
                               rtol=1e-9)
    assert model.df_resid_ == ref.df_resid_
    np.testing.assert_array_equal(X, X0)  # input untouched
    np.testing.assert_array_equal(Y, Y0)


def test_large_means_fall_back_to_explicit_centring(fast):
    X, y = _data(offset=1e6)
    model = LinearRegression().fit(X, y)
    assert "one pass" not in model.solver_.reason_
    ref = _careful().fit(X, y)
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-6)


def test_moderate_means_stay_on_one_pass(fast):
    X, y = _data(offset=20.0)
    model = LinearRegression().fit(X, y)
    assert "amplification" in model.solver_.reason_
    np.testing.assert_allclose(model.coef_, _careful().fit(X, y).coef_, rtol=1e-9)


def test_exact_fit_residual_recomputed(fast):
    # R^2 = 1: the moment formula for the RSS cancels; the residual is explicit
    X, _ = _data()
    y = X @ np.arange(1.0, 7.0) + 2.0
    model = LinearRegression().fit(X, y)
    assert model.sigma_ < 1e-12


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_X_rejected_on_one_pass(fast, bad):
    X, y = _data()
    X[7, 2] = bad
    with pytest.raises(ValueError, match="Input X contains"):
        LinearRegression().fit(X, y)
    assert not hasattr(LinearRegression(), "coef_")


def test_overflowing_squares_use_careful_path(fast):
    X, y = _data()
    X[:, 0] *= 1e160  # finite, but X^T X overflows
    model = LinearRegression(solver="cholesky")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the careful path warns about scaling
        model.fit(X, y)
    assert "one pass" not in model.solver_.reason_


def test_constant_column_not_on_one_pass(fast):
    X, y = _data()
    X[:, 1] = 4.0
    with pytest.warns(UserWarning, match="rank"):
        model = LinearRegression().fit(X, y)
    assert "one pass" not in model.solver_.reason_
    assert model.rank_ == X.shape[1] - 1


@pytest.mark.parametrize("order", ["C", "F"])
def test_blocks_and_memory_order(fast, order):
    from skmath.linear_model._linalg import augmented_gram

    X, Y = _data(n=1000, k=2)
    X = np.asarray(X, order=order)
    Z = np.column_stack([X, np.ones(len(X)), Y])
    M = augmented_gram(X, Y, intercept=True, block_entries=600)  # 100 rows
    np.testing.assert_allclose(M, Z.T @ Z, rtol=1e-12, atol=1e-9)
    model = LinearRegression().fit(X, Y)
    np.testing.assert_allclose(model.coef_, _careful().fit(X, Y).coef_, rtol=1e-10)


def test_declined_path_says_so(fast):
    X, y = _data(offset=1e6)
    reason = LinearRegression().fit(X, y).solver_.reason_
    assert "centred explicitly" in reason and "declined" in reason


def test_solvers_without_moments_skip_the_pass(fast, monkeypatch):
    from skmath.linear_model import _solvers

    def boom(*args, **kwargs):
        raise AssertionError("augmented_gram called")

    monkeypatch.setattr(reduce_module, "augmented_gram", boom)
    X, y = _data()
    for solver in ["qr", "svd", "lstsq"]:
        model = LinearRegression(solver=solver).fit(X, y)
        assert "one pass" not in model.solver_.reason_
    assert not _solvers.QRSolver.uses_moments
