"""``import skmath`` stays light: no torch, skorch or PyMC until first use."""

import subprocess
import sys

import pytest

HEAVY = ("torch", "skorch", "pymc", "pytensor", "arviz", "matplotlib")


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
        # bounded spin: idle workers sleep after about 1 ms; MKL results
        # independent of the thread count
        ({}, "100000 AUTO,STRICT"),
        # the user's choices are kept
        ({"GOMP_SPINCOUNT": "7", "MKL_CBWR": "AVX2"}, "7 AVX2"),
        ({"OMP_WAIT_POLICY": "PASSIVE"}, "None AUTO,STRICT"),
    ],
)
def test_torch_import_bounds_openmp_spinning(monkeypatch, env, expected):
    pytest.importorskip("torch")
    for name in ("GOMP_SPINCOUNT", "OMP_WAIT_POLICY", "MKL_CBWR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = (
        "import os\n"
        "from skmath.utils._torch import import_torch\n"
        "import_torch()\n"
        "print(os.environ.get('GOMP_SPINCOUNT'), os.environ.get('MKL_CBWR'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == expected
