"""``LinearRegression``: least squares with pluggable solvers and inference.

Every fit reads reduce -> solve -> report.  Each data path only *reduces*
its data to one small problem (:mod:`._reduce`: in-memory arrays, dense or
sparse, or one pass over dense ``X``; streamed chunks through
``partial_fit``'s exact square-root sufficient statistics; :mod:`._dask`:
``dask.array`` inputs by blockwise statistics or TSQR); all paths share the
same final solve (:func:`._solve.solve`, which resolves nothing but solves
and falls back) and the same report (:meth:`LinearRegression._report` with
:mod:`._statistics`).
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from .. import plugins
from ..utils._validation import is_dask_collection
from ._dask import DaskData, check_dask_inputs
from ._inputs import check_finite_X, check_numeric_X, check_numeric_y
from ._linalg import MAX_EXTENDED_SIZE
from ._reduce import StreamStatistics, reduce_design, reduce_moments
from ._solve import Declined, resolve_solver, solve, solver_class
from ._solver_base import Solver
from ._statistics import conf_int, inference, pvalues, summary_table

__all__ = ["LinearRegression"]


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
    positive : bool, default=False
        Constrain the coefficients to be non-negative (non-negative least
        squares, SciPy's ``nnls``; dense ``X`` and ``solver="auto"`` only).
        Standard errors are NaN then: they are not defined under the
        constraint.
    copy_X : bool, default=True
        ``False`` lets ``fit`` centre (and weight) a float64 dense ``X`` in
        place, saving a copy: ``X`` is overwritten, and small data is then
        not centred in extended precision.  ``True`` never modifies ``X``.

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
        for ``alpha > 0`` the ridge sandwich estimate), computed on first
        access.
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
        "positive": ["boolean"],
        "copy_X": ["boolean"],
    }

    def __init__(
        self, *, solver="auto", alpha=0.0, fit_intercept=True, tol=1e-10,
        max_iter=None, positive=False, copy_X=True,
    ):
        self.solver = solver
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.tol = tol
        self.max_iter = max_iter
        self.positive = positive
        self.copy_X = copy_X

    # -- plugins and tags ----------------------------------------------------
    def _new_solver(self):
        return resolve_solver(self.solver, positive=self.positive, tol=self.tol,
                              max_iter=self.max_iter)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        try:
            cls = solver_class(self.solver, positive=self.positive)
        except (ValueError, TypeError):
            cls = Solver
        tags.input_tags.sparse = bool(getattr(cls, "supports_sparse", False))
        tags.target_tags.multi_output = bool(
            getattr(cls, "supports_multi_output", True)
        )
        tags.target_tags.single_output = True
        return tags

    # -- fitting: reduce -> solve -> report ----------------------------------
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
        self._stream = None
        if hasattr(self, "dask_path_"):
            del self.dask_path_
        if is_dask_collection(X):
            return self._fit_dask(X, y, sample_weight)
        X, Y, w, y_was_1d = self._validate_xy(
            X, y, sample_weight, reset=True, check_finite_X=False
        )
        solver = self._new_solver()
        alpha = float(self.alpha)
        unit = sample_weight is None
        # dense data up to MAX_EXTENDED_SIZE entries (the solvers' own limit)
        # is centred explicitly, in extended precision unless copy_X=False,
        # for solvers that can use it (QR refinement, "auto" when it falls
        # back to QR); larger dense unweighted data first tries one pass over
        # the uncentred X
        careful = (
            isinstance(X, np.ndarray)
            and solver.extended_precision
            and X.size <= MAX_EXTENDED_SIZE
        )
        extended = careful and self.copy_X
        one_pass = (
            unit
            and getattr(solver, "uses_moments", False)
            and isinstance(X, np.ndarray)
            and X.shape[0] >= X.shape[1]
            and not careful
        )
        if not one_pass:
            # the one pass finds non-finite X in the diagonal of X^T X
            check_finite_X(X, self)
        self._check_capabilities(solver, X, Y, sample_weight)
        note = ""
        if one_pass:
            problem = reduce_moments(
                X, Y, y_was_1d=y_was_1d, fit_intercept=self.fit_intercept
            )
            if isinstance(problem, str):
                check_finite_X(X, self)  # raises for NaN/inf in X
                note = problem
            else:
                try:
                    return self._report(problem, solve(problem, solver, alpha=alpha))
                except Declined as exc:
                    note = str(exc)
        problem = reduce_design(
            X, Y, w, y_was_1d=y_was_1d, fit_intercept=self.fit_intercept,
            unit_weights=unit, extended=extended,
            in_place=not self.copy_X and isinstance(X, np.ndarray)
            and X.flags.writeable,
            note=note,
        )
        return self._report(problem, solve(problem, solver, alpha=alpha))

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
            self._stream = StreamStatistics.empty(
                Z.shape[1], y_was_1d=y_was_1d, solver=self._new_solver()
            )
        stream = self._stream
        if Z.shape[1] != stream.R.shape[1]:
            raise ValueError(
                f"y has {Y.shape[1]} targets but previous chunks had "
                f"{stream.R.shape[1] - X.shape[1]}"
            )
        stream.merge(Z, w, fit_intercept=self.fit_intercept)
        problem = stream.problem(self.n_features_in_)
        solver = resolve_solver(stream.solver)
        return self._report(problem, solve(problem, solver, alpha=float(self.alpha)))

    def _fit_dask(self, X, y, sample_weight):
        X, Y, w, y_was_1d = check_dask_inputs(X, y, sample_weight)
        self.n_features_in_ = X.shape[1]
        if hasattr(self, "feature_names_in_"):
            del self.feature_names_in_
        solver = self._new_solver()
        alpha = float(self.alpha)
        data = DaskData(X, Y, w, fit_intercept=self.fit_intercept,
                        y_was_1d=y_was_1d)
        if getattr(solver, "uses_gram", False):
            problem = data.gram_problem()
            try:
                self._report(problem, solve(problem, solver, alpha=alpha))
            except Declined:
                pass  # the careful reduction below
            else:
                self.dask_path_ = "gram"
                return self
        problem = data.factor_problem()
        self._report(problem, solve(problem, solver, alpha=alpha))
        self.dask_path_ = "tsqr"
        return self

    def _report(self, problem, solution):
        """Set every fitted attribute from the solution and its statistics."""
        result, B = solution.result, solution.coef
        info = inference(problem, solution, alpha=float(self.alpha),
                         fit_intercept=self.fit_intercept)
        self.solver_ = solution.solver
        n_iter = result.n_iter if result.n_iter is not None else 1
        self.n_iter_ = np.broadcast_to(np.atleast_1d(n_iter), (B.shape[1],)).copy()
        self.rank_ = result.rank
        self.singular_values_ = result.singular_values
        self.condition_number_ = result.condition_number
        self.df_resid_ = info.df_resid
        self._inference = info
        self._stderr = None
        if problem.y_was_1d:
            self.coef_ = B[:, 0].copy()
            self.intercept_ = float(info.intercept[0])
            self.sigma_ = float(info.sigma[0])
        else:
            self.coef_ = B.T.copy()
            self.intercept_ = info.intercept
            self.sigma_ = info.sigma
        self.n_samples_seen_ = problem.n_samples
        return self

    def _validate_xy(self, X, y, sample_weight, reset, check_finite_X=True):
        check_numeric_X(X)
        if y is not None:
            check_numeric_y(y)
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
        if sample_weight is None:
            w = np.ones(X.shape[0])
        else:
            w = _check_sample_weight(
                sample_weight, X, dtype=np.float64, ensure_non_negative=True
            )
        if w.sum() <= 0:
            raise ValueError("sample_weight must have a positive sum")
        y_was_1d = y.ndim == 1
        Y = y.reshape(-1, 1) if y_was_1d else y
        return X, Y, w, y_was_1d

    def _check_capabilities(self, solver, X, Y, sample_weight=None):
        if sp.issparse(X) and self.positive:
            raise TypeError(
                "Sparse data was passed for X, but dense data is required: "
                "positive=True (non-negative least squares) needs dense X; "
                "densify it with X.toarray()"
            )
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
        if is_dask_collection(X):
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
        return conf_int(self, level)

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
        return summary_table(self, level)

    @property
    def pvalues_(self):
        """Two-sided t-test p-values of the parameters (intercept first)."""
        check_is_fitted(self)
        return pvalues(self)

    def _standard_errors(self):
        check_is_fitted(self)
        if self._stderr is None:
            coef_se, icpt_se = self._inference.standard_errors()
            if np.ndim(self.coef_) == 1:
                coef_se = coef_se[0]
                icpt_se = float(icpt_se[0]) if self.fit_intercept else 0.0
            self._stderr = coef_se, icpt_se
        return self._stderr

    @property
    def coef_stderr_(self):
        """Standard errors of the coefficients, same shape as ``coef_``.

        As statsmodels ``OLS``/``WLS`` (for ``alpha > 0`` the ridge sandwich
        estimate); NaN beyond 2000 features.  Computed on first access: after
        an iterative solver they need the Gram matrix of the design, which a
        fit used only for predictions does not pay for.
        """
        return self._standard_errors()[0]

    @property
    def intercept_stderr_(self):
        """Standard error of the intercept (0.0 when not fitted); see
        ``coef_stderr_``."""
        return self._standard_errors()[1]

    def __getstate__(self):
        # compute the standard errors now: the lazily kept design may hold
        # the training data, which a pickle must not carry
        if getattr(self, "_stderr", 1) is None:
            self._standard_errors()
        return super().__getstate__()
