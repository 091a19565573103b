"""Tests of skmath.bayes: accuracy against the exact posterior, coverage,
contracts.  PyTensor compilation is expensive, so fitted models are shared
through module-scoped fixtures and most contract tests use ``inference="map"``.
"""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.preprocessing import StandardScaler

from skmath import plugins
from skmath.bayes import (
    MAP,
    BayesianLinearRegression,
    BayesianLogisticRegression,
    InferenceMethod,
    InferenceResult,
    exact_gaussian_posterior,
)

NOISE = 0.7


def independent_posterior(X, y, *, prior_scale, noise_std, sample_weight=None):
    """The exact posterior of (coef, intercept) in the original units, written
    without skmath: the model's prior on standardised weights (sd
    ``prior_scale``) and intercept (sd 10 on the standardised target) is
    mapped to the original units, then the textbook conjugate update."""
    n, p = X.shape
    xm, xs = X.mean(0), X.std(0)
    ym, ys = y.mean(), y.std()
    # theta = (coef, intercept) = A (beta_std, alpha_std) + c
    A = np.zeros((p + 1, p + 1))
    A[:p, :p] = np.diag(ys / xs)
    A[p, :p] = -ys * xm / xs
    A[p, p] = ys
    c = np.r_[np.zeros(p), ym]
    prior_cov = A @ np.diag(np.r_[np.full(p, prior_scale**2), 100.0]) @ A.T
    D = np.column_stack([X, np.ones(n)])
    w = np.ones(n) if sample_weight is None else sample_weight
    precision = np.linalg.inv(prior_cov) + D.T @ (w[:, None] * D) / noise_std**2
    cov = np.linalg.inv(precision)
    mean = cov @ (np.linalg.solve(prior_cov, c) + D.T @ (w * y) / noise_std**2)
    return {"mean": mean, "cov": cov, "sd": np.sqrt(np.diag(cov))}


@pytest.fixture(scope="module")
def diabetes_std():
    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    return X, (y - y.mean()) / y.std()


@pytest.fixture(scope="module")
def diabetes_raw():
    X, y = load_diabetes(return_X_y=True)
    # raw units far from standardised: scaled, and offset so that the
    # intercept's back-transform matters (diabetes comes mean-centred)
    return X * 100 + np.arange(1, 11) * 5.0, y


@pytest.fixture(scope="module")
def raw_exact(diabetes_raw):
    X, y = diabetes_raw
    return independent_posterior(X, y, prior_scale=1.0, noise_std=NOISE * y.std())


def _fit_oracle(X, y, inference, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return BayesianLinearRegression(
            inference=inference, noise_std=NOISE * y.std(), random_state=0, **kw,
        ).fit(X, y)


@pytest.fixture(scope="module")
def oracle_fits(diabetes_raw):
    X, y = diabetes_raw
    return {
        "nuts": _fit_oracle(X, y, "nuts", draws=500, tune=500),
        "fullrank_advi": _fit_oracle(X, y, "fullrank_advi"),
        "advi": _fit_oracle(X, y, "advi"),
        "map": _fit_oracle(X, y, "map"),
    }


def test_exact_gaussian_posterior_matches_independent_oracle(diabetes_raw, raw_exact):
    X, y = diabetes_raw
    post = exact_gaussian_posterior(X, y, noise_std=NOISE * y.std())
    np.testing.assert_allclose(post["coef_mean"], raw_exact["mean"][:-1], rtol=1e-8)
    np.testing.assert_allclose(post["coef_cov"], raw_exact["cov"][:-1, :-1],
                               rtol=1e-8)
    assert post["intercept_std"] == pytest.approx(raw_exact["sd"][-1], rel=1e-8)


@pytest.mark.parametrize(
    "method, mean_tol, sd_tol",
    [("nuts", 0.12, 0.12), ("fullrank_advi", 0.15, 0.20), ("map", 1e-4, 0.08)],
)
def test_matches_exact_posterior(oracle_fits, raw_exact, method, mean_tol, sd_tol):
    est = oracle_fits[method]
    mean = np.r_[est.coef_, est.intercept_]
    sd = np.r_[est.coef_std_, est.intercept_std_]
    z = np.abs(mean - raw_exact["mean"]) / raw_exact["sd"]
    ratio = sd / raw_exact["sd"]
    assert z.max() < mean_tol, z
    assert np.abs(ratio - 1).max() < sd_tol, ratio


@pytest.mark.parametrize("method, tol", [("nuts", 0.1), ("map", 0.05),
                                         ("fullrank_advi", 0.15)])
def test_predictive_sd_matches_exact(oracle_fits, raw_exact, diabetes_raw, method,
                                     tol):
    X, y = diabetes_raw
    est = oracle_fits[method]
    Xa = np.column_stack([X[:50], np.ones(50)])
    exact_sd = np.sqrt(np.einsum("ij,jk,ik->i", Xa, raw_exact["cov"], Xa)
                       + (NOISE * y.std()) ** 2)
    # the posterior part of the predictive variance alone, where errors show
    exact_post_sd = np.sqrt(np.einsum("ij,jk,ik->i", Xa, raw_exact["cov"], Xa))
    mean, sd = est.predict(X[:50], return_std=True)
    np.testing.assert_allclose(sd, exact_sd, rtol=tol / 10)
    post_sd = np.sqrt(np.maximum(sd**2 - (NOISE * y.std()) ** 2, 0))
    np.testing.assert_allclose(post_sd, exact_post_sd, rtol=2 * tol)


def test_map_mode_and_laplace_covariance_are_the_closed_form():
    """The MAP plugin on one posterior problem: its mode and its Laplace
    covariance equal the conjugate closed form in the standardised space."""
    from skmath.bayes import NormalPrior
    from skmath.bayes._model import get_problem

    rng = np.random.default_rng(1)
    Z = rng.normal(size=(80, 3))
    y = Z @ [0.5, -1.0, 0.2] + 0.3 + 0.4 * rng.normal(size=80)
    problem = get_problem("linear", Z, y, fit_intercept=True, n_outputs=1,
                          prior=NormalPrior(scale=0.8), noise_std=0.4)
    with problem:
        result = MAP(draws=10).fit(problem, random_state=0)
    D = np.column_stack([Z, np.ones(80)])
    precision = D.T @ D / 0.4**2 + np.diag([0.8**-2] * 3 + [10.0**-2])
    cov = np.linalg.inv(precision)
    mode = cov @ D.T @ y / 0.4**2
    assert problem.names == ["beta", "alpha"]
    np.testing.assert_allclose(result.diagnostics["mode"], mode, rtol=1e-6)
    np.testing.assert_allclose(result.diagnostics["covariance"], cov, rtol=1e-4)
    np.testing.assert_allclose(result.point["beta"], mode[:3], rtol=1e-6)


def test_mean_field_underestimates_correlated_sds(oracle_fits, raw_exact):
    est = oracle_fits["advi"]
    z = np.abs(est.coef_ - raw_exact["mean"][:-1]) / raw_exact["sd"][:-1]
    ratio = est.coef_std_ / raw_exact["sd"][:-1]
    assert z.max() < 0.25  # means are fine
    assert ratio.min() < 0.5  # the correlated features' sds are too small
    assert ratio.max() < 1.1


def test_fitted_attributes(oracle_fits):
    nuts, vi = oracle_fits["nuts"], oracle_fits["advi"]
    assert set(nuts.diagnostics_) >= {"r_hat", "ess_bulk", "n_divergences"}
    assert max(nuts.diagnostics_["r_hat"].values()) < 1.05
    assert "diverging" in nuts.idata_.sample_stats
    assert nuts.idata_.posterior["coef"].shape == (2, 500, 10)
    assert vi.idata_.posterior["coef"].shape == (1, 1000, 10)
    assert vi.converged_ and vi.loss_.ndim == 1 and len(vi.loss_) == vi.n_iter_
    assert type(vi.inference_).__name__ == "ADVI" and vi.inference == "advi"


@pytest.fixture(scope="module")
def diabetes_fit():
    X, y = load_diabetes(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.25, random_state=0)
    est = BayesianLinearRegression(random_state=0).fit(Xtr, ytr)
    return est, Xtr, Xte, ytr, yte


def test_predictive_coverage(diabetes_fit):
    est, _, Xte, _, yte = diabetes_fit
    lo, hi = est.predict_interval(Xte, level=0.95)
    coverage = np.mean((yte >= lo) & (yte <= hi))
    assert 0.90 <= coverage <= 0.99
    mean, std = est.predict(Xte, return_std=True)
    assert np.all(std > est.noise_std_ * 0.99) and np.allclose(mean, est.predict(Xte))
    draws = est.sample_y(Xte[:5], n_samples=2000, random_state=0)
    assert draws.shape == (5, 2000)
    np.testing.assert_allclose(draws.mean(1), mean[:5], atol=4 * std.max() / 40)


def test_same_seed_same_model_and_pickle(diabetes_fit):
    est, Xtr, Xte, ytr, _ = diabetes_fit
    again = clone(est).fit(Xtr, ytr)
    np.testing.assert_array_equal(again.predict(Xte), est.predict(Xte))
    loaded = pickle.loads(pickle.dumps(est))
    np.testing.assert_array_equal(loaded.predict(Xte, return_std=True)[1],
                                  est.predict(Xte, return_std=True)[1])
    assert not hasattr(clone(est), "coef_")


def test_logistic_breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    labels = np.array(["benign", "malignant"])[1 - y]
    Xtr, Xte, ytr, yte = train_test_split(X, labels, test_size=0.25, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        clf = BayesianLogisticRegression(random_state=0).fit(Xtr, ytr)
    assert clf.converged_ and clf.score(Xte, yte) >= 0.95
    proba = clf.predict_proba(Xte)
    np.testing.assert_allclose(proba.sum(1), 1.0)
    assert clf.coef_.shape == (1, 30) and clf.coef_std_.shape == (1, 30)


def test_logistic_multiclass_labels_any_type():
    X, y = load_iris(return_X_y=True)
    labels = np.array(["setosa", "versicolor", "virginica"], dtype=object)[y]
    clf = BayesianLogisticRegression(inference="map", random_state=0).fit(X, labels)
    assert clf.coef_.shape == (3, 4) and clf.intercept_.shape == (3,)
    assert clf.score(X, labels) > 0.9
    assert set(clf.predict(X[:5])) <= set(clf.classes_)


def test_minibatch_advi_matches_full_data_exact_posterior():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20_000, 4))
    w = np.array([1.0, -2.0, 0.5, 0.0])
    y = X @ w + 1.0 + rng.normal(size=len(X))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = BayesianLinearRegression(batch_size=500, n_iter=5000, noise_std=1.0,
                                       log_likelihood=False, random_state=0)
        est.fit(X, y)
    exact = independent_posterior(X, y, prior_scale=1.0, noise_std=1.0)
    mean = np.r_[est.coef_, est.intercept_]
    sd = np.r_[est.coef_std_, est.intercept_std_]
    assert np.all(np.abs(mean - exact["mean"]) < 3 * exact["sd"])
    # the likelihood of a batch counts n / batch_size times: without that
    # scaling the sds come out sqrt(40) ~ 6x too wide (minibatch gradient
    # noise alone widens them by up to ~1.4x)
    ratio = sd / exact["sd"]
    assert np.all((ratio > 0.6) & (ratio < 1.6)), ratio


def _count_builds(monkeypatch):
    from skmath.bayes import _model

    builds = []
    original = _model._CompiledModel

    class Counting(original):
        def __init__(self, *args, **kwargs):
            builds.append(args)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(_model, "_CompiledModel", Counting)
    return builds


def test_grid_search_reuses_compiled_model(diabetes_std, monkeypatch):
    X, y = diabetes_std
    builds = _count_builds(monkeypatch)
    est = BayesianLinearRegression(inference="map", random_state=0)
    est.fit(X, y)  # compiles at most once (other tests may have built it)
    assert len(builds) <= 1
    search = GridSearchCV(est, {"prior_scale": [0.1, 1.0, 10.0]}, cv=3).fit(X, y)
    assert search.best_params_["prior_scale"] in (0.1, 1.0, 10.0)
    search = GridSearchCV(
        BayesianLinearRegression(inference=MAP(draws=100), random_state=0),
        {"inference__laplace": [True, False]}, cv=2,
    ).fit(X, y)
    assert isinstance(search.best_estimator_.inference_, MAP)
    assert len(builds) <= 1, builds  # 16 fits, no new model built


def test_warnings_when_not_converged(diabetes_std):
    X, y = diabetes_std
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        BayesianLinearRegression(n_iter=50, random_state=0).fit(X, y)
    with pytest.warns(ConvergenceWarning, match="r_hat|divergent"):
        BayesianLinearRegression(
            inference="nuts", draws=10, tune=5, chains=2, random_state=0
        ).fit(X[:60], y[:60])


def test_bad_input():
    X = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match="numeric target"):
        BayesianLinearRegression(inference="map").fit(X, np.array(["a", "b"] * 10))
    with pytest.raises(ValueError, match="only one class"):
        BayesianLogisticRegression(inference="map").fit(X, np.zeros(20))
    with pytest.raises(ValueError, match="minibatch"):
        BayesianLinearRegression(inference="nuts", batch_size=5).fit(X, X[:, 0])
    with pytest.raises(ValueError, match="available: 'advi'"):
        BayesianLinearRegression(inference="svgd").fit(X, X[:, 0])
    with pytest.raises(ValueError, match="prior_scale"):
        BayesianLinearRegression(prior_scale=-1.0).fit(X, X[:, 0])


class _PriorOnly(InferenceMethod):
    """A toy third-party method: returns the prior mode as every draw."""

    def __init__(self, draws=10):
        self.draws = draws

    def fit(self, problem, *, random_state, batch_size=None):
        z = np.tile(problem.initial_point(), (1, self.draws, 1))
        return InferenceResult(posterior=problem.constrain(z), converged=True)


def test_third_party_plugin_by_name():
    plugins.register("inference", "prior_only", _PriorOnly)
    try:
        X = np.random.default_rng(0).normal(size=(20, 2))
        est = BayesianLinearRegression(inference="prior_only").fit(X, X[:, 0])
        assert isinstance(est.inference_, _PriorOnly) and est.inference_.draws == 1000
        np.testing.assert_array_equal(est.coef_, 0.0)
    finally:
        plugins.registry("inference").unregister("prior_only")
