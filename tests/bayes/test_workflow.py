"""The Bayesian workflow (#22): ArviZ-complete results, priors as plugins,
sample weights, MAP as the mode, probability intervals, quiet first fits.

PyTensor compilation is the expensive part: most tests use ``"map"`` on
small data; the NUTS checks share one compiled model per structure.
"""

import subprocess
import sys
import warnings

import numpy as np
import pytest
from scipy.optimize import minimize
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.preprocessing import StandardScaler

from skmath import plugins
from skmath.bayes import (
    BayesianLinearRegression,
    BayesianLogisticRegression,
    LaplacePrior,
    NormalPrior,
    StudentTPrior,
    exact_gaussian_posterior,
)

from .test_bayes import _count_builds

NOISE = 0.7


@pytest.fixture(scope="module")
def diabetes_df():
    data = load_diabetes(as_frame=True)
    return data.data, data.target


@pytest.fixture(scope="module")
def small_std():
    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X[:120, :5])
    y = y[:120]
    return X, (y - y.mean()) / y.std()


def _map(**kw):
    return BayesianLinearRegression(inference="map", random_state=0, **kw)


# -- 1. ArviZ-complete idata_ and summary() --------------------------------
def test_idata_named_and_loo_works(diabetes_df):
    import arviz as az

    X, y = diabetes_df
    est = _map().fit(X, y)
    post = est.idata_.posterior
    assert list(post["coef"].coords["feature"].values) == list(X.columns)
    assert post["coef"].shape == (1, 1000, X.shape[1])  # one chain of draws
    np.testing.assert_array_equal(est.idata_.observed_data["y"].values, y)
    assert est.idata_.log_likelihood["y"].shape == (1, 1000, len(y))
    loo = az.loo(est.idata_)
    assert np.isfinite(loo.elpd_loo) and loo.elpd_loo < 0
    waic = az.waic(est.idata_)
    assert abs(waic.elpd_waic - loo.elpd_loo) < 5
    narrow = _map(prior_scale=0.01).fit(X, y)
    table = az.compare({"default": est.idata_, "narrow": narrow.idata_})
    assert table.index[0] == "default"  # a 0.01 prior underfits


def test_summary_indexed_by_feature(diabetes_df):
    X, y = diabetes_df
    est = _map().fit(X, y)
    table = est.summary()
    assert list(table.index) == [*X.columns, "intercept", "sigma"]
    assert {"mean", "sd", "2.5%", "97.5%"} <= set(table.columns)
    assert "r_hat" not in table.columns  # Laplace draws are not a chain
    np.testing.assert_allclose(table.loc[list(X.columns), "sd"], est.coef_std_)


def test_posterior_predictive_on_request(small_std):
    X, y = small_std
    assert "posterior_predictive" not in _map().fit(X, y).idata_.groups()
    est = _map(posterior_predictive=True, noise_std=0.5).fit(X, y)
    pp = est.idata_.posterior_predictive["y"].values
    assert pp.shape == (1, 1000, len(y))
    mean, sd = est.predict(X, return_std=True)
    assert np.abs(pp[0].mean(0) - mean).max() < 5 * sd.max() / np.sqrt(1000)
    np.testing.assert_allclose(pp[0].std(0), sd, rtol=0.15)


# -- 2. priors as plugins --------------------------------------------------
def test_priors_are_a_plugin_kind():
    assert plugins.available("priors") == ["horseshoe", "laplace", "normal",
                                           "student_t"]
    assert "priors" in plugins.KINDS


def test_student_t_with_huge_nu_is_the_normal_prior(small_std):
    X, y = small_std
    normal = _map(noise_std=NOISE).fit(X, y)
    t = _map(noise_std=NOISE, prior=StudentTPrior(scale=1.0, nu=1e7)).fit(X, y)
    np.testing.assert_allclose(t.coef_, normal.coef_, rtol=1e-4, atol=1e-6)
    heavy = _map(noise_std=NOISE, prior=StudentTPrior(scale=0.05, nu=1.0))
    light = _map(noise_std=NOISE, prior=NormalPrior(scale=0.05))
    # at a small scale the Cauchy shrinks the large effects less
    assert np.abs(heavy.fit(X, y).coef_).max() > 1.5 * np.abs(
        light.fit(X, y).coef_).max()


def test_laplace_map_is_the_lasso_solution(small_std):
    """MAP under the Laplace prior against scipy on the same objective, with
    the L1 term made smooth by splitting beta = u - v, u, v >= 0."""
    X, y = small_std
    b, s = 0.05, NOISE  # data already standardised: the estimator's units
    est = BayesianLinearRegression(
        inference="map", prior=LaplacePrior(scale=b), noise_std=s,
        fit_intercept=False, random_state=0,
    ).fit(X, y)
    # the estimator rescales to unit root mean square (no intercept)
    xs = np.sqrt((X**2).mean(0))
    ys = np.sqrt((y**2).mean())
    Z, t, p = X / xs, y / ys, X.shape[1]

    def objective(uv):
        beta = uv[:p] - uv[p:]
        r = t - Z @ beta
        value = (r @ r) / (2 * (s / ys) ** 2) + uv.sum() / b
        g = -Z.T @ r / (s / ys) ** 2
        return value, np.r_[g + 1 / b, -g + 1 / b]

    res = minimize(objective, np.zeros(2 * p), jac=True, method="L-BFGS-B",
                   bounds=[(0, None)] * (2 * p), options={"gtol": 1e-12})
    beta = res.x[:p] - res.x[p:]
    assert np.sum(np.abs(beta) < 1e-8) >= 1  # the lasso zeroes some weights
    np.testing.assert_allclose(est.coef_, beta * ys / xs, atol=2e-3)


def test_nuts_matches_hand_written_pymc_with_the_same_prior(small_std):
    import pymc as pm

    X, y = small_std
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = BayesianLinearRegression(
            inference="nuts", prior="student_t", prior_scale=0.3,
            noise_std=NOISE, fit_intercept=False, draws=500, tune=500,
            random_state=0,
        ).fit(X, y)
        xs = np.sqrt((X**2).mean(0))
        ys = np.sqrt((y**2).mean())
        with pm.Model():
            beta = pm.StudentT("beta", nu=3.0, mu=0.0, sigma=0.3, shape=X.shape[1])
            pm.Normal("y", (X / xs) @ beta, NOISE / ys, observed=y / ys)
            idata = pm.sample(500, tune=500, chains=2, cores=1, random_seed=1,
                              progressbar=False, compute_convergence_checks=False)
    ref = idata.posterior["beta"].values.reshape(-1, X.shape[1]) * ys / xs
    z = np.abs(est.coef_ - ref.mean(0)) / ref.std(0)
    assert z.max() < 0.2, z
    np.testing.assert_allclose(est.coef_std_, ref.std(0), rtol=0.15)


def test_horseshoe_shrinks_null_weights():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 8))
    y = 3 * X[:, 0] + rng.normal(size=200)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = BayesianLinearRegression(
            inference="fullrank_advi", prior="horseshoe", noise_std=1.0,
            n_iter=3000, random_state=0,
        ).fit(X, y)
    assert abs(est.coef_[0] - 3) < 0.2
    assert np.abs(est.coef_[1:]).max() < 0.1


def test_prior_parameters_are_searchable(small_std):
    X, y = small_std
    grid = GridSearchCV(
        _map(prior=StudentTPrior()),
        {"prior__scale": [0.01, 1.0], "prior__nu": [1.0, 30.0]}, cv=2,
    ).fit(X, y)
    assert grid.best_params_["prior__scale"] == 1.0
    assert isinstance(grid.best_estimator_.prior_, StudentTPrior)
    assert grid.best_estimator_.prior_.scale == 1.0


def test_prior_by_name_takes_prior_scale(small_std):
    X, y = small_std
    est = _map(prior="laplace", prior_scale=0.2).fit(X, y)
    assert isinstance(est.prior_, LaplacePrior) and est.prior_.scale == 0.2
    assert est.prior == "laplace"


# -- 3. sample weights -----------------------------------------------------
@pytest.mark.parametrize("noise_std", [NOISE, None])
def test_integer_weights_are_repeated_rows_linear(small_std, noise_std):
    X, y = small_std
    counts = np.random.default_rng(0).integers(0, 4, size=len(y))
    weighted = _map(noise_std=noise_std).fit(X, y, sample_weight=counts)
    repeated = _map(noise_std=noise_std).fit(np.repeat(X, counts, 0),
                                             np.repeat(y, counts))
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-5, atol=1e-8)
    assert weighted.intercept_ == pytest.approx(repeated.intercept_, abs=1e-6)
    np.testing.assert_allclose(weighted.coef_std_, repeated.coef_std_, rtol=1e-3)
    assert not np.allclose(weighted.coef_, _map(noise_std=noise_std).fit(X, y).coef_)


def test_integer_weights_are_repeated_rows_logistic():
    X, y = load_breast_cancer(return_X_y=True)
    X, y = X[:150, :6], y[:150]
    counts = np.random.default_rng(1).integers(0, 3, size=len(y))
    clf = BayesianLogisticRegression(inference="map", random_state=0)
    weighted = clf.fit(X, y, sample_weight=counts).coef_.copy()
    repeated = clf.fit(np.repeat(X, counts, 0), np.repeat(y, counts)).coef_
    np.testing.assert_allclose(weighted, repeated, rtol=1e-4, atol=1e-7)


def test_nuts_with_weights_matches_exact_posterior_of_repeated_rows(small_std):
    X, y = small_std
    counts = np.random.default_rng(2).integers(1, 4, size=len(y))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = BayesianLinearRegression(
            inference="nuts", noise_std=NOISE, draws=500, tune=500, random_state=0,
        ).fit(X, y, sample_weight=counts)
    exact = exact_gaussian_posterior(np.repeat(X, counts, 0), np.repeat(y, counts),
                                     noise_std=NOISE)
    z = np.abs(est.coef_ - exact["coef_mean"]) / exact["coef_std"]
    assert z.max() < 0.2, z
    np.testing.assert_allclose(est.coef_std_, exact["coef_std"], rtol=0.15)


# -- 6. MAP means the mode -------------------------------------------------
def test_map_coef_is_the_mode_not_a_draw_average(small_std):
    X, y = small_std
    exact = exact_gaussian_posterior(X, y, noise_std=NOISE)
    for draws in (5, 1000):
        est = BayesianLinearRegression(inference="map", draws=draws,
                                       noise_std=NOISE, random_state=0).fit(X, y)
        z = np.abs(est.coef_ - exact["coef_mean"]) / exact["coef_std"]
        assert z.max() < 1e-4, (draws, z)


# -- 7. probabilities with uncertainty --------------------------------------
@pytest.fixture(scope="module")
def breast_cancer_fit():
    X, y = load_breast_cancer(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0,
                                          stratify=y)
    clf = BayesianLogisticRegression(random_state=0).fit(Xtr, ytr)
    return clf, Xte, yte


def _ece(proba, y, n_bins=10):
    conf = proba[:, 1]
    bins = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    return sum(
        np.mean(bins == b) * abs(conf[bins == b].mean() - y[bins == b].mean())
        for b in range(n_bins) if np.any(bins == b)
    )


def test_probability_intervals_and_calibration(breast_cancer_fit):
    clf, Xte, yte = breast_cancer_fit
    proba, std = clf.predict_proba(Xte, return_std=True)
    lo, hi = clf.predict_proba_interval(Xte, level=0.9)
    assert lo.shape == hi.shape == proba.shape == std.shape
    assert np.all(hi >= lo) and (hi - lo).max() > 0.05
    # the posterior mean of a probability near 0 or 1 may lie outside its
    # (skewed) interval, but not by much
    assert np.all((proba > lo - 2 * std) & (proba < hi + 2 * std))
    # uncertain rows (near 0.5) have wider intervals than confident ones
    width = (hi - lo)[:, 1]
    margin = np.abs(proba[:, 1] - 0.5)
    assert width[margin < 0.3].mean() > 3 * width[margin > 0.49].mean()
    assert _ece(proba, yte) <= 0.05
    np.testing.assert_allclose(clf.predict_proba(Xte), proba)
    with pytest.raises(ValueError, match="level"):
        clf.predict_proba_interval(Xte, level=1.5)


# -- bad input --------------------------------------------------------------
@pytest.mark.parametrize(
    "params, match",
    [
        ({"prior": "cauchy"}, "available: 'horseshoe', 'laplace', 'normal'"),
        ({"prior": NormalPrior(scale=-1.0)}, "scale"),
        ({"prior": StudentTPrior(nu=0.0)}, "nu"),
        ({"prior": "student_t", "prior_scale": -2.0}, "prior_scale"),
    ],
)
def test_bad_priors_refused_before_compiling(params, match, monkeypatch):
    builds = _count_builds(monkeypatch)
    X = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match=match):
        BayesianLinearRegression(inference="map", **params).fit(X, X[:, 0])
    assert builds == []


@pytest.mark.parametrize(
    "weights, match",
    [(np.ones(5), "sample_weight.shape"), (-np.ones(20), "(?i)negative"),
     (np.zeros(20), "zero")],
)
@pytest.mark.parametrize("cls", [BayesianLinearRegression, BayesianLogisticRegression])
def test_bad_sample_weight(cls, weights, match, monkeypatch):
    builds = _count_builds(monkeypatch)
    X = np.random.default_rng(0).normal(size=(20, 2))
    with pytest.raises(ValueError, match=match):
        cls(inference="map").fit(X, (X[:, 0] > 0).astype(int), sample_weight=weights)
    assert builds == []


# -- 5. feedback: the first fit says it compiles; nothing leaks -------------
_FIRST_FIT = """
import warnings
warnings.simplefilter("always")
import numpy as np
from skmath.bayes import BayesianLinearRegression
rng = np.random.default_rng(0)
X = rng.normal(size=(40, 2)); y = X @ [1.0, 2.0] + rng.normal(size=40)
BayesianLinearRegression(inference="nuts", draws=50, tune=50, chains=1,
                         verbose=1, random_state=0).fit(X, y)
BayesianLinearRegression(inference="map", verbose=1).fit(X, y)
"""


def test_first_fit_says_it_compiles_and_nothing_leaks():
    out = subprocess.run([sys.executable, "-c", _FIRST_FIT], capture_output=True,
                         text=True, check=True, timeout=600)
    assert out.stdout.count("compiling the PyMC linear model") == 1, out.stdout
    assert out.stdout.count("compiled the PyMC linear model") == 1, out.stdout
    assert "BLAS" not in out.stderr, out.stderr
    assert "RuntimeWarning" not in out.stderr, out.stderr


# -- 4. nutpie (optional extra) ---------------------------------------------
def test_nutpie_matches_exact_posterior(small_std):
    pytest.importorskip("nutpie")
    X, y = small_std
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = BayesianLinearRegression(
            inference="nutpie", noise_std=NOISE, draws=500, tune=500,
            random_state=0,
        ).fit(X, y)
        again = BayesianLinearRegression(
            inference="nutpie", noise_std=NOISE, draws=500, tune=500,
            random_state=0,
        ).fit(X, y)
    exact = exact_gaussian_posterior(X, y, noise_std=NOISE)
    z = np.abs(est.coef_ - exact["coef_mean"]) / exact["coef_std"]
    assert z.max() < 0.2, z
    np.testing.assert_allclose(est.coef_std_, exact["coef_std"], rtol=0.15)
    np.testing.assert_array_equal(again.coef_, est.coef_)  # same seed
    assert est.summary()["ess_bulk"].min() > 200
    assert "diverging" in est.idata_.sample_stats
