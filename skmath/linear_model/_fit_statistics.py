"""Goodness-of-fit statistics and the rank of a Gram matrix, as statsmodels.

Pure functions on the sums a fit already has (residual and total sums of
squares, the rank, the number of rows) plus :func:`gram_inverse`, which gives
the iterative solvers (``cg``, ``lsqr``, ``lsmr``: no factorization of their
own) the numerical rank and the pseudo-inverse that the statistics need.

Definitions follow statsmodels ``RegressionResults`` (``k_constant`` is 1
with an intercept, else 0; ``rank`` counts the intercept):

- ``df_model = rank - k_constant``, ``df_resid = n - rank``;
- ``rsquared = 1 - ssr / tss`` with the weighted centred total sum of
  squares (with intercept) or the uncentred one (without);
- ``rsquared_adj = 1 - (n - k_constant) / df_resid * (1 - rsquared)``;
- ``fvalue = (ess / df_model) / (ssr / df_resid)`` for the classical
  covariance, the Wald F statistic of "all slopes are zero" for a robust one
  (:func:`wald_f`);
- ``llf = -n/2 (1 + log(2 pi ssr / n)) + sum(log w) / 2``;
- ``aic = -2 llf + 2 rank``, ``bic = -2 llf + log(n) rank``.
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla
from scipy import stats

_EPS = np.finfo(np.float64).eps
# Gram eigenvalues below this fraction of the largest are checked against
# the data itself (singular values relative to the largest below ~1e-4)
_SUSPECT = np.sqrt(_EPS)


def gram_inverse(gram, n_samples, A=None):
    """Numerical rank and (pseudo-)inverse of a Gram matrix ``A^T A``.

    The Gram matrix squares the condition number, so its small eigenvalues
    carry little information.  The columns are equilibrated (unit diagonal,
    which removes bad scaling, e.g. Longley's), and directions whose
    eigenvalue falls below ``sqrt(eps)`` of the largest are re-measured on
    ``A`` itself (Rayleigh-Ritz: the singular values of ``A`` restricted to
    that subspace), where an exact dependency (one-hot dummies beside an
    intercept) gives ``~eps`` and a merely ill-conditioned direction does not.
    A direction is dropped when its singular value is at most
    ``max(n_samples, n_features) * eps`` of the largest (``matrix_rank``'s
    rule); without ``A`` the same rule is applied to the square roots of the
    eigenvalues.

    Parameters
    ----------
    gram : ndarray of shape (n_features, n_features)
        ``A^T A`` of the centred, weighted design.
    n_samples : int
        Rows of ``A`` (for the tolerance).
    A : {ndarray, sparse matrix, LinearOperator}, default=None
        The design itself, used only to re-measure suspect directions.

    Returns
    -------
    inv : ndarray of shape (n_features, n_features)
        The Moore-Penrose pseudo-inverse of ``gram`` (its inverse at full
        rank), computed from the equilibrated matrix by Cholesky.
    rank : int
    """
    G = np.asarray(gram, dtype=np.float64)
    p = G.shape[0]
    if p == 0:
        return np.zeros((0, 0)), 0
    d = np.sqrt(np.clip(np.diag(G), 0.0, None))
    zero = d <= d.max(initial=0.0) * _EPS
    d = np.where(zero, 1.0, d)
    Gs = G / np.outer(d, d)
    Gs[zero, :] = Gs[:, zero] = 0.0
    lam, V = np.linalg.eigh(Gs)
    lam_max = max(float(lam[-1]), _EPS)
    tol = max(n_samples, p) * _EPS
    suspect = lam < lam_max * _SUSPECT
    if not suspect.any():
        return _inverse_on(G, d, None), p
    Vs = V[:, suspect]
    if A is not None:
        AV = np.asarray(A @ (Vs / d[:, None]), dtype=np.float64)
        _, sv, Wt = np.linalg.svd(AV, full_matrices=False)
        null = Vs @ Wt.T[:, sv <= np.sqrt(lam_max) * tol]
    else:
        null = Vs[:, np.sqrt(np.clip(lam[suspect], 0, None))
                  <= np.sqrt(lam_max) * tol]
    rank = p - null.shape[1]
    if rank == p:
        return _inverse_on(G, d, None), p
    # the null space of A (the same vectors whatever the column scaling)
    Q = sla.qr(null / d[:, None], mode="full")[0]
    return _inverse_on(G, d, Q[:, null.shape[1]:]), rank


def _inverse_on(G, d, Q):
    """``Q (Q^T G Q)^{-1} Q^T`` (``G^{-1}`` for ``Q=None``) by equilibrated
    Cholesky, falling back to an eigen-decomposition if it breaks down."""
    if Q is not None:
        G = Q.T @ G @ Q
        d = np.sqrt(np.clip(np.diag(G), _EPS * np.abs(G).max(initial=1.0), None))
    Gs = G / np.outer(d, d)
    try:
        L = sla.cholesky(Gs, lower=True, check_finite=False)
        Li = sla.solve_triangular(L, np.eye(len(L)), lower=True, check_finite=False)
        inv_s = Li.T @ Li
    except np.linalg.LinAlgError:
        inv_s = np.linalg.pinv(Gs, hermitian=True)
    inv = inv_s / np.outer(d, d)
    if Q is not None:
        inv = Q @ inv @ Q.T
    return 0.5 * (inv + inv.T)


def wald_f(params, cov):
    """Wald F statistic of ``params == 0`` and its numerator df.

    As statsmodels ``f_test``: ``params^T pinv(cov) params / J`` with ``J``
    the rank of ``cov``.
    """
    if params.size == 0:
        return np.nan, 0
    J = int(np.linalg.matrix_rank(cov))
    if J == 0:
        return np.nan, 0
    return float(params @ np.linalg.pinv(cov) @ params) / J, J


def fit_statistics(*, ssr, centered_tss, uncentered_tss, n_samples, rank,
                   fit_intercept, sum_log_w=0.0, robust_f=None):
    """statsmodels' fit statistics per target.

    Parameters
    ----------
    ssr, centered_tss, uncentered_tss : ndarray of shape (n_targets,)
        Weighted residual sum of squares and total sums of squares.
    n_samples : int
        Number of rows (statsmodels ``nobs``).
    rank : int
        Rank of the full design, intercept included.
    fit_intercept : bool
    sum_log_w : float, default=0.0
        ``sum(log(sample_weight))`` (weighted likelihood).
    robust_f : list of (float, int) or None
        Per target, the Wald F and its numerator df when the covariance is
        robust; None for the classical F.

    Returns
    -------
    dict of ndarray of shape (n_targets,) (``df_model``, ``df_resid``: int)
    """
    ssr = np.asarray(ssr, dtype=np.float64)
    k_const = int(bool(fit_intercept))
    n = float(n_samples)
    df_model = rank - k_const
    df_resid = n_samples - rank
    tss = np.asarray(centered_tss if k_const else uncentered_tss, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rsq = 1.0 - ssr / tss
        rsq_adj = 1.0 - (n - k_const) / df_resid * (1.0 - rsq)
        if robust_f is None:
            fvalue = ((tss - ssr) / df_model) / (ssr / df_resid)
            f_pvalue = stats.f.sf(fvalue, df_model, df_resid)
        else:
            fvalue = np.array([f for f, _ in robust_f], dtype=np.float64)
            f_pvalue = np.array([stats.f.sf(f, J, df_resid) if J else np.nan
                                 for f, J in robust_f])
        llf = -n / 2 * (1.0 + np.log(2 * np.pi * ssr / n)) + 0.5 * sum_log_w
    return {
        "rsquared": rsq,
        "rsquared_adj": rsq_adj,
        "fvalue": fvalue,
        "f_pvalue": f_pvalue,
        "llf": llf,
        "aic": -2 * llf + 2 * rank,
        "bic": -2 * llf + np.log(n) * rank,
        "df_model": int(df_model),
        "df_resid": int(df_resid),
    }


def inference_df(cov_type, df_resid):
    """Degrees of freedom of the tests: ``df_resid`` (Student t) for the
    classical covariance, None (normal) for a robust one, as statsmodels'
    default ``use_t``."""
    return df_resid if cov_type == "nonrobust" else None


def t_test(params, stderr, df):
    """``(tvalues, pvalues)``: two-sided tests of ``params == 0``, Student t
    on ``df`` degrees of freedom or normal for ``df=None``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.asarray(params) / np.asarray(stderr)
    dist = stats.norm if df is None else stats.t(df)
    return t, 2 * dist.sf(np.abs(t))
