"""What every skmath Display shares: lazy matplotlib, axes, forest plots, colours.

The Display objects follow scikit-learn's convention (``from_estimator``,
``plot(ax=None, **kwargs)``, ``ax_``, ``figure_``); this module holds the
pieces two or more of them need, so each ``_display.py`` only computes its
data.  matplotlib is imported here on first use, never by ``import skmath``.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "EXACT_COLOR",
    "PEER_COLOR",
    "SERIES_COLORS",
    "SKMATH_COLOR",
    "check_names",
    "forest_plot",
    "get_axes",
    "import_pyplot",
    "legend_outside",
]

#: One meaning per colour in every skmath figure: skmath's own results,
#: the peer library it is compared with, and an exact reference.
SKMATH_COLOR = "tab:blue"
PEER_COLOR = "tab:orange"
EXACT_COLOR = "black"
#: colours for several fits of one side (optimizers, architectures, inference
#: methods): matplotlib's tab10 without the peer's orange, so orange always
#: means "the peer"
SERIES_COLORS = (
    "tab:blue",
    "tab:green",
    "tab:red",
    "tab:purple",
    "tab:brown",
    "tab:pink",
    "tab:gray",
    "tab:olive",
    "tab:cyan",
    "black",
)


def import_pyplot(caller="this display"):
    """``matplotlib.pyplot``, or an ImportError saying who needs it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:  # pragma: no cover - matplotlib is a dependency
        raise ImportError(f"{caller} needs matplotlib: pip install matplotlib") from exc
    return plt


def get_axes(ax, caller="this display"):
    """``(figure, ax)``: a new figure and axes when ``ax`` is None."""
    plt = import_pyplot(caller)
    if ax is None:
        _, ax = plt.subplots()
    return ax.figure, ax


def check_names(names, n, what="feature_names"):
    """``names`` as a list of ``n`` strings (default ``x0 .. x{n-1}``)."""
    if names is None:
        return [f"x{i}" for i in range(n)]
    names = [str(name) for name in names]
    if len(names) != n:
        raise ValueError(f"{what} has {len(names)} names for {n} coefficients")
    return names


def forest_plot(ax, names, series, *, xlabel, **kwargs):
    """Intervals of several fits, one row per coefficient (a forest plot).

    Parameters
    ----------
    ax : matplotlib Axes
    names : list of str
        Row labels, drawn top to bottom.
    series : list of (label, estimate, lower, upper)
        One fit per entry; fits are offset vertically within a row so their
        intervals never hide each other.
    xlabel : str
    **kwargs
        Passed to every ``ax.errorbar`` call (e.g. ``capsize``, ``color``
        applies to all fits).

    Returns
    -------
    list of ErrorbarContainer
        One per fit, in the order of ``series``.
    """
    rows = np.arange(len(names))
    n = len(series)
    # offsets inside one row (a row is 1 unit tall), first fit on top
    offsets = (np.arange(n) - (n - 1) / 2) * (0.7 / max(n, 1)) if n > 1 else [0.0]
    containers = []
    for k, ((label, estimate, lower, upper), offset) in enumerate(zip(series, offsets)):
        estimate = np.asarray(estimate, dtype=float)
        xerr = np.vstack([estimate - np.asarray(lower), np.asarray(upper) - estimate])
        style = {
            "fmt": "o",
            "capsize": 3,
            "markersize": 4,
            "label": label,
            "color": SERIES_COLORS[k % len(SERIES_COLORS)],
        }
        style.update(kwargs)
        containers.append(ax.errorbar(estimate, rows + offset, xerr=xerr, **style))
    ax.axvline(0.0, color="0.6", lw=0.8, zorder=0)
    ax.set_yticks(rows, names)
    ax.set_ylim(len(names) - 0.5, -0.5)  # first coefficient on top
    ax.set_xlabel(xlabel)
    if n > 1 or series[0][0]:
        legend_outside(ax)
    return containers


def legend_outside(ax, **kwargs):
    """A legend right of the axes, never over the data."""
    style = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "fontsize": 8}
    style.update(kwargs)
    return ax.legend(**style)
