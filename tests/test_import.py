"""``import skmath`` stays light: no torch, skorch or PyMC until first use."""

import subprocess
import sys

import pytest

HEAVY = ("torch", "skorch", "pymc", "pytensor", "arviz")


@pytest.mark.parametrize(
    "statement",
    [
        "import skmath",
        "import skmath.plugins; skmath.plugins.available('optimizers')",
        "from skmath import linear_model, neural_network, optim, cnn, bayes, theory",
    ],
)
def test_import_is_light(statement):
    code = (
        f"{statement}\n"
        "import sys\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]", f"{statement!r} imported {out.strip()}"


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "100000"),  # bounded spin: idle workers sleep after about 1 ms
        ({"GOMP_SPINCOUNT": "7"}, "7"),  # the user's choice is kept
        ({"OMP_WAIT_POLICY": "PASSIVE"}, None),  # so is a wait policy
    ],
)
def test_torch_import_bounds_openmp_spinning(monkeypatch, env, expected):
    pytest.importorskip("torch")
    for name in ("GOMP_SPINCOUNT", "OMP_WAIT_POLICY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = (
        "import os\n"
        "from skmath.utils._torch import import_torch\n"
        "import_torch()\n"
        "print(os.environ.get('GOMP_SPINCOUNT'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == str(expected)
