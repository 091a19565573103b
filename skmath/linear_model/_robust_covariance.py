"""Parameter covariances of least squares: classical and heteroscedasticity-robust.

Pure functions on a fitted problem, shared by every data path of
:class:`~skmath.linear_model.LinearRegression`.  The problem is described by
the raw data ``X``, ``Y`` (dense, sparse or one dask chunk), the fitted
``coef`` and ``intercept``, the weighted column means ``x_mean`` (the
centring), the square roots of the sample weights and ``inv_gram``, the
(pseudo-)inverse of the centred, weighted Gram matrix ``A^T A`` with
``A = diag(sqrt(w)) (X - 1 x_mean^T)``.

Covariances are returned in *centred coordinates*: the first parameter is
the fitted value at the weighted mean of ``X`` (``intercept + x_mean @
coef``), the others the slopes.  That parametrization has a block-diagonal
bread (``1 / sum(w)`` and ``inv_gram``), so nothing is lost to the
cancellation that the raw ``[1, X]`` design suffers when the means are large
(Longley); :func:`uncentre_covariance` gives the covariance of
``(intercept, coef)`` that statsmodels reports.

The robust ``"HC0"``..``"HC3"`` estimators are White's sandwich
``bread (Z^T diag(omega) Z) bread`` on the whitened design ``Z`` with
statsmodels' weights ``omega`` (``HC1``: ``n / df_resid``; ``HC2``/``HC3``
divide by ``1 - h`` and ``(1 - h)^2``, ``h`` the leverages).  They take one
extra pass over the rows (:func:`sandwich`), blockwise so memory stays
``O(block * n_features)``: per block, the whitened rows are multiplied by a
triangular factor of ``inv_gram`` (BLAS ``trmm``; only when leverages are
needed), and the weighted meat is accumulated with BLAS ``syrk``.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp

COV_TYPES = ("nonrobust", "HC0", "HC1", "HC2", "HC3")

# rows per block of the extra pass: ~2 MB of float64 per block
_BLOCK_ENTRIES = 2**18


def check_cov_type(cov_type):
    """Return ``cov_type`` if known, else raise a ValueError listing them."""
    if not isinstance(cov_type, str) or cov_type not in COV_TYPES:
        raise ValueError(
            f"cov_type must be one of {', '.join(map(repr, COV_TYPES))}; "
            f"got {cov_type!r}"
        )
    return cov_type


def needs_leverage(cov_type):
    """Whether ``cov_type`` weights the residuals by their leverage."""
    return cov_type in ("HC2", "HC3")


def psd_factor(M):
    """``(L, lower)`` with ``L @ L.T == M`` for a symmetric PSD ``M``.

    A lower-triangular Cholesky factor when ``M`` is positive definite (the
    extra pass can then use BLAS ``trmm``), otherwise a rectangular factor
    from the eigen-decomposition that drops the null space (a pseudo-inverse
    of a rank-deficient Gram matrix).
    """
    try:
        return sla.cholesky(M, lower=True, check_finite=False), True
    except np.linalg.LinAlgError:
        lam, V = np.linalg.eigh(M)
        keep = lam > lam.max(initial=0.0) * M.shape[0] * np.finfo(float).eps
        return V[:, keep] * np.sqrt(lam[keep]), False


def _dense_rows(X, start, stop):
    Xb = X[start:stop]
    if sp.issparse(Xb):
        Xb = Xb.toarray()
    return np.asarray(Xb, dtype=np.float64)


def _times_factor(A, L, lower):
    """``A @ L``; ``L`` lower triangular uses BLAS trmm on ``A^T``."""
    if lower and A.shape[0]:
        # (A L)^T = L^T A^T and A^T of a C-ordered block is Fortran-ordered
        return sla.blas.dtrmm(1.0, L, A.T, lower=1, trans_a=1, overwrite_b=1).T
    return A @ L


def _syrk(V):
    """``V^T V`` (full symmetric) with BLAS syrk: one triangle of flops."""
    if not V.shape[0]:
        return np.zeros((V.shape[1], V.shape[1]))
    G = sla.blas.dsyrk(1.0, V.T, trans=0, lower=0)
    return np.triu(G) + np.triu(G, 1).T


class _Pass:
    """Blockwise whitened rows, residuals and leverages of a fitted problem."""

    def __init__(self, *, x_mean, sqrt_w, sum_w, fit_intercept, factor=None):
        self.x_mean = np.asarray(x_mean, dtype=np.float64)
        self.sqrt_w = None if sqrt_w is None else np.asarray(sqrt_w, np.float64)
        self.sum_w = float(sum_w)
        self.fit_intercept = bool(fit_intercept)
        self.factor = factor

    def block(self, X, Y, coef, intercept, start, stop):
        """``(s, V, E, h)`` for rows ``start:stop``: root weights, whitened
        centred rows (times the factor, if any), whitened residuals per
        target and leverages (None without a factor)."""
        Xb = _dense_rows(X, start, stop)
        s = np.ones(len(Xb)) if self.sqrt_w is None else self.sqrt_w[start:stop]
        E = None
        if Y is not None:
            Yb = np.asarray(Y[start:stop], dtype=np.float64)
            E = (Yb - intercept - Xb @ coef) * s[:, None]
        # a new array: the in-place steps below must not touch X
        A = Xb - self.x_mean if self.fit_intercept else np.array(Xb)
        if self.sqrt_w is not None:
            A *= s[:, None]
        h = None
        if self.factor is not None:
            A = _times_factor(A, *self.factor)
            h = np.einsum("ij,ij->i", A, A)
            if self.fit_intercept:
                h += s * s / self.sum_w
        return s, A, E, h

    def ranges(self, X):
        n, p = X.shape
        step = max(256, _BLOCK_ENTRIES // max(p, 1))
        for start in range(0, n, step):
            yield start, min(n, start + step)


def leverage(X, *, x_mean, sqrt_w, sum_w, fit_intercept, inv_gram):
    """Diagonal of the hat matrix of the whitened design (statsmodels ``h``).

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        Raw training data.
    x_mean : ndarray of shape (n_features,)
        Weighted column means (ignored without intercept).
    sqrt_w : ndarray of shape (n_samples,) or None
        Square roots of the sample weights (None: unit weights).
    sum_w : float
        Sum of the weights.
    fit_intercept : bool
        Whether the model has an intercept.
    inv_gram : ndarray of shape (n_features, n_features)
        (Pseudo-)inverse of the centred, weighted Gram matrix.

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    run = _Pass(x_mean=x_mean, sqrt_w=sqrt_w, sum_w=sum_w,
                fit_intercept=fit_intercept, factor=psd_factor(inv_gram))
    out = np.empty(X.shape[0])
    for start, stop in run.ranges(X):
        out[start:stop] = run.block(X, None, None, None, start, stop)[3]
    return out


def classical_covariance(sigma2, inv_gram, sum_w, fit_intercept):
    """``sigma^2 (Z^T Z)^+`` in centred coordinates, one matrix per target.

    Parameters
    ----------
    sigma2 : ndarray of shape (n_targets,)
        Residual variances ``RSS / df_resid``.
    inv_gram : ndarray of shape (n_features, n_features)
    sum_w : float
    fit_intercept : bool

    Returns
    -------
    ndarray of shape (n_targets, n_params, n_params)
    """
    bread = _bread(inv_gram, sum_w, fit_intercept)
    return np.asarray(sigma2, dtype=np.float64)[:, None, None] * bread


def _bread(inv_gram, sum_w, fit_intercept):
    p = inv_gram.shape[0]
    if not fit_intercept:
        return np.array(inv_gram, dtype=np.float64)
    bread = np.zeros((p + 1, p + 1))
    bread[0, 0] = 1.0 / sum_w
    bread[1:, 1:] = inv_gram
    return bread


def _omega(E2, h, cov_type, n, df_resid):
    if cov_type == "HC0":
        return E2
    if cov_type == "HC1":
        return E2 * (n / df_resid)
    one_minus_h = (1.0 - h)[:, None]
    return E2 / one_minus_h if cov_type == "HC2" else E2 / one_minus_h**2


def sandwich_meat(X, Y, coef, intercept, *, x_mean, sqrt_w, sum_w,
                  fit_intercept, factor, cov_type, n, df_resid, start=0,
                  stop=None):
    """The robust meat of rows ``start:stop`` in the basis of ``factor``.

    One pass over the rows; summing the result over disjoint row ranges
    (or dask chunks) gives the meat of all rows.  ``factor`` is
    :func:`psd_factor` of ``inv_gram`` when leverages are needed, else None
    (the meat is then in the basis of the centred columns).

    Returns
    -------
    meat : ndarray of shape (n_targets, n_params, n_params)
    max_leverage : float
        Largest leverage seen (0.0 without a factor).
    """
    stop = X.shape[0] if stop is None else stop
    sw = None if sqrt_w is None else np.asarray(sqrt_w)[start:stop]
    run = _Pass(x_mean=x_mean, sqrt_w=sw, sum_w=sum_w,
                fit_intercept=fit_intercept, factor=factor)
    p = X.shape[1] if factor is None else factor[0].shape[1]
    c = int(bool(fit_intercept))
    k = coef.shape[1]
    meat = np.zeros((k, p + c, p + c))
    hmax = 0.0
    Xs, Ys = X[start:stop], Y[start:stop]
    for lo, hi in run.ranges(Xs):
        s, V, E, h = run.block(Xs, Ys, coef, intercept, lo, hi)
        if h is not None and h.size:
            hmax = max(hmax, float(h.max()))
        with np.errstate(divide="ignore", invalid="ignore"):
            omega = _omega(E * E, h, cov_type, n, df_resid)
        for j in range(k):
            root = np.sqrt(omega[:, j])
            Vw = V * root[:, None]
            meat[j, c:, c:] += _syrk(Vw)
            if c:
                sw_root = s * root / np.sqrt(sum_w)
                cross = sw_root @ Vw
                meat[j, 0, 1:] += cross
                meat[j, 1:, 0] += cross
                meat[j, 0, 0] += sw_root @ sw_root
    return meat, hmax


def sandwich_from_meat(meat, *, inv_gram, sum_w, fit_intercept, factor):
    """Covariance in centred coordinates from :func:`sandwich_meat`'s meat."""
    post = inv_gram if factor is None else factor[0]
    if fit_intercept:
        D = np.zeros((post.shape[0] + 1, post.shape[1] + 1))
        D[0, 0] = 1.0 / np.sqrt(sum_w)
        D[1:, 1:] = post
    else:
        D = post
    cov = D @ meat @ D.T
    return 0.5 * (cov + np.swapaxes(cov, -1, -2))


def sandwich(X, Y, coef, intercept, *, x_mean, sqrt_w, sum_w, fit_intercept,
             inv_gram, cov_type, df_resid):
    """Heteroscedasticity-robust covariance (statsmodels ``cov_HC0``..``HC3``).

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
        Raw training data (not centred or weighted).
    Y : ndarray of shape (n_samples, n_targets)
        Targets.
    coef : ndarray of shape (n_features, n_targets)
        Fitted slopes.
    intercept : ndarray of shape (n_targets,)
        Fitted intercepts (zeros without intercept).
    x_mean, sqrt_w, sum_w, fit_intercept, inv_gram
        The centring, weighting and bread (see the module docstring).
    cov_type : {"HC0", "HC1", "HC2", "HC3"}
    df_resid : float
        Residual degrees of freedom (``HC1``'s correction ``n / df_resid``).

    Returns
    -------
    ndarray of shape (n_targets, n_params, n_params)
        Covariance in centred coordinates.
    """
    factor = psd_factor(inv_gram) if needs_leverage(cov_type) else None
    meat, hmax = sandwich_meat(
        X, Y, coef, intercept, x_mean=x_mean, sqrt_w=sqrt_w, sum_w=sum_w,
        fit_intercept=fit_intercept, factor=factor, cov_type=cov_type,
        n=X.shape[0], df_resid=df_resid,
    )
    warn_full_leverage(hmax, cov_type)
    return sandwich_from_meat(meat, inv_gram=inv_gram, sum_w=sum_w,
                              fit_intercept=fit_intercept, factor=factor)


def warn_full_leverage(hmax, cov_type):
    """Warn that HC2/HC3 are undefined when an observation has leverage 1."""
    if needs_leverage(cov_type) and hmax >= 1.0 - 1e-10:
        warnings.warn(
            f"an observation has leverage 1 (it alone determines a "
            f"parameter): cov_type={cov_type!r} divides by 1 - leverage, so "
            "its standard errors are not finite; use 'HC0' or 'HC1'",
            RuntimeWarning,
            stacklevel=3,
        )


def uncentre_covariance(cov, x_mean, fit_intercept):
    """Covariance of ``(intercept, coef)`` from centred coordinates.

    The intercept is ``gamma_0 - x_mean @ coef``, so the covariance is
    ``T cov T^T`` with ``T = [[1, -x_mean], [0, I]]``.
    """
    if not fit_intercept:
        return cov
    T = np.eye(cov.shape[-1])
    T[0, 1:] = -np.asarray(x_mean)
    out = T @ cov @ T.T
    return 0.5 * (out + np.swapaxes(out, -1, -2))


def dask_sandwich(X, Y, coef, intercept, *, x_mean, sqrt_w, sum_w,
                  fit_intercept, inv_gram, cov_type, df_resid):
    """:func:`sandwich` of dask arrays: the meat of each row chunk in Dask's
    workers (one extra pass over the data), summed here.

    ``X`` (one column chunk), ``Y`` (2-D, one column chunk) and ``sqrt_w``
    (a dask array or None) share their row chunks.
    """
    import dask

    factor = psd_factor(inv_gram) if needs_leverage(cov_type) else None
    xs = X.to_delayed().ravel()
    ys = Y.to_delayed()[:, 0]
    ws = [None] * len(xs) if sqrt_w is None else sqrt_w.to_delayed().ravel()
    parts = [
        dask.delayed(sandwich_meat)(
            xb, yb, coef, intercept, x_mean=x_mean, sqrt_w=wb, sum_w=sum_w,
            fit_intercept=fit_intercept, factor=factor, cov_type=cov_type,
            n=X.shape[0], df_resid=df_resid,
        )
        for xb, yb, wb in zip(xs, ys, ws)
    ]
    results = dask.compute(*parts)
    meat = sum(m for m, _ in results)
    warn_full_leverage(max(h for _, h in results), cov_type)
    return sandwich_from_meat(meat, inv_gram=inv_gram, sum_w=sum_w,
                              fit_intercept=fit_intercept, factor=factor)
