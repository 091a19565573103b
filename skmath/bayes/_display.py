"""PosteriorDisplay: coefficient posteriors as credible intervals (a forest plot)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy import stats
from sklearn.utils.validation import check_is_fitted

from ..utils._plotting import check_names, forest_plot, get_axes

__all__ = ["PosteriorDisplay"]


def _check_level(level):
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")


def _coef_draws(estimator):
    """Posterior draws of the coefficients, shape ``(n_draws, n_coef)``."""
    draws = np.asarray(estimator.idata_.posterior["coef"].values, dtype=float)
    # (chains, draws, [outputs,] features) -> (chains * draws, outputs * features)
    return draws.reshape(draws.shape[0] * draws.shape[1], -1)


def _summary(fit, level, n_coef=None):
    """``(mean, lower, upper)`` of one fit: an estimator or an exact posterior.

    A fitted Bayesian estimator gives equal-tailed credible intervals from its
    draws; a mapping with ``coef_mean`` and ``coef_std`` (what
    :func:`exact_gaussian_posterior` returns) a Gaussian's central interval.
    """
    if isinstance(fit, Mapping):
        missing = {"coef_mean", "coef_std"} - set(fit)
        if missing:
            raise ValueError(
                f"a posterior given as a mapping needs the keys coef_mean and "
                f"coef_std (as exact_gaussian_posterior returns); missing "
                f"{sorted(missing)}"
            )
        mean = np.ravel(np.asarray(fit["coef_mean"], dtype=float))
        half = stats.norm.ppf(0.5 + level / 2) * np.ravel(fit["coef_std"])
        lower, upper = mean - half, mean + half
    else:
        check_is_fitted(fit)
        if not hasattr(fit, "idata_"):
            raise TypeError(
                f"{type(fit).__name__} has no posterior draws (idata_); pass a "
                "fitted skmath.bayes estimator or a dict with coef_mean/coef_std"
            )
        draws = _coef_draws(fit)
        tail = (1 - level) / 2
        mean = draws.mean(axis=0)
        lower, upper = np.quantile(draws, [tail, 1 - tail], axis=0)
    if n_coef is not None and len(mean) != n_coef:
        raise ValueError(
            f"the fits to compare have {len(mean)} and {n_coef} coefficients"
        )
    return mean, lower, upper


def _names(estimator, feature_names, n_coef):
    if feature_names is None:
        feature_names = getattr(estimator, "feature_names_in_", None)
    n_outputs = np.atleast_2d(estimator.coef_).shape[0]
    if n_outputs == 1:
        return check_names(feature_names, n_coef)
    names = check_names(feature_names, n_coef // n_outputs)
    # multiclass logistic: one block of coefficients per class
    return [f"{c}: {n}" for c in estimator.classes_ for n in names]


class PosteriorDisplay:
    """Credible intervals of coefficients for one or more posterior fits.

    A forest plot: one row per coefficient, one interval per fit, the fits
    offset within a row so none hides another.  Build it with
    :meth:`from_estimator`.

    Parameters
    ----------
    means, lowers, uppers : list of ndarray of shape (n_coef,)
        Posterior mean and interval bounds, one array per fit.
    labels : list of str
        One legend label per fit.
    feature_names : list of str
        One name per coefficient.
    level : float
        Interval coverage.

    Attributes
    ----------
    errorbars_ : list of matplotlib ErrorbarContainer
        One per fit, in the order of ``labels``.
    ax_ : matplotlib Axes
    figure_ : matplotlib Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_diabetes
    >>> from skmath.bayes import (
    ...     BayesianLinearRegression, PosteriorDisplay, exact_gaussian_posterior)
    >>> X, y = load_diabetes(return_X_y=True)
    >>> y = (y - y.mean()) / y.std()
    >>> reg = BayesianLinearRegression(
    ...     inference="map", noise_std=0.7, random_state=0).fit(X, y)
    >>> exact = exact_gaussian_posterior(X, y, noise_std=0.7)
    >>> disp = PosteriorDisplay.from_estimator(reg, compare={"exact": exact})
    >>> len(disp.errorbars_)
    2
    """

    def __init__(self, *, means, lowers, uppers, labels, feature_names, level):
        self.means = means
        self.lowers = lowers
        self.uppers = uppers
        self.labels = labels
        self.feature_names = feature_names
        self.level = level

    def plot(self, ax=None, **kwargs):
        """Draw the intervals.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Where to draw; a new figure when None.
        **kwargs
            Passed to every ``ax.errorbar`` call (``capsize``, ``fmt``, ...).

        Returns
        -------
        self : PosteriorDisplay
        """
        self.figure_, self.ax_ = get_axes(ax, type(self).__name__)
        series = list(zip(self.labels, self.means, self.lowers, self.uppers))
        self.errorbars_ = forest_plot(
            self.ax_,
            list(self.feature_names),
            series,
            xlabel=f"coefficient (posterior mean, {self.level:.0%} credible interval)",
            **kwargs,
        )
        return self

    @classmethod
    def from_estimator(
        cls,
        estimator,
        *,
        compare=None,
        level=0.95,
        feature_names=None,
        name=None,
        ax=None,
        **kwargs,
    ):
        """Plot the coefficient posterior of a fitted Bayesian estimator.

        Parameters
        ----------
        estimator : BayesianLinearRegression or BayesianLogisticRegression
            Fitted; its posterior draws give equal-tailed credible intervals.
        compare : dict, default=None
            Further fits to overlay, ``{label: fit}``: another fitted
            estimator (e.g. NUTS beside ADVI) or an exact Gaussian posterior
            as returned by :func:`exact_gaussian_posterior`.
        level : float, default=0.95
            Interval coverage, in (0, 1).
        feature_names : list of str, default=None
            Names of the features; ``feature_names_in_`` or ``x0, x1, ...``
            when None.
        name : str, default=None
            Legend label of ``estimator``; its inference method's name when
            None (``"ADVI"``, ``"NUTS"``, ...).
        ax : matplotlib Axes, default=None
            Where to draw.
        **kwargs
            Passed to every ``ax.errorbar`` call.

        Returns
        -------
        display : PosteriorDisplay
        """
        _check_level(level)
        check_is_fitted(estimator)
        mean, lower, upper = _summary(estimator, level)
        fits = [(name or type(estimator.inference_).__name__, mean, lower, upper)]
        for label, fit in (compare or {}).items():
            fits.append((str(label), *_summary(fit, level, n_coef=len(mean))))
        labels, means, lowers, uppers = map(list, zip(*fits))
        display = cls(
            means=means,
            lowers=lowers,
            uppers=uppers,
            labels=labels,
            feature_names=_names(estimator, feature_names, len(mean)),
            level=level,
        )
        return display.plot(ax=ax, **kwargs)
