"""The NIST StRD linear-regression sets (public domain, itl.nist.gov/div898/strd)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

__all__ = ["NIST_STRD_NAMES", "load_nist_strd"]

_DATA = Path(__file__).resolve().parent / "nist_strd"
_CERTIFIED = json.loads((_DATA / "certified.json").read_text())

#: the sets, from easiest (Norris) to hardest (Filip, Wampler4/5)
NIST_STRD_NAMES = tuple(_CERTIFIED)


def load_nist_strd(name):
    """One NIST StRD regression set with its certified values.

    Parameters
    ----------
    name : str
        One of :data:`NIST_STRD_NAMES` (``"longley"``, ``"filip"``, ...).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        The predictors (for the polynomial sets, the powers ``x .. x**degree``).
    y : ndarray of shape (n_samples,)
    fit_intercept : bool
        Whether the certified model has an intercept.
    certified : dict
        ``coef`` and ``stderr`` (intercept first when there is one), and the
        set's ``degree`` (None for the non-polynomial sets).

    Examples
    --------
    >>> from skmath.datasets import load_nist_strd
    >>> X, y, fit_intercept, certified = load_nist_strd("longley")
    >>> X.shape, fit_intercept, len(certified["coef"])
    ((16, 6), True, 7)
    """
    if name not in _CERTIFIED:
        raise ValueError(
            f"unknown NIST StRD set {name!r}; the sets are: "
            f"{', '.join(NIST_STRD_NAMES)}"
        )
    data = np.genfromtxt(_DATA / f"{name}.csv", delimiter=",", names=True)
    cert = _CERTIFIED[name]
    y = np.asarray(data["y"], dtype=np.float64)
    if cert["degree"] is None:
        cols = [c for c in data.dtype.names if c != "y"]
        X = np.column_stack([data[c] for c in cols]).astype(np.float64)
    else:
        x = np.asarray(data["x"], dtype=np.float64)
        X = np.column_stack([x**k for k in range(1, cert["degree"] + 1)])
    return X, y, bool(cert["intercept"]), cert
