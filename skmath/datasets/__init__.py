"""Small data sets bundled with skmath.

- :func:`load_nist_strd`: the eleven NIST StRD linear-regression sets with
  their certified coefficients and standard errors (the reference for the
  digits a least-squares solver gets right).
"""

from ._nist import NIST_STRD_NAMES, load_nist_strd

__all__ = ["NIST_STRD_NAMES", "load_nist_strd"]
