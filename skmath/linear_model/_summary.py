"""Text and DataFrame summaries of a linear model's statistics.

Formatting only: the numbers come from
:mod:`skmath.linear_model._fit_statistics` and friends.  The layout follows
statsmodels' ``summary()``: a two-column header of fit statistics above the
coefficient table (``coef``, ``std err``, ``t``, ``P>|t|`` and the interval
bounds), one block per target.
"""

from __future__ import annotations

import numpy as np

TABLE_COLUMNS = ("coef", "std err", "t", "P>|t|")


def interval_columns(level):
    """Column names of the interval bounds, as statsmodels: ``[0.025``, ``0.975]``."""
    alpha = 1.0 - level
    return f"[{alpha / 2:g}", f"{1 - alpha / 2:g}]"


def parameter_names(feature_names, n_features, fit_intercept):
    """``const`` then the feature names (``x0``, ``x1``, ... without names)."""
    names = [str(n) for n in feature_names] if feature_names is not None else [
        f"x{j}" for j in range(n_features)
    ]
    return (["const"] if fit_intercept else []) + names


def summary_frame(names, params, stderr, tvalues, pvalues, intervals, level):
    """The coefficient table as a pandas DataFrame indexed by ``names``.

    Parameters
    ----------
    names : list of str
        Parameter names.
    params, stderr, tvalues, pvalues : ndarray of shape (n_params,)
    intervals : ndarray of shape (n_params, 2)
    level : float
        Coverage of ``intervals`` (names the last two columns).

    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    lo, hi = interval_columns(level)
    data = dict(zip(TABLE_COLUMNS, (params, stderr, tvalues, pvalues)))
    data[lo], data[hi] = intervals[:, 0], intervals[:, 1]
    return pd.DataFrame(data, index=pd.Index(list(names), name="parameter"))


def _fmt(value):
    if isinstance(value, str):
        return value
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if not np.isfinite(value):
        return str(value)
    return f"{value:.4g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.3e}"


def summary_text(title, header, frame):
    """statsmodels-style text: ``title``, the ``header`` pairs in two
    columns, then ``frame`` (from :func:`summary_frame`)."""
    items = [(k, _fmt(v)) for k, v in header]
    half = (len(items) + 1) // 2
    left, right = items[:half], items[half:]
    kw = max(len(k) for k, _ in items) + 1
    vw = max(len(v) for _, v in items)
    lines = []
    for i, (k, v) in enumerate(left):
        line = f"{k + ':':<{kw}} {v:>{vw}}"
        if i < len(right):
            k2, v2 = right[i]
            line += f"    {k2 + ':':<{kw}} {v2:>{vw}}"
        lines.append(line)
    names = [str(n) for n in frame.index]
    nw = max([len(n) for n in names] + [5])
    cols = list(frame.columns)
    table = [f"{'':<{nw}} " + " ".join(f"{c:>11}" for c in cols)]
    for name, row in zip(names, frame.to_numpy()):
        cells = []
        for c, v in zip(cols, row):
            cells.append(f"{v:>11.3f}" if c in ("t", "P>|t|") else f"{v:>11.4g}")
        table.append(f"{name:<{nw}} " + " ".join(cells))
    width = max(len(s) for s in lines + table)
    rule, thin = "=" * width, "-" * width
    return "\n".join([title.center(width), rule, *lines, rule, table[0], thin,
                      *table[1:], rule])
