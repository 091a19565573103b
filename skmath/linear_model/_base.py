"""``LinearRegression``: least squares with pluggable solvers and inference.

The estimator centres and weights the data, hands the reduced problem to a
solver plugin (:mod:`skmath.linear_model._solvers`), and derives the
statsmodels-style inference from the factorization the solver used.  Three
data paths share the same final solve: in-memory arrays (dense or sparse),
streamed chunks (``partial_fit``: exact square-root sufficient statistics)
and ``dask.array`` inputs (blockwise statistics or TSQR, small solve in
NumPy).
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from scipy import stats
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import (
    _check_sample_weight,
    check_array,
    check_is_fitted,
    validate_data,
)

from .. import plugins
from ..utils._validation import (
    check_numeric_target,
)
from ..utils._validation import (
    is_dask_collection as _is_dask,
)
from ._solvers import (
    _EPS,
    _MAX_COV_FEATURES,
    _MAX_EXTENDED_SIZE,
    AutoSolver,
    CenteredOperator,
    Solver,
    SolverFailedError,
    _is_sparse_like,
    augmented_gram,
    single_threaded_blas,
)

__all__ = ["LinearRegression"]


class RankDeficiencyWarning(UserWarning):
    """The design matrix is rank-deficient; a minimum-norm solution is used."""


def _check_numeric_y(y):
    """A clear error for string/object targets instead of a NumPy one."""
    check_numeric_target(
        y,
        "LinearRegression requires numeric y (a regression target); got values "
        "of dtype {dtype} such as {examples}. Encode categorical targets or use "
        "a classifier.",
    )


def _check_numeric_X(X):
    """Name the problem for string X instead of a bare NumPy conversion error."""
    if X is None or sp.issparse(X):
        return
    if hasattr(X, "dtypes") and not hasattr(X, "dtype"):  # DataFrame
        if not any(getattr(d, "kind", "O") in "OUSV" for d in X.dtypes):
            return
    dtype = getattr(X, "dtype", None)
    if dtype is not None and dtype.kind not in "OUSV":
        return
    arr = np.asarray(X)
    if arr.dtype.kind in "OUSV":
        try:
            arr.astype(np.float64)
        except ValueError as exc:
            raise ValueError(f"LinearRegression requires numeric X; {exc}") from None
        except TypeError as exc:
            raise TypeError(f"LinearRegression requires numeric X; {exc}") from None


def _weighted_mean(X, w):
    if sp.issparse(X):
        return np.asarray(X.T @ w).ravel() / w.sum()
    return (w @ X) / w.sum()


def _check_finite_X(X, estimator):
    """sklearn's NaN/inf check of ``X`` (its message names the input)."""
    check_array(X, accept_sparse=True, dtype=None, ensure_2d=False,
                ensure_min_samples=0, ensure_min_features=0,
                input_name="X", estimator=estimator)


def _ran_solver(result, solver, default_reason=""):
    """The solver that produced ``result`` (it may name a delegate), with its
    ``reason_`` set."""
    ran = result.solver if result.solver is not None else solver
    ran.reason_ = result.reason or default_reason
    return ran


def _moment_rss(yty, B, XtY, G):
    """Residual sums of squares of ``B`` per target from the moments
    ``y^T y`` (diagonal), ``X^T Y`` and ``G = X^T X``."""
    return yty - 2 * np.einsum("ij,ij->j", B, XtY) + np.einsum("ij,ij->j", B, G @ B)


def _qr_r(M):
    """Upper-triangular R of ``M`` (square, padded with zeros if short)."""
    from scipy.linalg import qr

    k = M.shape[1]
    R = qr(M, mode="r", check_finite=False)[0][:k]
    if R.shape[0] < k:
        R = np.vstack([R, np.zeros((k - R.shape[0], k))])
    return R


class LinearRegression(RegressorMixin, BaseEstimator):
    """Ordinary (or ridge) least squares with a choice of solver and inference.

    Minimizes :math:`\\sum_i w_i (y_i - b_0 - x_i^T b)^2 + \\alpha \\lVert b
    \\rVert^2`.  The solver is a plugin: a name from
    ``skmath.plugins.available("solvers")``, a
    :class:`~skmath.linear_model.Solver` class or instance, or ``"auto"``,
    which picks by shape, sparsity and a conditioning estimate (see
    ``solver_.reason_``).

    Parameters
    ----------
    solver : str, Solver class or instance, default="auto"
        ``"auto"``, ``"cholesky"``, ``"qr"``, ``"svd"``, ``"lstsq"``,
        ``"cg"``, ``"lsqr"``, ``"lsmr"`` or a third-party solver.
    alpha : float, default=0.0
        L2 (ridge) penalty on the coefficients (not the intercept); 0 gives
        ordinary least squares.
    fit_intercept : bool, default=True
        Fit an intercept (by centring; sparse data is centred implicitly).
    tol : float, default=1e-10
        Tolerance of the iterative solvers (``cg``, ``lsqr``, ``lsmr``).
    max_iter : int or None, default=None
        Iteration cap of the iterative solvers.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,) or (n_targets, n_features)
        Coefficients.
    intercept_ : float or ndarray of shape (n_targets,)
        Intercept (0.0 when ``fit_intercept=False``).
    solver_ : Solver
        The solver that produced ``coef_``; ``solver_.reason_`` says why it
        ran and ``solver_.fallback_from_`` names a solver that failed first.
    n_iter_ : ndarray of shape (n_targets,)
        Iterations per target of an iterative solver (1 for direct solvers).
    rank_ : int or None
        Numerical rank of the centred, weighted design (when determined).
    singular_values_ : ndarray or None
        Its singular values (SVD-based solvers).
    condition_number_ : float or None
        Its 2-norm condition number (exact or estimated).
    sigma_ : float or ndarray of shape (n_targets,)
        Residual standard deviation ``sqrt(RSS / df_resid_)``.
    df_resid_ : int
        Residual degrees of freedom ``n_samples - rank - fit_intercept``.
    coef_stderr_ : ndarray, same shape as ``coef_``
        Standard errors of the coefficients (as statsmodels ``OLS``/``WLS``;
        for ``alpha > 0`` the ridge sandwich estimate).
    intercept_stderr_ : float or ndarray of shape (n_targets,)
        Standard error of the intercept (0.0 when not fitted).
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (``n_features_in_``,)
        Feature names, when ``X`` has string column names.
    n_samples_seen_ : int
        Rows used (summed over ``partial_fit`` calls).
    dask_path_ : str
        Only after a fit on a ``dask.array``: ``"gram"`` (blockwise
        :math:`A^T A`) or ``"tsqr"`` (blockwise QR).

    See Also
    --------
    sklearn.linear_model.LinearRegression : scikit-learn's estimator.
    sklearn.linear_model.Ridge : ridge regression with fixed solvers.

    Examples
    --------
    >>> import numpy as np
    >>> from skmath.linear_model import LinearRegression
    >>> X = np.array([[1.0], [2.0], [3.0], [4.0]])
    >>> y = np.array([3.1, 4.9, 7.2, 8.8])
    >>> reg = LinearRegression().fit(X, y)
    >>> reg.coef_.round(3), round(reg.intercept_, 3)
    (array([1.94]), 1.15)
    >>> reg.solver_.name
    'cholesky'
    >>> reg.conf_int(0.95).shape
    (2, 2)
    >>> LinearRegression(solver="qr").fit(X, y).coef_.round(3)
    array([1.94])
    """

    _parameter_constraints = {
        "solver": [str, Solver, type],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "fit_intercept": ["boolean"],
        "tol": [Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 1, None, closed="left"), None],
    }

    def __init__(
        self, *, solver="auto", alpha=0.0, fit_intercept=True, tol=1e-10, max_iter=None
    ):
        self.solver = solver
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.tol = tol
        self.max_iter = max_iter

    # -- plugins and tags ----------------------------------------------------
    def _solver_class(self):
        spec = self.solver
        if isinstance(spec, str):
            return AutoSolver if spec == "auto" else plugins.get("solvers", spec)
        return spec if isinstance(spec, type) else type(spec)

    def _resolve_solver(self):
        spec = AutoSolver if self.solver == "auto" else self.solver
        return plugins.resolve(
            "solvers",
            spec,
            param="solver",
            base=Solver,
            tol=self.tol,
            max_iter=self.max_iter,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        try:
            cls = self._solver_class()
        except (ValueError, TypeError):
            cls = Solver
        tags.input_tags.sparse = bool(getattr(cls, "supports_sparse", False))
        tags.target_tags.multi_output = bool(
            getattr(cls, "supports_multi_output", True)
        )
        tags.target_tags.single_output = True
        return tags

    # -- fitting -------------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the model.

        Parameters
        ----------
        X : {array-like, sparse matrix, dask array} of shape (n_samples, n_features)
            Training data.  A ``dask.array`` is reduced blockwise.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Numeric targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Non-negative weights (weighted least squares).

        Returns
        -------
        self : LinearRegression
            The fitted estimator.
        """
        self._reset_stream()
        if hasattr(self, "dask_path_"):
            del self.dask_path_
        if _is_dask(X):
            return self._fit_dask(X, y, sample_weight)
        X, Y, w, y_was_1d = self._validate_xy(
            X, y, sample_weight, reset=True, check_finite_X=False
        )
        solver = self._resolve_solver()
        unit = sample_weight is None
        # dense data up to _MAX_EXTENDED_SIZE entries (the solvers' own limit)
        # is centred in extended precision for solvers that can use it (QR
        # refinement, "auto" when it falls back to QR)
        extended = (
            isinstance(X, np.ndarray)
            and solver.extended_precision
            and X.size <= _MAX_EXTENDED_SIZE
        )
        fast = (
            unit
            and getattr(solver, "uses_moments", False)
            and isinstance(X, np.ndarray)
            and X.shape[0] >= X.shape[1]
            and not extended
        )
        if not fast:
            # the fast path finds non-finite X in the diagonal of X^T X
            _check_finite_X(X, self)
        self._check_capabilities(solver, X, Y, sample_weight)
        declined = None
        if fast:
            declined = self._fit_moments(solver, X, Y, y_was_1d)
            if declined is None:
                return self
        p = X.shape[1]
        if self.fit_intercept:
            x_mean, y_mean = _weighted_mean(X, w), w @ Y / w.sum()
        else:
            x_mean, y_mean = np.zeros(p), np.zeros(Y.shape[1])
        s = np.sqrt(w)
        if extended:
            # centring rounds the data; in extended precision the refinement
            # of careful solvers converges to the exactly centred problem
            ld = np.longdouble
            Xl, Yl, wl = X.astype(ld), Y.astype(ld), w.astype(ld)
            if self.fit_intercept:
                Xl = Xl - _weighted_mean(Xl, wl)
                Yl = Yl - wl @ Yl / wl.sum()
            sl = np.sqrt(wl)[:, None]
            A, Yc = Xl * sl, Yl * sl
        else:
            Yc = Y - y_mean if unit else (Y - y_mean) * s[:, None]
            if sp.issparse(X):
                if self.fit_intercept:
                    A = CenteredOperator(X, x_mean, None if unit else s)
                else:
                    A = X if unit else sp.diags(s) @ X
            elif unit:
                A = X - x_mean if self.fit_intercept else X
            else:
                A = (X - x_mean) * s[:, None]
        result, solver = self._run(solver, A, Yc)
        B = result.coef
        R = np.asarray(Yc - A @ B, dtype=np.float64)
        if A.dtype == np.longdouble:
            A = A.astype(np.float64)
        rss = np.einsum("ij,ij->j", R, R)
        if declined:
            solver.reason_ = f"{solver.reason_}; data centred explicitly ({declined})"
        self._finish(result, solver, B, x_mean, y_mean, rss, X.shape[0], w.sum(),
                     y_was_1d, A=A)
        self.n_samples_seen_ = X.shape[0]
        return self

    def _fit_moments(self, solver, X, Y, y_was_1d):
        """Dense unweighted fast path: one pass over the uncentred ``X``.

        Accumulates ``[X, 1, Y]^T [X, 1, Y]`` blockwise (no centred copy of
        ``X``), centres the moments by the mean correction ``G - n mu mu^T``
        and lets the solver decide (:meth:`Solver.solve_moments`) whether the
        digits that correction loses are harmless.  Returns None when fitted,
        else (having set nothing) why not: ``fit`` then centres explicitly.
        """
        n, p = X.shape
        c = int(self.fit_intercept)
        M = augmented_gram(X, Y, intercept=self.fit_intercept)
        diag = np.diag(M)
        if not np.all(np.isfinite(diag)):
            _check_finite_X(X, self)  # raises for NaN/inf in X
            return "X^T X overflows"  # finite entries whose squares overflow
        with single_threaded_blas():
            Gxx, XtY, YtY = M[:p, :p], M[:p, p + c:], M[p + c:, p + c:]
            if c:
                sx, sy = M[:p, p], M[p, p + c:]
                x_mean, y_mean = sx / n, sy / n
                Gxx = Gxx - np.outer(sx, x_mean)
                XtY = XtY - np.outer(sx, y_mean)
                YtY = YtY - np.outer(sy, y_mean)
                var = np.r_[np.diag(Gxx), np.diag(YtY)] / n
                mean2 = np.r_[x_mean, y_mean] ** 2
                with np.errstate(divide="ignore", invalid="ignore"):
                    ratio = np.where(var > 0, mean2 / var, np.inf)
                amplification = 1.0 + float(ratio.max(initial=0.0))
            else:
                x_mean, y_mean = np.zeros(p), np.zeros(Y.shape[1])
                amplification = 1.0
            result = solver.solve_moments(
                Gxx, XtY, amplification=amplification, alpha=float(self.alpha)
            )
            if result is None:
                return (f"the one-pass mean correction was declined: mean/std "
                        f"amplification {amplification:.2g}")
            B = result.coef
            # RSS of B from the moments, unless cancellation makes it inexact
            yty = np.diag(YtY)
            rss = _moment_rss(yty, B, XtY, Gxx)
            cond = 1.0 / result.extra.get("gram_rcond", _EPS)
            with np.errstate(divide="ignore", invalid="ignore"):
                err = (p + 1) * _EPS * amplification * cond * yty / rss
        if not np.all((rss > 0) & (err <= 1e-10)):
            R = Y - X @ B - (y_mean - x_mean @ B)
            rss = np.einsum("ij,ij->j", R, R)
        ran = _ran_solver(result, solver)
        self._finish(result, ran, B, x_mean, y_mean, rss, n, float(n), y_was_1d)
        self.n_samples_seen_ = n
        return None

    def _validate_xy(self, X, y, sample_weight, reset, check_finite_X=True):
        _check_numeric_X(X)
        if y is not None:
            _check_numeric_y(y)
        X, y = validate_data(
            self,
            X,
            y,
            reset=reset,
            accept_sparse=("csr", "csc"),
            dtype=np.float64,
            y_numeric=True,
            multi_output=True,
            ensure_all_finite=check_finite_X,
        )
        w = _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )
        if w.sum() <= 0:
            raise ValueError("sample_weight must have a positive sum")
        y_was_1d = y.ndim == 1
        Y = y.reshape(-1, 1) if y_was_1d else y
        return X, Y, w, y_was_1d

    def _check_capabilities(self, solver, X, Y, sample_weight=None):
        if sp.issparse(X) and not solver.supports_sparse:
            sparse_ok = [
                n for n in plugins.available("solvers")
                if getattr(plugins.get("solvers", n), "supports_sparse", False)
            ]
            raise TypeError(
                f"solver {solver.name!r} does not accept sparse X; use one of "
                f"{sparse_ok} or solver='auto', or densify X with X.toarray()"
            )
        if sample_weight is not None and not solver.supports_sample_weight:
            raise ValueError(f"solver {solver.name!r} does not support sample_weight")
        if Y.shape[1] > 1 and not solver.supports_multi_output:
            raise ValueError(f"solver {solver.name!r} does not support 2-D y")

    def _run(self, solver, A, Y):
        """Solve, falling back to a minimum-norm solver if ``solver`` fails."""
        try:
            result = solver.solve(A, Y, alpha=float(self.alpha))
        except SolverFailedError as exc:
            fallback = plugins.resolve("solvers", exc.fallback, base=Solver)
            warnings.warn(
                f"solver {solver.name!r} failed ({exc}); falling back to "
                f"{fallback.name!r}",
                RankDeficiencyWarning,
                stacklevel=3,
            )
            if _is_sparse_like(A):
                A = A.toarray() if sp.issparse(A) else A.matmat(np.eye(A.shape[1]))
            if not fallback.extended_precision:
                A, Y = np.asarray(A, np.float64), np.asarray(Y, np.float64)
            result = fallback.solve(A, Y, alpha=float(self.alpha))
            result.solver = fallback
            fallback.fallback_from_ = solver.name
            result.reason = f"{solver.name} failed: {exc}; fell back to {fallback.name}"
        return result, _ran_solver(
            result, solver, f"requested solver={solver.name!r}"
        )

    def _finish(self, result, solver, B, x_mean, y_mean, rss, n, sum_w, y_was_1d,
                A=None):
        """Set every fitted attribute from the solution and the statistics."""
        gram = None
        if result.inv_gram is None and A is not None and B.shape[0] <= (
            _MAX_COV_FEATURES
        ):
            from ._solvers import gram_matrix

            gram = gram_matrix(A)  # O(n p^2): multi-threaded
        with single_threaded_blas():
            return self._finish_small(result, solver, B, x_mean, y_mean, rss, n,
                                      sum_w, y_was_1d, gram)

    def _finish_small(self, result, solver, B, x_mean, y_mean, rss, n, sum_w,
                      y_was_1d, gram):
        p = B.shape[0]
        alpha = float(self.alpha)
        self.solver_ = solver
        n_iter = result.n_iter if result.n_iter is not None else 1
        self.n_iter_ = np.broadcast_to(np.atleast_1d(n_iter), (B.shape[1],)).copy()
        self.rank_ = result.rank
        self.singular_values_ = result.singular_values
        self.condition_number_ = result.condition_number
        if result.rank is not None and result.rank < min(p, n) and not alpha:
            warnings.warn(
                f"X is rank-deficient (rank {result.rank} < {p} features); the "
                "minimum-norm solution is returned",
                RankDeficiencyWarning,
                stacklevel=3,
            )
        intercept = y_mean - x_mean @ B if self.fit_intercept else np.zeros(B.shape[1])
        rank = result.rank if result.rank is not None else min(p, n)
        df = int(n - rank - int(self.fit_intercept))
        self.df_resid_ = df
        with np.errstate(invalid="ignore", divide="ignore"):
            sigma = np.sqrt(rss / df) if df > 0 else np.full_like(rss, np.nan)
        inv = result.inv_gram
        if inv is None and gram is not None:
            inv = np.linalg.pinv(gram + alpha * np.eye(p), hermitian=True)
        if inv is not None:
            cov = inv - alpha * inv @ inv if alpha else inv
            dcov = np.clip(np.diag(cov), 0.0, None)
            coef_se = np.sqrt(np.outer(sigma**2, dcov))
            if self.fit_intercept:
                ivar = 1.0 / sum_w + x_mean @ cov @ x_mean
                icpt_se = sigma * np.sqrt(max(ivar, 0.0))
            else:
                icpt_se = np.zeros(B.shape[1])
        else:
            coef_se = np.full((B.shape[1], p), np.nan)
            icpt_se = np.full(B.shape[1], np.nan)
        if y_was_1d:
            self.coef_ = B[:, 0].copy()
            self.intercept_ = float(intercept[0])
            self.sigma_ = float(sigma[0])
            self.coef_stderr_ = coef_se[0]
            self.intercept_stderr_ = float(icpt_se[0]) if self.fit_intercept else 0.0
        else:
            self.coef_ = B.T.copy()
            self.intercept_ = intercept
            self.sigma_ = sigma
            self.coef_stderr_ = coef_se
            self.intercept_stderr_ = icpt_se
        return self

    # -- streaming -----------------------------------------------------------
    def _reset_stream(self):
        self._stream = None

    def partial_fit(self, X, y, sample_weight=None):
        """Update the fit with one chunk of rows (exact streaming least squares).

        Keeps square-root sufficient statistics: the weighted means and the
        triangular factor ``R`` of the centred ``[X | y]``, merged chunk by
        chunk with the pairwise update of Chan, Golub and LeVeque, so memory
        is ``O((n_features + n_targets)^2)`` and the result equals ``fit`` on
        the concatenated chunks (to rounding).  This is the out-of-core path
        without a cluster: read chunks from disk and call ``partial_fit``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            One chunk (sparse chunks are densified).
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Its targets.
        sample_weight : array-like of shape (n_samples,), default=None
            Its weights.

        Returns
        -------
        self : LinearRegression
            The updated estimator.
        """
        first = getattr(self, "_stream", None) is None
        if first:
            self._validate_params()
        X, Y, w, y_was_1d = self._validate_xy(X, y, sample_weight, reset=first)
        if sp.issparse(X):
            X = X.toarray()
        Z = np.hstack([X, Y])
        if first:
            solver = self._resolve_solver()
            self._stream = {
                "n": 0, "sum_w": 0.0, "mean": np.zeros(Z.shape[1]),
                "R": np.zeros((Z.shape[1], Z.shape[1])), "y_1d": y_was_1d,
                "solver": solver,
            }
        st = self._stream
        if Z.shape[1] != st["R"].shape[1]:
            raise ValueError(
                f"y has {Y.shape[1]} targets but previous chunks had "
                f"{st['R'].shape[1] - X.shape[1]}"
            )
        self._merge(st, Z, w)
        return self._solve_stream(st)

    def _merge(self, st, Z, w):
        sw = w.sum()
        s = np.sqrt(w)[:, None]
        if self.fit_intercept:
            mean_b = (w @ Z) / sw
            Rb = _qr_r((Z - mean_b) * s)
            if st["sum_w"] > 0:
                sa = st["sum_w"]
                delta = np.sqrt(sa * sw / (sa + sw)) * (st["mean"] - mean_b)
                st["R"] = _qr_r(np.vstack([st["R"], Rb, delta[None, :]]))
                st["mean"] = st["mean"] + (mean_b - st["mean"]) * (sw / (sa + sw))
            else:
                st["R"], st["mean"] = Rb, mean_b
        else:
            st["R"] = _qr_r(np.vstack([st["R"], Z * s]))
        st["sum_w"] += sw
        st["n"] += Z.shape[0]

    def _solve_stream(self, st):
        """Fit from square-root statistics ``st`` (means and the R factor)."""
        p = self.n_features_in_
        R = st["R"]
        R11, R12, R22 = R[:p, :p], R[:p, p:], R[p:, p:]
        solver = plugins.resolve("solvers", st["solver"], base=Solver)
        result, solver = self._run(solver, R11, R12)
        B = result.coef
        resid = R12 - R11 @ B
        rss = np.einsum("ij,ij->j", resid, resid) + np.einsum("ij,ij->j", R22, R22)
        mean = st["mean"]
        self._finish(result, solver, B, mean[:p], mean[p:], rss, st["n"],
                     st["sum_w"], st["y_1d"], A=R11)
        self.n_samples_seen_ = st["n"]
        return self

    # -- dask ----------------------------------------------------------------
    def _fit_dask(self, X, y, sample_weight):
        # Blocks run in Dask's threads: BLAS is limited to one thread per task
        # (nested BLAS threads oversubscribe the cores and were ~10x slower).
        import dask.array as da

        if X.ndim != 2:
            raise ValueError(f"Expected a 2-D dask array X, got {X.ndim} dimensions")
        if not np.issubdtype(X.dtype, np.number):
            raise ValueError(f"X must be numeric, got dtype {X.dtype}")
        if y is None:
            raise ValueError("LinearRegression requires y to be passed, but y is None")
        y = da.asarray(y) if not _is_dask(y) else y
        if not np.issubdtype(y.dtype, np.number):
            raise ValueError(
                f"LinearRegression requires numeric y; got dtype {y.dtype}"
            )
        if y.shape[0] != X.shape[0]:
            raise ValueError(
                f"X has {X.shape[0]} rows but y has {y.shape[0]}"
            )
        y_was_1d = y.ndim == 1
        Y = y[:, None] if y_was_1d else y
        X = X.astype(np.float64).rechunk({1: -1})
        Y = Y.astype(np.float64).rechunk({0: X.chunks[0], 1: -1})
        n, p = X.shape
        if n == 0:
            raise ValueError("Found array with 0 sample(s) while a minimum of 1 is "
                             "required by LinearRegression.")
        self.n_features_in_ = p
        if hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        if sample_weight is None:
            w = da.ones(n, chunks=(X.chunks[0],))
        else:
            w = da.asarray(sample_weight).astype(np.float64).rechunk((X.chunks[0],))
        solver = self._resolve_solver()
        finite = da.isfinite(X).all() & da.isfinite(Y).all()
        sum_w = w.sum()
        if self.fit_intercept:
            with single_threaded_blas():
                ok, sum_w, xs, ys, wmin = da.compute(
                    finite, sum_w, w @ X, w @ Y, w.min()
                )
            x_mean, y_mean = xs / sum_w, ys / sum_w
        else:
            ok, sum_w, wmin = da.compute(finite, sum_w, w.min())
            x_mean, y_mean = np.zeros(p), np.zeros(Y.shape[1])
        if not ok:
            raise ValueError("Input X or y contains NaN or infinity.")
        if wmin < 0:
            raise ValueError("Negative values in data passed to sample_weight")
        s = da.sqrt(w)[:, None]
        A = (X - x_mean) * s
        Yc = (Y - y_mean) * s
        if getattr(solver, "uses_gram", False):
            with single_threaded_blas():
                G, AtY, yty = da.compute(A.T @ A, A.T @ Yc, (Yc * Yc).sum(axis=0))
            try:
                result = solver.solve_gram(G, AtY, alpha=float(self.alpha))
                result_solver = _ran_solver(
                    result, solver, "requested solver: blockwise Gram matrix"
                )
            except SolverFailedError:
                # fall back to the careful path below
                G = None
            if G is not None:
                B = result.coef
                rss = np.clip(_moment_rss(yty, B, AtY, G), 0.0, None)
                self._finish(result, result_solver, B, x_mean, y_mean, rss, n,
                             sum_w, y_was_1d)
                self.n_samples_seen_ = n
                self.dask_path_ = "gram"
                return self
        Zd = da.concatenate([A, Yc], axis=1).rechunk({1: -1})
        _, R = da.linalg.tsqr(Zd)
        with single_threaded_blas():
            R = _qr_r(R.compute())  # square, upper-triangular
        self._solve_stream({"n": n, "sum_w": sum_w, "mean": np.r_[x_mean, y_mean],
                            "R": R, "y_1d": y_was_1d, "solver": solver})
        self.dask_path_ = "tsqr"
        return self

    # -- prediction and inference ---------------------------------------------
    def predict(self, X):
        """Predict with the linear model.

        Parameters
        ----------
        X : {array-like, sparse matrix, dask array} of shape (n_samples, n_features)
            Samples.  A dask array gives a dask array back.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predictions (a dask array for dask input).
        """
        check_is_fitted(self)
        coef = np.asarray(self.coef_)
        if _is_dask(X):
            if X.ndim != 2 or X.shape[1] != self.n_features_in_:
                raise ValueError(
                    f"X has {X.shape[-1]} features, but LinearRegression is "
                    f"expecting {self.n_features_in_} features as input"
                )
            return X.astype(np.float64) @ coef.T + self.intercept_
        X = validate_data(
            self, X, reset=False, accept_sparse=("csr", "csc"), dtype=np.float64
        )
        out = X @ coef.T + self.intercept_
        return np.asarray(out)

    def conf_int(self, level=0.95):
        """Confidence intervals of the parameters (Student t, like statsmodels).

        Parameters
        ----------
        level : float, default=0.95
            Coverage, in (0, 1).

        Returns
        -------
        ndarray of shape (n_params, 2) or (n_targets, n_params, 2)
            Lower and upper bounds; the intercept row comes first when
            ``fit_intercept=True``.
        """
        check_is_fitted(self)
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level}")
        est, se = self._params_and_stderr()
        q = stats.t.ppf(0.5 + level / 2, self.df_resid_) if self.df_resid_ > 0 else (
            np.nan)
        return np.stack([est - q * se, est + q * se], axis=-1)

    def summary(self, level=0.95):
        """A statsmodels-style coefficient table as text.

        Parameters
        ----------
        level : float, default=0.95
            Coverage of the confidence intervals.

        Returns
        -------
        str
            One line per parameter (intercept first): estimate, standard
            error, t statistic, two-sided p-value and interval; one block per
            target for 2-D ``y``.
        """
        check_is_fitted(self)
        est, se = self._params_and_stderr()
        ci, pv = self.conf_int(level), self.pvalues_
        names = list(getattr(self, "feature_names_in_", []))
        names = names or [f"x{j}" for j in range(self.n_features_in_)]
        if self.fit_intercept:
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
            sigma = np.atleast_1d(self.sigma_)[k]
            lines.append(
                f"solver: {self.solver_.name} ({self.solver_.reason_}); "
                f"sigma = {sigma:.4g}, df_resid = {self.df_resid_}"
            )
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def _params_and_stderr(self):
        coef = np.atleast_2d(self.coef_)
        se = np.atleast_2d(self.coef_stderr_)
        if self.fit_intercept:
            coef = np.column_stack([np.atleast_1d(self.intercept_), coef])
            se = np.column_stack([np.atleast_1d(self.intercept_stderr_), se])
        if np.ndim(self.coef_) == 1:
            return coef[0], se[0]
        return coef, se

    @property
    def pvalues_(self):
        """Two-sided t-test p-values of the parameters (intercept first)."""
        check_is_fitted(self)
        est, se = self._params_and_stderr()
        with np.errstate(divide="ignore", invalid="ignore"):
            t = est / se
        return 2 * stats.t.sf(np.abs(t), max(self.df_resid_, 1))
