"""dask.array input: blockwise statistics / TSQR equal the in-memory fit."""

import numpy as np
import pytest

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")

from skmath.linear_model import LinearRegression  # noqa: E402


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    n, p = 6000, 8
    X = rng.normal(size=(n, p)) * rng.uniform(0.1, 100, size=p) + 5.0
    y = X @ rng.normal(size=p) + 3.0 + rng.normal(size=n)
    w = rng.uniform(0.5, 2.0, size=n)
    return X, y, w


@pytest.mark.parametrize("solver", ["auto", "cholesky", "qr", "lsmr"])
@pytest.mark.parametrize("weighted", [False, True])
def test_dask_fit_equals_numpy(data, solver, weighted):
    X, y, w = data
    sw = w if weighted else None
    # an iterative solver stops at its tolerance; the direct ones agree to 1e-8
    rtol = 1e-6 if solver == "lsmr" else 1e-8
    ref = LinearRegression(solver="qr").fit(X, y, sample_weight=sw)
    Xd = da.from_array(X, chunks=(1000, 4))  # column chunks are merged
    yd = da.from_array(y, chunks=1000)
    swd = da.from_array(w, chunks=1000) if weighted else None
    with dask.config.set(scheduler="threads"):
        model = LinearRegression(solver=solver).fit(Xd, yd, sample_weight=swd)
        pred = model.predict(Xd)
        assert isinstance(pred, da.Array)
        np.testing.assert_allclose(pred.compute(), ref.predict(X), rtol=rtol)
    expected_path = "gram" if solver == "cholesky" else "tsqr"
    assert model.dask_path_ == expected_path
    np.testing.assert_allclose(model.coef_, ref.coef_, rtol=rtol, atol=1e-10)
    np.testing.assert_allclose(model.intercept_, ref.intercept_, rtol=rtol)
    np.testing.assert_allclose(model.coef_stderr_, ref.coef_stderr_, rtol=1e-8)
    np.testing.assert_allclose(model.sigma_, ref.sigma_, rtol=1e-8)
    assert model.n_features_in_ == X.shape[1]


def test_dask_multi_output_and_errors(data):
    X, y, _ = data
    Y = np.column_stack([y, -y + 1])
    Xd = da.from_array(X, chunks=(1500, 8))
    with dask.config.set(scheduler="threads"):
        model = LinearRegression().fit(Xd, da.from_array(Y, chunks=(1500, 2)))
        ref = LinearRegression().fit(X, Y)
        np.testing.assert_allclose(model.coef_, ref.coef_, rtol=1e-8)
        Xn = X.copy()
        Xn[3, 2] = np.nan
        with pytest.raises(ValueError, match="NaN"):
            LinearRegression().fit(da.from_array(Xn, chunks=1500), y)
        with pytest.raises(ValueError, match="numeric y"):
            LinearRegression().fit(Xd, da.from_array(np.array(["a"] * len(y))))
        with pytest.raises(ValueError, match="features"):
            model.predict(Xd[:, :3])
