"""Report: statsmodels-style inference from a solved least-squares problem.

:func:`inference` turns a :class:`~._solve.Solution` of a reduced
:class:`~._reduce.Problem` into the residual standard deviation, the degrees
of freedom and the standard errors (from the factorization the solver used,
or from the Gram matrix of the design when it gave none);
:func:`conf_int`, :func:`pvalues` and :func:`summary_table` read the fitted
estimator's attributes.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

from ._linalg import gram_matrix, single_threaded_blas
from ._solver_base import RankDeficiencyWarning

__all__ = [
    "MAX_STDERR_FEATURES",
    "Inference",
    "conf_int",
    "inference",
    "params_and_stderr",
    "pvalues",
    "summary_table",
]

# standard errors need the dense (p x p) covariance: only up to this many
# features (beyond, they are NaN)
MAX_STDERR_FEATURES = 2000


@dataclass
class Inference:
    """Statistics of a fit, one entry per target (``k`` targets).

    The standard errors are computed on first use (:meth:`standard_errors`):
    when the solver gave no inverse (iterative solvers) they need the
    ``O(n p^2)`` Gram matrix of the design, which a fit that only predicts
    never pays for.
    """

    intercept: np.ndarray
    df_resid: int
    sigma: np.ndarray
    x_mean: np.ndarray
    sum_weights: float
    inv_gram: np.ndarray | None
    design: object
    alpha: float
    fit_intercept: bool

    def standard_errors(self):
        """``(coef_stderr (k, p), intercept_stderr (k,))``; drops the design."""
        sigma, alpha, x_mean = self.sigma, self.alpha, self.x_mean
        p, k = x_mean.shape[0], sigma.shape[0]
        inv, design = self.inv_gram, self.design
        self.design = None  # the stored design may hold the training data
        if inv is None and design is not None and p <= MAX_STDERR_FEATURES:
            gram = gram_matrix(design)  # O(n p^2): multi-threaded
            with single_threaded_blas():
                inv = np.linalg.pinv(gram + alpha * np.eye(p), hermitian=True)
        if inv is None:
            return np.full((k, p), np.nan), np.full(k, np.nan)
        with single_threaded_blas():
            cov = inv - alpha * inv @ inv if alpha else inv
            dcov = np.clip(np.diag(cov), 0.0, None)
            coef_se = np.sqrt(np.outer(sigma**2, dcov))
            if self.fit_intercept:
                ivar = 1.0 / self.sum_weights + x_mean @ cov @ x_mean
                icpt_se = sigma * np.sqrt(max(ivar, 0.0))
            else:
                icpt_se = np.zeros(k)
        return coef_se, icpt_se


def inference(problem, solution, *, alpha, fit_intercept):
    """Intercept, ``df_resid``, ``sigma`` of a solution (standard errors lazy).

    Warns (:class:`RankDeficiencyWarning`) when the solver found the design
    rank-deficient and there is no ridge penalty.
    """
    result, B, rss = solution.result, solution.coef, solution.rss
    p, n = B.shape[0], problem.n_samples
    x_mean = problem.x_mean
    # centring removes one dimension: n rows have rank at most n - 1 then
    full_rank = min(p, n - int(fit_intercept))
    if result.rank is not None and result.rank < full_rank and not alpha:
        warnings.warn(
            f"X is rank-deficient (rank {result.rank} < {full_rank}, the most "
            f"{p} features and {n} samples allow); the minimum-norm solution "
            "is returned",
            RankDeficiencyWarning,
            stacklevel=4,
        )
    intercept = problem.y_mean - x_mean @ B if fit_intercept else np.zeros(B.shape[1])
    rank = result.rank if result.rank is not None else min(p, n)
    df = int(n - rank - int(fit_intercept))
    with np.errstate(invalid="ignore", divide="ignore"):
        sigma = np.sqrt(rss / df) if df > 0 else np.full_like(rss, np.nan)
    # the design is kept only when the standard errors will need its Gram
    design = solution.design if result.inv_gram is None else None
    return Inference(intercept, df, sigma, x_mean, problem.sum_weights,
                     result.inv_gram, design, alpha, fit_intercept)


def params_and_stderr(model):
    """Parameters (intercept first) and their standard errors of a fitted model."""
    coef = np.atleast_2d(model.coef_)
    se = np.atleast_2d(model.coef_stderr_)
    if model.fit_intercept:
        coef = np.column_stack([np.atleast_1d(model.intercept_), coef])
        se = np.column_stack([np.atleast_1d(model.intercept_stderr_), se])
    if np.ndim(model.coef_) == 1:
        return coef[0], se[0]
    return coef, se


def conf_int(model, level):
    """Student-t confidence intervals of the parameters (as statsmodels)."""
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    est, se = params_and_stderr(model)
    q = stats.t.ppf(0.5 + level / 2, model.df_resid_) if model.df_resid_ > 0 else (
        np.nan)
    return np.stack([est - q * se, est + q * se], axis=-1)


def pvalues(model):
    """Two-sided t-test p-values of the parameters (intercept first)."""
    est, se = params_and_stderr(model)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = est / se
    return 2 * stats.t.sf(np.abs(t), max(model.df_resid_, 1))


def summary_table(model, level):
    """The statsmodels-style coefficient table of a fitted model, as text."""
    est, se = params_and_stderr(model)
    ci, pv = conf_int(model, level), pvalues(model)
    names = list(getattr(model, "feature_names_in_", []))
    names = names or [f"x{j}" for j in range(model.n_features_in_)]
    if model.fit_intercept:
        names = ["intercept", *names]
    lo, hi = f"[{(1 - level) / 2:.3g}", f"{(1 + level) / 2:.3g}]"
    width = max(len(n) for n in names)
    blocks = []
    for k in range(1 if est.ndim == 1 else est.shape[0]):
        e, s_, c, p = (a if est.ndim == 1 else a[k] for a in (est, se, ci, pv))
        head = (f"{'':{width}}  {'coef':>12} {'std err':>12} {'t':>8} "
                f"{'P>|t|':>8} {lo:>12} {hi:>12}")
        lines = [head]
        for j, name in enumerate(names):
            with np.errstate(divide="ignore", invalid="ignore"):
                t = e[j] / s_[j]
            lines.append(
                f"{name:{width}}  {e[j]:12.4g} {s_[j]:12.4g} {t:8.3f} "
                f"{p[j]:8.3g} {c[j, 0]:12.4g} {c[j, 1]:12.4g}"
            )
        sigma = np.atleast_1d(model.sigma_)[k]
        lines.append(
            f"solver: {model.solver_.name} ({model.solver_.reason_}); "
            f"sigma = {sigma:.4g}, df_resid = {model.df_resid_}"
        )
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
