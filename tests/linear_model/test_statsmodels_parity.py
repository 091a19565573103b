"""The statistics functions equal statsmodels' (robust covariances, fit
statistics, prediction intervals, influence, rank) to 1e-8 relative.

The fitted problem is reduced here by hand (weighted means, centred design,
``lstsq``) so these tests pin the statistics modules themselves; the
estimator-level comparisons live in ``test_statistics.py``.
"""

import numpy as np
import pytest
import scipy.sparse as sp

from skmath.linear_model import CenteredOperator
from skmath.linear_model._fit_statistics import (
    fit_statistics,
    gram_inverse,
    inference_df,
    t_test,
    wald_f,
)
from skmath.linear_model._influence import influence_measures
from skmath.linear_model._intervals import (
    check_kind,
    parameter_intervals,
    prediction_interval,
    prediction_variance,
)
from skmath.linear_model._robust_covariance import (
    check_cov_type,
    classical_covariance,
    leverage,
    sandwich,
    uncentre_covariance,
)
from skmath.linear_model._summary import parameter_names, summary_frame

sm = pytest.importorskip("statsmodels.api")
RTOL = 1e-8


def _rtol(problem, cov_type):
    """statsmodels' own leverages lose digits on Longley (uncentred design,
    condition number 5e9): its HC2/HC3 are 1.2e-8 from the 50-digit values,
    ours 2e-11 (test_longley_hc_against_exact_arithmetic)."""
    return 3e-8 if problem == "longley" and cov_type in ("HC2", "HC3") else RTOL


def _rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def _longley():
    data = sm.datasets.longley.load_pandas()
    return data.exog.to_numpy(), data.endog.to_numpy(), None


def _heteroscedastic():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((300, 4)) * [1, 10, 100, 1000] + [5, 50, 500, 1e4]
    noise = rng.standard_normal(300) * (1 + np.abs(X[:, 0]))
    return X, X @ [1.0, -0.5, 0.02, 0.001] + noise, None


def _weighted():
    X, y, _ = _heteroscedastic()
    return X, y, np.random.default_rng(2).uniform(0.1, 3.0, len(y))


PROBLEMS = {"longley": _longley, "heteroscedastic": _heteroscedastic,
            "weighted": _weighted}


class Fit:
    """A least-squares fit reduced by hand, and statsmodels' on the same data."""

    def __init__(self, X, y, w, fit_intercept):
        n, p = X.shape
        self.X, self.y, self.fit_intercept = X, y, fit_intercept
        ww = np.ones(n) if w is None else w
        self.sqrt_w = None if w is None else np.sqrt(w)
        self.sum_w = ww.sum()
        self.x_mean = ww @ X / ww.sum() if fit_intercept else np.zeros(p)
        y_mean = ww @ y / ww.sum() if fit_intercept else 0.0
        s = np.sqrt(ww)
        A = (X - self.x_mean) * s[:, None]
        self.coef = np.linalg.lstsq(A, (y - y_mean) * s, rcond=None)[0]
        self.intercept = y_mean - self.x_mean @ self.coef
        self.resid = (y - self.intercept - X @ self.coef) * s
        self.inv_gram, rank = gram_inverse(A.T @ A, n, A)
        self.rank = rank + int(fit_intercept)
        self.df_resid = n - self.rank
        self.ssr = self.resid @ self.resid
        self.sigma2 = self.ssr / self.df_resid
        self.params = np.r_[self.intercept, self.coef] if fit_intercept else self.coef
        Z = sm.add_constant(X, has_constant="add") if fit_intercept else X
        self.sm_model = sm.WLS(y, Z, weights=ww)
        self.ww = ww

    def covariance(self, cov_type):
        if cov_type == "nonrobust":
            return classical_covariance(np.array([self.sigma2]), self.inv_gram,
                                        self.sum_w, self.fit_intercept)[0]
        return sandwich(
            self.X, self.y[:, None], self.coef[:, None], np.array([self.intercept]),
            x_mean=self.x_mean, sqrt_w=self.sqrt_w, sum_w=self.sum_w,
            fit_intercept=self.fit_intercept, inv_gram=self.inv_gram,
            cov_type=cov_type, df_resid=self.df_resid,
        )[0]


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("cov_type", ["nonrobust", "HC0", "HC1", "HC2", "HC3"])
def test_covariance_and_tests_match_statsmodels(problem, fit_intercept, cov_type):
    fit = Fit(*PROBLEMS[problem](), fit_intercept)
    ref = fit.sm_model.fit(cov_type=cov_type)
    cov = uncentre_covariance(fit.covariance(cov_type), fit.x_mean, fit_intercept)
    rtol = _rtol(problem, cov_type)
    assert _rel(fit.params, ref.params) < RTOL
    assert _rel(cov, ref.cov_params()) < rtol
    se = np.sqrt(np.diag(cov))
    assert _rel(se, ref.bse) < rtol
    t, pv = t_test(fit.params, se, inference_df(cov_type, fit.df_resid))
    assert _rel(t, ref.tvalues) < rtol
    assert _rel(pv, ref.pvalues) < rtol
    ci = parameter_intervals(fit.params, se, inference_df(cov_type, fit.df_resid),
                             0.9)
    assert _rel(ci, ref.conf_int(alpha=0.1)) < rtol


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("cov_type", ["nonrobust", "HC3"])
def test_fit_statistics_match_statsmodels(problem, fit_intercept, cov_type):
    fit = Fit(*PROBLEMS[problem](), fit_intercept)
    ref = fit.sm_model.fit(cov_type=cov_type)
    robust_f = None
    if cov_type != "nonrobust":
        cov = uncentre_covariance(fit.covariance(cov_type), fit.x_mean,
                                  fit_intercept)
        c = int(fit_intercept)
        robust_f = [wald_f(fit.params[c:], cov[c:, c:])]
    w, yv = fit.ww, fit.y
    ybar = w @ yv / w.sum()
    stats_ = fit_statistics(
        ssr=[fit.ssr], centered_tss=[w @ (yv - ybar) ** 2],
        uncentered_tss=[w @ yv**2], n_samples=len(yv), rank=fit.rank,
        fit_intercept=fit_intercept, sum_log_w=np.log(w).sum(),
        robust_f=robust_f,
    )
    for name in ("rsquared", "rsquared_adj", "fvalue", "f_pvalue", "llf",
                 "aic", "bic"):
        assert _rel(stats_[name][0], getattr(ref, name)) < _rtol(problem,
                                                                  cov_type), name
    assert stats_["df_model"] == ref.df_model
    assert stats_["df_resid"] == ref.df_resid


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("cov_type", ["nonrobust", "HC1"])
def test_prediction_intervals_match_get_prediction(problem, fit_intercept,
                                                   cov_type):
    fit = Fit(*PROBLEMS[problem](), fit_intercept)
    ref = fit.sm_model.fit(cov_type=cov_type)
    Xnew = fit.X[::3] * 1.01
    Znew = sm.add_constant(Xnew, has_constant="add") if fit_intercept else Xnew
    frame = ref.get_prediction(Znew).summary_frame(alpha=0.1)
    pred = fit.intercept + Xnew @ fit.coef
    var = prediction_variance(Xnew, fit.covariance(cov_type), fit.x_mean,
                              fit_intercept)
    for kind, cols in (("mean", ["mean_ci_lower", "mean_ci_upper"]),
                       ("observation", ["obs_ci_lower", "obs_ci_upper"])):
        got = prediction_interval(pred, var, sigma2=fit.sigma2,
                                  df=inference_df(cov_type, fit.df_resid),
                                  level=0.9,
                                  kind=check_kind(kind))
        assert _rel(got, frame[cols].to_numpy()) < RTOL, kind


@pytest.mark.parametrize("problem", sorted(PROBLEMS))
def test_influence_matches_olsinfluence(problem):
    from statsmodels.stats.outliers_influence import OLSInfluence

    X, y, w = PROBLEMS[problem]()
    fit = Fit(X, y, w, True)
    # weighted: OLSInfluence of the whitened problem (the WLS hat matrix)
    s = np.sqrt(fit.ww)
    ref = OLSInfluence(sm.OLS(y * s, sm.add_constant(X) * s[:, None]).fit())
    h = leverage(X, x_mean=fit.x_mean, sqrt_w=fit.sqrt_w, sum_w=fit.sum_w,
                 fit_intercept=True, inv_gram=fit.inv_gram)
    got = influence_measures(h, fit.resid, df_resid=fit.df_resid,
                             n_params=X.shape[1] + 1)
    assert _rel(got["leverage"], ref.hat_matrix_diag) < RTOL
    assert _rel(got["cooks_distance"], ref.cooks_distance[0]) < 1e-6
    assert _rel(got["studentized_residual"], ref.resid_studentized_external) < 1e-6


def _dummies(seed=0, n=400):
    rng = np.random.default_rng(seed)
    f1, f2 = rng.integers(0, 4, n), rng.integers(0, 4, n)
    D = sp.hstack([sp.csr_matrix(np.eye(4)[f1]), sp.csr_matrix(np.eye(4)[f2])])
    return D.tocsr(), f1 * 1.0 - f2 * 0.5 + rng.standard_normal(n)


def test_rank_of_sparse_dummies_with_intercept_matches_statsmodels():
    D, y = _dummies()
    x_mean = np.asarray(D.mean(axis=0)).ravel()
    A = CenteredOperator(D, x_mean)
    inv, rank = gram_inverse(A.gram(), D.shape[0], A)
    with pytest.warns(Warning):  # statsmodels warns about the singular design
        ref = sm.OLS(y, sm.add_constant(D.toarray())).fit()
    assert rank + 1 == ref.model.rank == 7
    assert D.shape[0] - rank - 1 == ref.df_resid == 393
    # the pseudo-inverse is Moore-Penrose: its null space is A's
    G = A.gram()
    np.testing.assert_allclose(G @ inv @ G, G, atol=1e-10 * np.abs(G).max())
    np.testing.assert_allclose(inv @ G @ inv, inv, atol=1e-10 * np.abs(inv).max())


@pytest.mark.parametrize("cov_type", ["HC0", "HC2", "HC3"])
def test_longley_hc_against_exact_arithmetic(cov_type):
    mp = pytest.importorskip("mpmath")
    X, y, _ = _longley()
    fit = Fit(X, y, None, True)
    with mp.workdps(50):
        Z = mp.matrix([[1] + [mp.mpf(float(v)) for v in row] for row in X])
        Gi = (Z.T * Z) ** -1
        e = mp.matrix([mp.mpf(float(v)) for v in y]) - Z * (Gi * (Z.T * mp.matrix(
            [mp.mpf(float(v)) for v in y])))
        meat = mp.matrix(7, 7)
        for i in range(len(X)):
            h = (Z[i, :] * Gi * Z[i, :].T)[0]
            power = {"HC0": 0, "HC2": 1, "HC3": 2}[cov_type]
            meat += e[i] ** 2 / (1 - h) ** power * (Z[i, :].T * Z[i, :])
        exact = np.array((Gi * meat * Gi).tolist(), dtype=float)
    got = uncentre_covariance(fit.covariance(cov_type), fit.x_mean, True)
    assert _rel(got, exact) < 1e-10


def test_rank_without_the_data_uses_the_eigenvalues():
    D, _ = _dummies()
    A = D.toarray() - D.toarray().mean(axis=0)
    assert gram_inverse(A.T @ A, A.shape[0])[1] == 6
    assert gram_inverse(A.T @ A, A.shape[0], A)[1] == 6


def test_ill_conditioned_full_rank_is_not_called_deficient():
    X, _, _ = _longley()
    A = X - X.mean(axis=0)
    inv, rank = gram_inverse(A.T @ A, len(A), A)
    assert rank == 6
    # equilibration keeps Longley's inverse Gram to ~1e-12 (a plain eigh
    # pseudo-inverse of the Gram matrix is off by ~1e-6)
    ref = np.linalg.inv(np.linalg.qr(A, mode="r").T @ np.linalg.qr(A, mode="r"))
    assert _rel(np.diag(inv), np.diag(ref)) < 1e-10


def test_summary_frame_is_indexed_by_parameter_names():
    fit = Fit(*_longley(), True)
    se = np.sqrt(np.diag(uncentre_covariance(fit.covariance("nonrobust"),
                                             fit.x_mean, True)))
    t, pv = t_test(fit.params, se, fit.df_resid)
    names = parameter_names(["a", "b", "c", "d", "e", "f"], 6, True)
    ci = np.stack([fit.params - se, fit.params + se], axis=1)
    frame = summary_frame(names, fit.params, se, t, pv, ci, 0.95)
    assert list(frame.index) == ["const", "a", "b", "c", "d", "e", "f"]
    assert list(frame.columns) == ["coef", "std err", "t", "P>|t|", "[0.025",
                                   "0.975]"]
    assert frame.loc["b", "std err"] == se[2]


def test_bad_choices_are_named():
    with pytest.raises(ValueError, match="'HC0'.*'HC3'.*got 'HC9'"):
        check_cov_type("HC9")
    with pytest.raises(ValueError, match="'mean', 'observation'.*got 'obs'"):
        check_kind("obs")


def test_dask_sandwich_sums_the_chunks():
    da = pytest.importorskip("dask.array")
    from skmath.linear_model._robust_covariance import dask_sandwich

    X, y, w = _weighted()
    fit = Fit(X, y, w, True)
    kw = dict(x_mean=fit.x_mean, sum_w=fit.sum_w, fit_intercept=True,
              inv_gram=fit.inv_gram, cov_type="HC3", df_resid=fit.df_resid)
    args = (fit.coef[:, None], np.array([fit.intercept]))
    whole = sandwich(X, y[:, None], *args, sqrt_w=fit.sqrt_w, **kw)
    chunked = dask_sandwich(
        da.from_array(X, chunks=(70, 4)), da.from_array(y[:, None], chunks=(70, 1)),
        *args, sqrt_w=da.from_array(fit.sqrt_w, chunks=70), **kw)
    assert _rel(chunked, whole) < 1e-12
