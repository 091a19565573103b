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
