"""The command line: ``skmath plugins`` and ``python -m skmath``."""

import subprocess
import sys

from skmath import plugins
from skmath.cli import main


def test_plugins_lists_every_kind(capsys):
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    for kind in plugins.KINDS:
        assert f"{kind} (entry-point group skmath.{kind}):" in out
    assert "cholesky" in out and "skmath.linear_model._solvers:CholeskySolver" in out


def test_python_dash_m():
    out = subprocess.run(
        [sys.executable, "-m", "skmath", "plugins", "activations"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "relu" in out and "erf" in out and "solvers" not in out


def test_unknown_kind_fails_clearly():
    proc = subprocess.run(
        [sys.executable, "-m", "skmath", "plugins", "losses"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "unknown plugin kind 'losses'" in proc.stderr
