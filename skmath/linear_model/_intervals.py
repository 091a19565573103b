"""Confidence intervals of parameters and prediction intervals for new rows.

Pure functions on a fitted problem's covariance in centred coordinates (see
:mod:`skmath.linear_model._robust_covariance`): the first parameter is the
fitted value at the weighted mean ``x_mean``, the others the slopes, so the
variance of a prediction at ``x`` is ``z^T C z`` with ``z = [1, x - x_mean]``,
computed without the cancellation of the raw ``[1, x]`` form.  As statsmodels
``get_prediction(X).summary_frame()``: the mean's interval uses that variance,
a new observation's adds the residual variance (divided by the new row's
weight, if given), both with Student t quantiles on ``df_resid`` degrees of
freedom (normal quantiles for a robust covariance, as statsmodels'
default ``use_t``).
"""

from __future__ import annotations

import numpy as np
from scipy import stats

INTERVAL_KINDS = ("mean", "observation")


def check_level(level):
    """Return ``level`` as a float in (0, 1) or raise a ValueError."""
    if isinstance(level, bool) or not isinstance(level, (int, float, np.floating)):
        raise TypeError(f"level must be a float in (0, 1); got {level!r}")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1); got {level}")
    return float(level)


def check_kind(kind):
    """Return ``kind`` if it is an interval kind, else raise a ValueError."""
    if kind not in INTERVAL_KINDS:
        raise ValueError(
            f"kind must be one of {', '.join(map(repr, INTERVAL_KINDS))}; "
            f"got {kind!r}"
        )
    return kind


def t_quantile(level, df):
    """Two-sided quantile of coverage ``level``: Student t on ``df`` degrees
    of freedom, normal for ``df=None`` (robust covariances, as statsmodels)."""
    if df is None:
        return float(stats.norm.ppf(0.5 + level / 2))
    if df <= 0:
        return np.nan
    return float(stats.t.ppf(0.5 + level / 2, df))


def prediction_variance(X, cov, x_mean, fit_intercept):
    """``z^T cov z`` per row, ``z = [1, x - x_mean]`` (``x`` without intercept).

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    cov : ndarray of shape (n_params, n_params)
        Covariance in centred coordinates.
    x_mean : ndarray of shape (n_features,)
    fit_intercept : bool

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    if hasattr(X, "toarray"):
        X = X.toarray()
    X = np.asarray(X, dtype=np.float64)
    if fit_intercept:
        Z = np.empty((X.shape[0], X.shape[1] + 1))
        Z[:, 0] = 1.0
        np.subtract(X, x_mean, out=Z[:, 1:])
    else:
        Z = X
    return np.clip(np.einsum("ij,ij->i", Z @ cov, Z), 0.0, None)


def prediction_interval(pred, var_mean, *, sigma2, df, level, kind,
                        weights=None):
    """Bounds ``pred -/+ t * se`` of shape ``(n, 2)``.

    ``se`` is ``sqrt(var_mean)`` for ``kind="mean"`` and
    ``sqrt(var_mean + sigma2 / weights)`` for ``kind="observation"``.
    """
    var = np.asarray(var_mean, dtype=np.float64)
    if kind == "observation":
        w = 1.0 if weights is None else np.asarray(weights, dtype=np.float64)
        with np.errstate(divide="ignore"):
            var = var + sigma2 / w
    half = t_quantile(level, df) * np.sqrt(var)
    pred = np.asarray(pred, dtype=np.float64)
    return np.stack([pred - half, pred + half], axis=-1)


def parameter_intervals(params, stderr, df, level):
    """``(..., n_params, 2)`` intervals of the parameters (t on ``df``
    degrees of freedom, normal for ``df=None``)."""
    half = t_quantile(level, df) * np.asarray(stderr)
    params = np.asarray(params)
    return np.stack([params - half, params + half], axis=-1)
