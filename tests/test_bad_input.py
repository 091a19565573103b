"""The bad-input catalogue against every public estimator.

Each case of ``tests/bad_input_catalogue.py`` that applies to an estimator
must raise the catalogued exception with a message naming the problem, and
must do so before any training work: while the case runs, the entry points
where training work starts (solver calls, backpropagation steps, autograd,
skorch's train step, the compiled log density and PyMC's fitting/sampling,
kernel Gram matrices: :func:`training_entry_points`) raise, and a clean fit
of every estimator is shown to reach one of them; after a
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


def _methods(cls, prefix):
    return [m for m in vars(cls) if m.startswith(prefix) and callable(vars(cls)[m])]


def training_entry_points():
    """``[(owner, attribute, label)]``: where each estimator's training work
    really starts, as the code stands.

    - linear models: every registered solver's ``solve*`` methods;
    - MLPs: the hand-written backpropagation step (minibatch methods),
      ``torch.autograd.grad`` (full-batch methods, Hessian-vector products)
      and ``Tensor.backward`` / ``torch.autograd.backward`` (``TorchOptim``);
    - the CNN: skorch's ``NeuralNet.train_step`` (and ``Tensor.backward``);
    - Bayesian models: the compiled log density and gradient every inference
      plugin evaluates (``PosteriorProblem.logp_grad``/``logp_grad_batch``)
      and PyMC's ``sample``, ``fit`` and ``find_MAP``;
    - infinite-width models: the kernels' Gram computation.

    ``test_guard_trips_on_a_clean_fit`` proves that a clean fit of every
    estimator reaches one of them, so a refactoring that moves the work
    elsewhere fails that test instead of leaving a guard that cannot fire.
    """
    points = []
    if _uses(("skmath.linear_model",)):
        from skmath import plugins

        for name in plugins.available("solvers"):
            solver = plugins.get("solvers", name)
            for klass in solver.__mro__:
                if klass.__module__.startswith("skmath"):
                    for method in _methods(klass, "solve"):
                        points.append((klass, method, f"{klass.__name__}.{method}"))
    if _uses(("skmath.neural_network", "skmath.cnn", "skmath.optim")):
        torch = pytest.importorskip("torch")
        points += [
            (torch.Tensor, "backward", "Tensor.backward"),
            (torch.autograd, "backward", "torch.autograd.backward"),
            (torch.autograd, "grad", "torch.autograd.grad"),
        ]
    if _uses(("skmath.neural_network",)):
        from skmath.neural_network._backprop import Backprop

        points.append((Backprop, "__call__", "Backprop step"))
    if _uses(("skmath.cnn",)):
        skorch = pytest.importorskip("skorch")
        points.append((skorch.NeuralNet, "train_step", "skorch NeuralNet.train_step"))
    if _uses(("skmath.bayes",)):
        pm = importlib.import_module("pymc")
        from skmath.bayes._model import PosteriorProblem

        points += [(pm, name, f"pymc.{name}") for name in ("fit", "sample", "find_MAP")]
        points += [
            (PosteriorProblem, m, f"PosteriorProblem.{m}")
            for m in ("logp_grad", "logp_grad_batch")
        ]
    if _uses(("skmath.theory",)):
        from sklearn.gaussian_process.kernels import Kernel

        import skmath.theory as theory

        for name in theory.__all__:
            obj = getattr(theory, name)
            if isinstance(obj, type) and issubclass(obj, Kernel):
                points.append((obj, "__call__", f"{name}.__call__"))
    return points


def _guard(monkeypatch):
    for owner, attribute, label in training_entry_points():
        # raising=True: an entry point that was renamed fails loudly here
        monkeypatch.setattr(owner, attribute, _forbidden(label))


@pytest.fixture
def no_training(monkeypatch):
    """Make every training entry point (:func:`training_entry_points`) raise."""
    _guard(monkeypatch)


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


def _all_instances():
    from ._instances import INSTANCES

    out = []
    for name, cls in ESTIMATORS:
        for i, params in enumerate(INSTANCES.get(name, [{}])):
            out.append(pytest.param(name, cls, params, id=f"{name}-{i}"))
    return out


@pytest.mark.parametrize("name, cls, params", _all_instances())
def test_guard_trips_on_a_clean_fit(name, cls, params, monkeypatch):
    """A guard that cannot fire proves nothing: with the guard on, a clean fit
    of every estimator (each of its fast settings: minibatch and full-batch
    optimizers, every inference) must be stopped by it."""
    estimator = cls(**params)
    if "random_state" in estimator.get_params(deep=False):
        estimator.set_params(random_state=0)
    X, y = make_data(info(name, cls))
    _guard(monkeypatch)
    with pytest.raises(TrainingStarted):
        _call_fit(estimator, X, y, info(name, cls).kind)
