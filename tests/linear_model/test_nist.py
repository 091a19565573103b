"""NIST StRD accuracy: correct significant digits (LRE) per set and solver."""

import warnings

import pytest

from skmath.linear_model import LinearRegression

from ._nist import NAMES, scores

# careful solvers must reach these digits on every set (NIST's "higher"
# difficulty sets included); the normal equations need not
TARGETS = {"auto": 7.0, "qr": 7.0}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("solver", sorted(TARGETS))
def test_nist_lre(name, solver):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        coef_lre, se_lre = scores(LinearRegression(solver=solver), name)
    assert coef_lre >= TARGETS[solver], (name, solver, coef_lre)
    assert se_lre >= TARGETS[solver], (name, solver, se_lre)


@pytest.mark.parametrize("solver", ["svd", "lstsq"])
@pytest.mark.parametrize("name", ["norris", "pontius", "longley", "wampler2"])
def test_nist_lre_svd_solvers_on_moderate_sets(name, solver):
    coef_lre, se_lre = scores(LinearRegression(solver=solver), name)
    assert coef_lre >= 9 and se_lre >= 9, (name, solver, coef_lre, se_lre)
