"""CoefDisplay: the coefficients of a linear fit with their confidence intervals."""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

from ..utils._plotting import check_names, forest_plot, get_axes

__all__ = ["CoefDisplay"]


class CoefDisplay:
    """Coefficients with confidence intervals, one row per coefficient.

    Build it with :meth:`from_estimator`; the constructor only stores the
    numbers, so a display can also be made from any estimates and bounds.

    Parameters
    ----------
    coef : ndarray of shape (n_coef,)
        Estimates.
    lower, upper : ndarray of shape (n_coef,)
        Interval bounds.
    feature_names : list of str
        One name per coefficient.
    level : float
        Coverage of the intervals (for the axis label).
    estimator_name : str, default=None
        Legend label; no legend when None.

    Attributes
    ----------
    errorbar_ : matplotlib ErrorbarContainer
        The plotted intervals.
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_diabetes
    >>> from skmath.linear_model import CoefDisplay, LinearRegression
    >>> data = load_diabetes()
    >>> reg = LinearRegression().fit(data.data, data.target)
    >>> disp = CoefDisplay.from_estimator(reg, feature_names=data.feature_names)
    >>> [label.get_text() for label in disp.ax_.get_yticklabels()][:3]
    ['age', 'sex', 'bmi']
    """

    def __init__(
        self, *, coef, lower, upper, feature_names, level, estimator_name=None
    ):
        self.coef = coef
        self.lower = lower
        self.upper = upper
        self.feature_names = feature_names
        self.level = level
        self.estimator_name = estimator_name

    def plot(self, ax=None, **kwargs):
        """Draw the intervals.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        **kwargs
            Passed to ``ax.errorbar`` (``color``, ``capsize``, ``fmt``, ...).

        Returns
        -------
        self : CoefDisplay
        """
        self.figure_, self.ax_ = get_axes(ax, type(self).__name__)
        (self.errorbar_,) = forest_plot(
            self.ax_,
            list(self.feature_names),
            [(self.estimator_name, self.coef, self.lower, self.upper)],
            xlabel=f"coefficient ({self.level:.0%} confidence interval)",
            **kwargs,
        )
        return self

    @classmethod
    def from_estimator(
        cls,
        estimator,
        *,
        level=0.95,
        feature_names=None,
        include_intercept=False,
        target=None,
        name=None,
        ax=None,
        **kwargs,
    ):
        """Plot the coefficients of a fitted :class:`LinearRegression`.

        Parameters
        ----------
        estimator : LinearRegression
            Fitted; anything with ``coef_`` and ``conf_int(level)`` works.
        level : float, default=0.95
            Coverage of the intervals, in (0, 1).
        feature_names : list of str, default=None
            Names of the features; ``feature_names_in_`` or ``x0, x1, ...``
            when None.
        include_intercept : bool, default=False
            Also draw the intercept (first row).
        target : int, default=None
            Which target of a multi-target fit; required then.
        name : str, default=None
            Legend label.
        ax : matplotlib Axes, default=None
            Where to draw.
        **kwargs
            Passed to ``ax.errorbar``.

        Returns
        -------
        display : CoefDisplay
        """
        check_is_fitted(estimator)
        coef = np.asarray(estimator.coef_, dtype=float)
        intervals = np.asarray(estimator.conf_int(level), dtype=float)
        if coef.ndim == 2:
            if target is None:
                raise ValueError(
                    f"the estimator has {coef.shape[0]} targets; pass target= "
                    "the index of the one to plot"
                )
            coef, intervals = coef[target], intervals[target]
        elif target not in (None, 0):
            raise ValueError(f"target={target!r} but the estimator has one target")
        has_intercept = len(intervals) == len(coef) + 1
        if include_intercept and not has_intercept:
            raise ValueError(
                "include_intercept=True but the estimator was fitted without one"
            )
        if feature_names is None:
            feature_names = getattr(estimator, "feature_names_in_", None)
        names = check_names(feature_names, len(coef))
        if has_intercept and include_intercept:
            coef = np.r_[np.ravel(estimator.intercept_)[target or 0], coef]
            names = ["intercept", *names]
        elif has_intercept:
            intervals = intervals[1:]
        display = cls(
            coef=coef,
            lower=intervals[:, 0],
            upper=intervals[:, 1],
            feature_names=names,
            level=level,
            estimator_name=name,
        )
        return display.plot(ax=ax, **kwargs)
