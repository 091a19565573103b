"""The example plugin package registers through entry points, without installing it.

A minimal ``*.dist-info`` directory holding the package's entry points (read
from ``examples/plugin_package/setup.cfg``) goes on ``sys.path`` next to the
package itself; the registries then list, load and use every example plugin
inside its estimator.
"""

from __future__ import annotations

import configparser
import importlib
import pickle
import sys
from pathlib import Path

import numpy as np
import pytest

from skmath import plugins

from ._factory import ESTIMATORS, fresh_fit, info
from .bad_input_catalogue import make_data

PACKAGE = Path(__file__).resolve().parent.parent / "examples" / "plugin_package"
DIST = "skmath_example_plugins-0.1.0.dist-info"

# kind -> (estimator using that kind of plugin, the parameter choosing it)
USED_BY = {
    "solvers": ("LinearRegression", "solver"),
    "optimizers": ("MLPRegressor", "optimizer"),
    "architectures": ("CNNClassifier", "architecture"),
    "inference": ("BayesianLinearRegression", "inference"),
    "activations": ("InfiniteWidthRegressor", "activation"),
}


def _entry_points():
    config = configparser.ConfigParser()
    config.read(PACKAGE / "setup.cfg")
    section = config["options.entry_points"]
    out = {}
    for group, text in section.items():
        kind = group.removeprefix("skmath.")
        for line in filter(None, (ln.strip() for ln in text.splitlines())):
            name, _, value = (part.strip() for part in line.partition("="))
            out[(kind, name)] = value
    return out


ENTRY_POINTS = _entry_points()


@pytest.fixture
def example_plugins(tmp_path, monkeypatch):
    dist = tmp_path / DIST
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: skmath-example-plugins\nVersion: 0.1.0\n"
    )
    lines = []
    for kind in plugins.KINDS:
        group = [(n, v) for (k, n), v in ENTRY_POINTS.items() if k == kind]
        if group:
            lines.append(f"[skmath.{kind}]")
            lines += [f"{n} = {v}" for n, v in group]
            lines.append("")
    (dist / "entry_points.txt").write_text("\n".join(lines))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(PACKAGE))
    importlib.invalidate_caches()
    for kind in plugins.KINDS:
        plugins.registry(kind).refresh()
    yield
    monkeypatch.undo()
    importlib.invalidate_caches()
    for kind in plugins.KINDS:
        plugins.registry(kind).refresh()
    for module in [m for m in sys.modules if m.startswith("skmath_example_plugins")]:
        del sys.modules[module]


def test_setup_cfg_declares_plugins():
    assert ENTRY_POINTS, "examples/plugin_package/setup.cfg declares no entry point"
    assert {kind for kind, _ in ENTRY_POINTS} <= set(plugins.KINDS)


@pytest.mark.parametrize(
    "kind, name", [pytest.param(k, n, id=f"{k}-{n}") for k, n in ENTRY_POINTS]
)
def test_example_plugin_registers_and_works(kind, name, example_plugins):
    assert name in plugins.available(kind)
    assert plugins.sources(kind)[name].startswith(
        "entry point skmath-example-plugins 0.1.0"
    )
    module_name = ENTRY_POINTS[(kind, name)].partition(":")[0]
    try:
        importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("skmath."):
            pytest.skip(f"{exc.name} is not available on this branch yet")
        raise
    plugin = plugins.get(kind, name)
    assert isinstance(plugin, type)
    estimators = dict(ESTIMATORS)
    estimator_name, param = USED_BY[kind]
    if estimator_name not in estimators:
        pytest.skip(f"{estimator_name} is not available on this branch yet")
    cls = estimators[estimator_name]
    X, y = make_data(info(estimator_name, cls))
    estimator = fresh_fit(estimator_name, cls, X, y, **{param: name})
    assert estimator.get_params()[param] == name  # never rewritten
    resolved = getattr(estimator, f"{param}_", None)
    if resolved is not None:
        assert isinstance(resolved, plugin)
    predictions = estimator.predict(X)
    assert np.all(np.isfinite(np.asarray(predictions, dtype=float)))
    restored = pickle.loads(pickle.dumps(estimator))
    np.testing.assert_array_equal(restored.predict(X), predictions)


def test_unknown_name_still_lists_the_example_plugins(example_plugins):
    kind, name = next(iter(ENTRY_POINTS))
    with pytest.raises(ValueError, match=rf"available:.*'{name}'"):
        plugins.get(kind, "no-such-plugin")
