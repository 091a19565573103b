"""Influence diagnostics of a least-squares fit, as statsmodels ``OLSInfluence``.

From the leverages ``h`` (diagonal of the hat matrix of the whitened design,
:func:`skmath.linear_model._robust_covariance.leverage`) and the whitened
residuals ``e`` of the training rows, in closed form (statsmodels refits
without each observation; the algebra gives the same numbers):

- internally studentized residual ``r = e / (sigma sqrt(1 - h))``;
- Cook's distance ``r^2 h / (k (1 - h))``, ``k`` the number of parameters
  (columns of the design, intercept included, as statsmodels' ``k_vars``);
- externally studentized residual ``e / (sigma_(i) sqrt(1 - h))`` with the
  leave-one-out variance
  ``sigma_(i)^2 = (ssr - e^2 / (1 - h)) / (df_resid - 1)``.

With sample weights the residuals and leverages are those of the whitened
problem ``sqrt(w) y ~ sqrt(w) [1, X]`` (the weighted least-squares hat
matrix), i.e. ``OLSInfluence`` of that ordinary least-squares problem.
"""

from __future__ import annotations

import numpy as np

INFLUENCE_COLUMNS = ("leverage", "cooks_distance", "studentized_residual")


def influence_measures(leverage, resid, *, df_resid, n_params):
    """Leverage, Cook's distance and externally studentized residuals.

    Parameters
    ----------
    leverage : ndarray of shape (n_samples,)
    resid : ndarray of shape (n_samples,)
        Whitened residuals ``sqrt(w) (y - y_hat)``.
    df_resid : int
        Residual degrees of freedom of the fit.
    n_params : int
        Number of parameters (intercept included).

    Returns
    -------
    dict of ndarray of shape (n_samples,)
        Keys :data:`INFLUENCE_COLUMNS`.
    """
    h = np.asarray(leverage, dtype=np.float64)
    e = np.asarray(resid, dtype=np.float64)
    ssr = float(e @ e)
    sigma2 = ssr / df_resid if df_resid > 0 else np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        one_minus_h = 1.0 - h
        internal = e / np.sqrt(sigma2 * one_minus_h)
        cooks = internal**2 / n_params * h / one_minus_h
        loo = (ssr - e**2 / one_minus_h) / (df_resid - 1)
        external = e / np.sqrt(loo * one_minus_h)
    return {
        "leverage": h,
        "cooks_distance": cooks,
        "studentized_residual": external,
    }
