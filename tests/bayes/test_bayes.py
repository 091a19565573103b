"""Tests of skmath.bayes: accuracy against the exact posterior, coverage,
contracts.  PyTensor compilation is expensive, so fitted models are shared
through module-scoped fixtures and most contract tests use ``inference="map"``.
"""

import pickle
import time
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


@pytest.fixture(scope="module")
def diabetes_std():
    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    y = (y - y.mean()) / y.std()
    return X, y


@pytest.fixture(scope="module")
def exact(diabetes_std):
    X, y = diabetes_std
    return exact_gaussian_posterior(X, y, noise_std=NOISE, fit_intercept=False)


def _fit_oracle(X, y, inference, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return BayesianLinearRegression(
            inference=inference, noise_std=NOISE, fit_intercept=False,
            random_state=0, **kw,
        ).fit(X, y)


@pytest.fixture(scope="module")
def oracle_fits(diabetes_std):
    X, y = diabetes_std
    return {
        "nuts": _fit_oracle(X, y, "nuts", draws=500, tune=500),
        "fullrank_advi": _fit_oracle(X, y, "fullrank_advi"),
        "advi": _fit_oracle(X, y, "advi"),
        "map": _fit_oracle(X, y, "map"),
    }


@pytest.mark.parametrize(
    "method, mean_tol, sd_tol",
    [("nuts", 0.1, 0.10), ("fullrank_advi", 0.15, 0.20), ("map", 0.1, 0.05)],
)
def test_matches_exact_posterior(oracle_fits, exact, method, mean_tol, sd_tol):
    est = oracle_fits[method]
    z = np.abs(est.coef_ - exact["coef_mean"]) / exact["coef_std"]
    ratio = est.coef_std_ / exact["coef_std"]
    assert z.max() < mean_tol, z
    assert np.abs(ratio - 1).max() < sd_tol, ratio


def test_mean_field_underestimates_correlated_sds(oracle_fits, exact):
    est = oracle_fits["advi"]
    z = np.abs(est.coef_ - exact["coef_mean"]) / exact["coef_std"]
    ratio = est.coef_std_ / exact["coef_std"]
    assert z.max() < 0.25  # means are fine
    assert ratio.min() < 0.5  # the correlated features' sds are too small
    assert ratio.max() < 1.1


def test_fitted_attributes(oracle_fits):
    nuts, vi = oracle_fits["nuts"], oracle_fits["advi"]
    assert set(nuts.diagnostics_) >= {"r_hat", "ess_bulk", "n_divergences"}
    assert max(nuts.diagnostics_["r_hat"].values()) < 1.05
    assert "diverging" in nuts.idata_.sample_stats
    assert nuts.idata_.posterior["coef"].shape == (2, 500, 10)
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


def test_minibatch_advi_recovers_coefficients():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20_000, 4))
    w = np.array([1.0, -2.0, 0.5, 0.0])
    y = X @ w + 1.0 + rng.normal(size=len(X))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = BayesianLinearRegression(batch_size=500, n_iter=5000, random_state=0)
        est.fit(X, y)
    assert np.abs(est.coef_ - w).max() < 0.05
    assert abs(est.intercept_ - 1.0) < 0.05 and abs(est.noise_std_ - 1.0) < 0.05


def test_grid_search_reuses_compiled_model(diabetes_std):
    X, y = diabetes_std
    est = BayesianLinearRegression(inference="map", random_state=0)
    est.fit(X, y)  # compile once
    start = time.perf_counter()
    search = GridSearchCV(est, {"prior_scale": [0.1, 1.0, 10.0]}, cv=3).fit(X, y)
    assert time.perf_counter() - start < 10
    assert search.best_params_["prior_scale"] in (0.1, 1.0, 10.0)
    search = GridSearchCV(
        BayesianLinearRegression(inference=MAP(draws=100), random_state=0),
        {"inference__laplace": [True, False]}, cv=2,
    ).fit(X, y)
    assert isinstance(search.best_estimator_.inference_, MAP)


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
