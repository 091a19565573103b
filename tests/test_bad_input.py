"""The bad-input catalogue against every public estimator.

Each case of ``tests/bad_input_catalogue.py`` that applies to an estimator
must raise the catalogued exception with a message naming the problem, and
must do so before any training work: while the case runs, gradient steps
(``torch`` backward passes) and PyMC fitting/sampling raise, and after a
refused ``fit`` the estimator carries no fitted attribute beyond the input
metadata that validation records (a half-set fitted state would make
``check_is_fitted`` pass and ``predict`` fail with an ``AttributeError``).
"""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from ._factory import ESTIMATORS, PREDICT_METHODS, fast_estimator, fitted, info
from .bad_input_catalogue import cases_for, make_data

# Attributes input validation may record before refusing the input.
VALIDATION_ATTRIBUTES = {
    "n_features_in_",
    "feature_names_in_",
    "classes_",
    "image_shape_",
}


# (estimator, case id) -> reason: known defects, reported to the estimator's
# owner; remove the entry with the fix (the test then passes, not xpasses).
KNOWN_ISSUES = {}


class TrainingStarted(BaseException):
    """Raised by the patched training entry points (not an Exception: nothing
    in an estimator may swallow it)."""


def _forbidden(what):
    def fail(*args, **kwargs):
        raise TrainingStarted(f"{what} was called before the input was refused")

    return fail


def _uses(prefixes):
    return any(cls.__module__.startswith(prefixes) for _, cls in ESTIMATORS)


@pytest.fixture
def no_training(monkeypatch):
    """Make the training entry points of torch and PyMC raise."""
    if _uses(("skmath.neural_network", "skmath.cnn", "skmath.optim")):
        torch = pytest.importorskip("torch")
        monkeypatch.setattr(torch.Tensor, "backward", _forbidden("Tensor.backward"))
        monkeypatch.setattr(torch.autograd, "backward", _forbidden("autograd.backward"))
    if _uses(("skmath.bayes",)):
        pm = importlib.import_module("pymc")
        for name in ("fit", "sample", "find_MAP"):
            monkeypatch.setattr(pm, name, _forbidden(f"pymc.{name}"))


def _params():
    out = []
    for name, cls in ESTIMATORS:
        for case, param in cases_for(info(name, cls)):
            case_id = case.id + (f"[{param}]" if param else "")
            reason = KNOWN_ISSUES.get((name, case_id))
            marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
            out.append(
                pytest.param(
                    name, cls, case, param, id=f"{name}-{case_id}", marks=marks
                )
            )
    return out


def _fitted_public(estimator):
    return {
        a
        for a in vars(estimator)
        if a.endswith("_") and not a.startswith("_") and a not in VALIDATION_ATTRIBUTES
    }


def _call_fit(estimator, X, y, kind):
    if kind == "transformer":
        return estimator.fit(X)
    return estimator.fit(X, y)


@pytest.mark.parametrize("name, cls, case, param", _params())
def test_bad_input_is_refused(name, cls, case, param, request):
    meta = info(name, cls)
    if case.stage == "predict":
        estimator, X, y = fitted(name, cls)  # a clean fit, before training is barred
    request.getfixturevalue("no_training")
    if case.stage == "predict":
        X_bad, _ = case.data(X, y)
        methods = [m for m in PREDICT_METHODS if hasattr(estimator, m)]
        assert methods, f"{name} has no prediction method"
        for method in methods:
            with pytest.raises(case.exception, match=case.pattern(param)):
                getattr(estimator, method)(X_bad)
        return
    estimator = fast_estimator(name, cls)
    X, y = make_data(meta)
    if case.stage == "unfitted":
        methods = [m for m in PREDICT_METHODS if hasattr(estimator, m)]
        for method in methods:
            with pytest.raises(case.exception, match=case.pattern(param)):
                getattr(estimator, method)(X)
        if meta.kind != "transformer":
            with pytest.raises(case.exception, match=case.pattern(param)):
                estimator.score(X, y)
        return
    if param is not None:
        estimator.set_params(**{param: case.value})
    else:
        X, y = case.data(X, y)
    before = set(vars(estimator))
    with pytest.raises(case.exception, match=case.pattern(param)):
        _call_fit(estimator, X, y, meta.kind)
    # A refused fit leaves the estimator unfitted: either it says so itself
    # (``__sklearn_is_fitted__``) or it set no fitted attribute.
    if hasattr(estimator, "__sklearn_is_fitted__"):
        assert not estimator.__sklearn_is_fitted__(), (
            f"{name} claims to be fitted after refusing {case.title}"
        )
    else:
        leaked = _fitted_public(estimator) - before
        assert not leaked, f"{name} set {sorted(leaked)} before refusing {case.title}"
    if param is not None:
        # The constructor parameter is kept as given, never rewritten.
        assert estimator.get_params(deep=False)[param] == case.value or np.all(
            np.asarray(estimator.get_params(deep=False)[param])
            == np.asarray(case.value)
        )


def test_catalogue_covers_every_estimator():
    """Every estimator gets at least the data cases every estimator must pass."""
    for name, cls in ESTIMATORS:
        ids = {case.id for case, _ in cases_for(info(name, cls))}
        assert {"nan_in_X", "inf_in_X", "zero_samples", "predict_before_fit"} <= ids


def test_catalogue_renders_for_the_docs():
    from .bad_input_catalogue import CASES, catalogue_rows

    rows = catalogue_rows()
    assert len(rows) == len(CASES)
    assert all(len(r) == 4 and all(r) for r in rows)
