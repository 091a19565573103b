"""The plugin registry: names, lazy built-ins, entry points, errors."""

import sys
import textwrap
import warnings

import pytest
from sklearn.base import clone

from skmath import plugins
from skmath._registry import PluginWarning, Registry


class Scaled(plugins.Plugin):
    supports_sparse = True

    def __init__(self, *, tol=1e-6, inner=None):
        self.tol = tol
        self.inner = inner


def test_six_kinds_with_builtins():
    assert plugins.KINDS == (
        "solvers",
        "optimizers",
        "architectures",
        "inference",
        "activations",
        "priors",
    )
    assert {"normal", "student_t", "laplace", "horseshoe"} <= set(
        plugins.available("priors")
    )
    assert {"cholesky", "qr", "svd", "lstsq", "cg", "lsqr", "lsmr"} <= set(
        plugins.available("solvers")
    )
    assert {"sgd", "adam", "lbfgs", "cg", "newton-cg", "bfgs"} <= set(
        plugins.available("optimizers")
    )
    assert {"lenet5", "vgg_small", "resnet_small"} <= set(
        plugins.available("architectures")
    )
    assert {"advi", "fullrank_advi", "nuts", "map"} <= set(
        plugins.available("inference")
    )
    assert {"relu", "erf"} <= set(plugins.available("activations"))
    for kind in plugins.KINDS:
        for source in plugins.sources(kind).values():
            assert source.startswith("skmath (skmath.") or "entry point" in source


def test_unknown_name_lists_available():
    with pytest.raises(ValueError, match=r"unknown solvers plugin 'nope'.*'cholesky'"):
        plugins.get("solvers", "nope")
    with pytest.raises(ValueError, match="kinds: solvers, optimizers"):
        plugins.available("losses")
    with pytest.raises(TypeError, match="must be a str"):
        plugins.get("solvers", 3)


def test_register_decorator_and_object():
    reg = Registry("things", "skmath.test_things")

    @reg.register("scaled")
    class Local(Scaled):
        pass

    reg.register("direct", Scaled)
    reg.register("lazy", "tests.test_registry:Scaled")
    assert reg.available() == ["direct", "lazy", "scaled"]
    assert reg.get("scaled") is Local
    assert reg.get("lazy") is Scaled
    assert "tests.test_registry:Scaled" in reg.sources()["lazy"]
    reg.unregister("direct")
    assert "direct" not in reg
    with pytest.raises(TypeError):
        reg.register("", Scaled)


def test_plugin_params_clone_and_nested():
    p = Scaled(tol=1e-3, inner=Scaled(tol=2.0))
    params = p.get_params()
    assert params["tol"] == 1e-3 and params["inner__tol"] == 2.0
    p.set_params(inner__tol=5.0, tol=0.5)
    assert p.inner.tol == 5.0 and p.tol == 0.5
    q = clone(p)
    assert q is not p and q.inner is not p.inner and q.inner.tol == 5.0
    assert repr(Scaled(tol=0.1)) == "Scaled(tol=0.1)"
    with pytest.raises(ValueError, match="invalid parameter 'lr' for Scaled"):
        p.set_params(lr=1)


def test_resolve_never_touches_the_parameter():
    reg = plugins.registry("activations")
    reg.register("scaled_test", Scaled)
    try:
        obj = Scaled(tol=3.0)
        fitted = plugins.resolve("activations", obj, param="activation")
        assert fitted is not obj and fitted.tol == 3.0
        by_name = plugins.resolve("activations", "scaled_test", tol=7.0, lr=1.0)
        assert isinstance(by_name, Scaled) and by_name.tol == 7.0
        by_class = plugins.resolve("activations", Scaled, base=plugins.Plugin)
        assert isinstance(by_class, Scaled)
        with pytest.raises(TypeError, match="activation must be a name"):
            plugins.resolve("activations", 3.0, param="activation", base=Scaled)
    finally:
        reg.unregister("scaled_test")


def _make_distribution(root, name, group_lines):
    """A real installed distribution: a *.dist-info with entry_points.txt."""
    dist = root / f"{name}-1.2.3.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.2.3\n"
    )
    (dist / "entry_points.txt").write_text(textwrap.dedent(group_lines))


def test_third_party_entry_point(tmp_path, monkeypatch):
    pkg = tmp_path / "thirdparty_solver"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        textwrap.dedent("""
        from skmath.plugins import Plugin

        class NormalEquations(Plugin):
            def __init__(self, *, tol=1e-8):
                self.tol = tol
    """)
    )
    _make_distribution(
        tmp_path,
        "thirdparty_solver",
        """
        [skmath.solvers]
        normal_eq = thirdparty_solver:NormalEquations

        [skmath.activations]
        relu = thirdparty_solver:NormalEquations
        broken = thirdparty_solver.missing:Nothing
    """,
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for kind in plugins.KINDS:
        plugins.registry(kind).refresh()
    try:
        assert "normal_eq" in plugins.available("solvers")
        assert "thirdparty_solver 1.2.3" in plugins.sources("solvers")["normal_eq"]
        cls = plugins.get("solvers", "normal_eq")
        assert cls.__name__ == "NormalEquations"
        assert plugins.resolve("solvers", "normal_eq", tol=1.0).tol == 1.0
        # A third party cannot replace a built-in: it warns and is ignored.
        with pytest.warns(PluginWarning, match="taken by a built-in"):
            plugins.registry("activations").refresh()
            names = plugins.available("activations")
        assert plugins.sources("activations")["relu"].startswith("skmath")
        # A plugin that fails to import warns, is skipped, and names the rest.
        assert "broken" in names
        with pytest.warns(PluginWarning, match="skipping activations plugin"):
            with pytest.raises(ValueError, match="available: 'erf', 'relu'"):
                plugins.get("activations", "broken")
        assert "broken" not in plugins.available("activations")
    finally:
        monkeypatch.undo()
        sys.modules.pop("thirdparty_solver", None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PluginWarning)
            for kind in plugins.KINDS:
                plugins.registry(kind).refresh()
                plugins.available(kind)
    assert "normal_eq" not in plugins.available("solvers")
