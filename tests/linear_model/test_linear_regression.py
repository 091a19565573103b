"""LinearRegression: solvers, inference, streaming, bad input, persistence."""

import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import load_diabetes
from sklearn.exceptions import NotFittedError

from skmath import plugins
from skmath.linear_model import (
    LinearRegression,
    RankDeficiencyWarning,
    Solver,
    SolverResult,
)

SOLVERS = ["auto", "cholesky", "qr", "svd", "lstsq", "cg", "lsqr", "lsmr"]
SPARSE_SOLVERS = ["auto", "cholesky", "cg", "lsqr", "lsmr"]


@pytest.fixture(scope="module")
def diabetes():
    X, y = load_diabetes(return_X_y=True)
    return X, y


def _lstsq(X, y, w=None):
    A = np.column_stack([np.ones(len(X)), X])
    if w is not None:
        s = np.sqrt(w)
        A, y = A * s[:, None], y * (s if y.ndim == 1 else s[:, None])
    return np.linalg.lstsq(A, y, rcond=None)[0]


def _params(model):
    return np.r_[model.intercept_, model.coef_]


@pytest.mark.parametrize("solver", SOLVERS)
def test_every_solver_matches_lstsq(diabetes, solver):
    X, y = diabetes
    model = LinearRegression(solver=solver).fit(X, y)
    np.testing.assert_allclose(_params(model), _lstsq(X, y), rtol=1e-7, atol=1e-6)
    assert model.solver_.name in plugins.available("solvers")
    assert model.solver_.reason_


@pytest.mark.parametrize("solver", SPARSE_SOLVERS)
def test_sparse_matches_dense(diabetes, solver):
    X, y = diabetes
    dense = LinearRegression(solver="qr").fit(X, y)
    for fmt in (sp.csr_matrix, sp.csc_matrix):
        model = LinearRegression(solver=solver).fit(fmt(X), y)
        np.testing.assert_allclose(_params(model), _params(dense), rtol=1e-6, atol=1e-5)
        np.testing.assert_allclose(
            model.coef_stderr_, dense.coef_stderr_, rtol=1e-6
        )
        np.testing.assert_allclose(model.predict(fmt(X)), dense.predict(X), rtol=1e-8)


def test_sparse_to_dense_only_solver_is_a_clear_error(diabetes):
    X, y = diabetes
    with pytest.raises(TypeError, match="'qr' does not accept sparse X"):
        LinearRegression(solver="qr").fit(sp.csr_matrix(X), y)
    assert not LinearRegression(solver="svd").__sklearn_tags__().input_tags.sparse
    assert LinearRegression().__sklearn_tags__().input_tags.sparse


def test_auto_chooses_by_conditioning(diabetes):
    X, y = diabetes
    assert LinearRegression().fit(X, y).solver_.name == "cholesky"
    rng = np.random.default_rng(0)
    t = rng.uniform(0, 1, 60)
    V = np.column_stack([t**k for k in range(1, 9)])  # ill-conditioned
    model = LinearRegression().fit(V, np.sin(t))
    assert model.solver_.name == "qr"
    assert "ill-conditioned" in model.solver_.reason_
    assert LinearRegression().fit(sp.csr_matrix(X), y).solver_.name == "cholesky"
    Vs = sp.csr_matrix(V)
    assert LinearRegression().fit(Vs, np.sin(t)).solver_.name == "lsmr"


def test_weights_equal_repeated_rows(diabetes):
    X, y = diabetes[0][:80], diabetes[1][:80]
    rng = np.random.default_rng(1)
    w = rng.integers(0, 4, size=len(y)).astype(float)
    rep = np.repeat(np.arange(len(y)), w.astype(int))
    for solver in ("cholesky", "qr", "lsmr"):
        a = LinearRegression(solver=solver).fit(X, y, sample_weight=w)
        b = LinearRegression(solver=solver).fit(X[rep], y[rep])
        np.testing.assert_allclose(_params(a), _params(b), rtol=1e-7, atol=1e-6)
    np.testing.assert_allclose(_params(a), _lstsq(X, y, w), rtol=1e-6, atol=1e-6)


def test_inference_matches_textbook_formulas(diabetes):
    X, y = diabetes
    w = np.linspace(0.5, 2.0, len(y))
    model = LinearRegression().fit(X, y, sample_weight=w)
    A = np.column_stack([np.ones(len(X)), X])
    beta = _lstsq(X, y, w)
    resid = y - A @ beta
    df = len(y) - A.shape[1]
    sigma2 = (w * resid**2).sum() / df
    cov = sigma2 * np.linalg.inv(A.T @ (w[:, None] * A))
    se = np.sqrt(np.diag(cov))
    assert model.df_resid_ == df
    np.testing.assert_allclose(model.sigma_, np.sqrt(sigma2), rtol=1e-10)
    np.testing.assert_allclose(model.intercept_stderr_, se[0], rtol=1e-8)
    np.testing.assert_allclose(model.coef_stderr_, se[1:], rtol=1e-8)
    from scipy import stats

    ci = model.conf_int(0.9)
    q = stats.t.ppf(0.95, df)
    np.testing.assert_allclose(ci[:, 0], beta - q * se, rtol=1e-7)
    np.testing.assert_allclose(ci[:, 1], beta + q * se, rtol=1e-7)
    assert model.pvalues_.shape == (A.shape[1],)
    text = model.summary(0.9)
    assert "intercept" in text and "P>|t|" in text and "[0.05" in text
    assert len(text.splitlines()) == A.shape[1] + 2
    with pytest.raises(ValueError, match="level"):
        model.conf_int(1.5)


def test_multi_output(diabetes):
    X, y = diabetes
    Y = np.column_stack([y, 2 * y + 1, np.log(y)])
    for solver in ("auto", "qr", "svd", "lsqr"):
        model = LinearRegression(solver=solver).fit(X, Y)
        assert model.coef_.shape == (3, X.shape[1])
        assert model.intercept_.shape == (3,)
        assert model.coef_stderr_.shape == (3, X.shape[1])
        assert model.conf_int().shape == (3, X.shape[1] + 1, 2)
        assert model.summary().count("intercept") == 3
        for k in range(3):
            single = LinearRegression(solver="qr").fit(X, Y[:, k])
            np.testing.assert_allclose(model.coef_[k], single.coef_, rtol=1e-6)
        assert model.predict(X).shape == Y.shape


def test_ridge_matches_closed_form(diabetes):
    X, y = diabetes
    alpha = 0.3
    Xc, yc = X - X.mean(0), y - y.mean()
    ref = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ yc)
    for solver in SOLVERS:
        model = LinearRegression(solver=solver, alpha=alpha).fit(X, y)
        np.testing.assert_allclose(model.coef_, ref, rtol=1e-6, atol=1e-6)


def test_rank_deficient_gives_minimum_norm_with_warning():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 3))
    X = np.column_stack([X, X[:, 0] + X[:, 1]])  # rank 3 of 4
    y = X @ [1.0, 2.0, 3.0, 0.0] + 0.5
    ref = np.linalg.pinv(X - X.mean(0)) @ (y - y.mean())
    for solver in ("auto", "cholesky", "qr", "svd", "lstsq"):
        with pytest.warns(RankDeficiencyWarning) as record:
            model = LinearRegression(solver=solver).fit(X, y)
        assert any("rank 3" in str(w.message) for w in record)
        np.testing.assert_allclose(model.coef_, ref, atol=1e-8)
        assert model.rank_ == 3
        assert model.solver_.minimum_norm
    with pytest.warns(RankDeficiencyWarning):
        fell = LinearRegression(solver="cholesky").fit(X, y)
    # the fallback is reported, unconditionally (it was only checked when the
    # loop's last solver happened to fall back, which lstsq never does)
    assert "fell back" in fell.solver_.reason_
    assert fell.solver_.name == "svd" and fell.solver_.fallback_from_ == "cholesky"


def test_wide_data_minimum_norm_interpolant():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(5, 12)), rng.normal(size=5)
    # rank 4 is the most 5 centred rows allow: no rank-deficiency warning (#20)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RankDeficiencyWarning)
        model = LinearRegression().fit(X, y)
    np.testing.assert_allclose(model.predict(X), y, atol=1e-10)
    ref = np.linalg.pinv(X - X.mean(0)) @ (y - y.mean())
    np.testing.assert_allclose(model.coef_, ref, atol=1e-10)


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_partial_fit_equals_fit(diabetes, fit_intercept):
    X, y = diabetes
    w = np.linspace(0.2, 3.0, len(y))
    stream = LinearRegression(fit_intercept=fit_intercept)
    for start in range(0, len(y), 97):
        part = slice(start, start + 97)
        stream.partial_fit(X[part], y[part], sample_weight=w[part])
    full = LinearRegression(fit_intercept=fit_intercept).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(_params(stream), _params(full), rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(stream.coef_stderr_, full.coef_stderr_, rtol=1e-8)
    np.testing.assert_allclose(stream.sigma_, full.sigma_, rtol=1e-9)
    assert stream.n_samples_seen_ == len(y)
    with pytest.raises(ValueError, match="features"):
        stream.partial_fit(X[:5, :3], y[:5])


def test_bad_input_is_rejected_before_work(diabetes):
    X, y = diabetes
    Xn = X.copy()
    Xn[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        LinearRegression().fit(Xn, y)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        LinearRegression().fit(X, y[:-1])
    with pytest.raises(ValueError, match="0 sample"):
        LinearRegression().fit(X[:0], y[:0])
    with pytest.raises(ValueError, match="dim 3"):
        LinearRegression().fit(X[:, :, None], y)
    with pytest.raises(ValueError, match="requires numeric y"):
        LinearRegression().fit(X[:3], ["a", "b", "c"])
    with pytest.raises(ValueError, match="alpha"):
        LinearRegression(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="available: 'cg'"):
        LinearRegression(solver="no-such").fit(X, y)
    with pytest.raises(ValueError, match="requires numeric X"):
        LinearRegression().fit([["a", "b"], ["c", "d"]], [1.0, 2.0])
    with pytest.raises(NotFittedError):
        LinearRegression().predict(X)
    model = LinearRegression().fit(X, y)
    with pytest.raises(ValueError, match="features"):
        model.predict(X[:, :4])


def test_inputs_unmodified_pickle_clone(diabetes):
    X, y = diabetes
    Xc, yc = X.copy(), y.copy()
    solver = plugins.resolve("solvers", "qr")
    model = LinearRegression(solver=solver).fit(X, y, sample_weight=np.ones(len(y)))
    np.testing.assert_array_equal(X, Xc)
    np.testing.assert_array_equal(y, yc)
    # the constructor's solver object is kept as given and never receives the
    # fit's report (``solver_`` is a fitted copy)
    assert model.solver is solver
    assert model.solver_ is not solver
    assert "reason_" not in vars(solver)
    assert model.solver_.reason_
    again = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(again.predict(X), model.predict(X))
    fresh = clone(model)
    assert not hasattr(fresh, "coef_")


def test_third_party_solver_and_grid_params(diabetes):
    X, y = diabetes

    class NumpyLstsq(Solver):
        name = "numpy_lstsq"

        def __init__(self, rcond=None):
            self.rcond = rcond

        def solve(self, A, Y, *, alpha=0.0):
            coef = np.linalg.lstsq(A, Y, rcond=self.rcond)[0]
            return SolverResult(coef=coef)

    class SingleTargetOnly(NumpyLstsq):
        name = "single"
        supports_multi_output = False
        supports_sample_weight = False

    plugins.register("solvers", "numpy_lstsq", NumpyLstsq)
    try:
        limited = LinearRegression(solver=SingleTargetOnly)
        assert not limited.__sklearn_tags__().target_tags.multi_output
        with pytest.raises(ValueError, match="does not support 2-D y"):
            limited.fit(X, np.column_stack([y, y]))
        with pytest.raises(ValueError, match="does not support sample_weight"):
            limited.fit(X, y, sample_weight=np.ones(len(y)))
        model = LinearRegression(solver="numpy_lstsq").fit(X, y)
        np.testing.assert_allclose(_params(model), _lstsq(X, y), rtol=1e-8)
        assert np.all(np.isfinite(model.coef_stderr_))
    finally:
        plugins.registry("solvers").unregister("numpy_lstsq")
    est = LinearRegression(solver=plugins.resolve("solvers", "lsqr"))
    est.set_params(solver__tol=1e-12)
    assert est.get_params()["solver__tol"] == 1e-12


def test_deterministic_and_grid_search(diabetes):
    from sklearn.model_selection import GridSearchCV

    X, y = diabetes
    a = LinearRegression(solver="lsqr").fit(X, y).predict(X)
    b = LinearRegression(solver="lsqr").fit(X, y).predict(X)
    np.testing.assert_array_equal(a, b)
    search = GridSearchCV(
        LinearRegression(solver=plugins.resolve("solvers", "lsmr")),
        {"alpha": [0.0, 1.0], "solver__tol": [1e-6, 1e-10]},
        cv=3,
    ).fit(X, y)
    assert search.best_estimator_.solver_.name == "lsmr"
    assert set(search.best_params_) == {"alpha", "solver__tol"}


def test_partial_fit_sparse_chunks_and_multi_output(diabetes):
    X, y = diabetes
    Y = np.column_stack([y, -2 * y])
    stream = LinearRegression()
    for start in range(0, len(y), 150):
        part = slice(start, start + 150)
        stream.partial_fit(sp.csr_matrix(X[part]), Y[part])
    full = LinearRegression().fit(X, Y)
    np.testing.assert_allclose(stream.coef_, full.coef_, rtol=1e-9)
    np.testing.assert_allclose(stream.intercept_, full.intercept_, rtol=1e-9)
    with pytest.raises(ValueError, match="targets"):
        stream.partial_fit(X[:5], y[:5])
