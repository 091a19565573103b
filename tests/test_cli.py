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


def test_version():
    from skmath import __version__

    proc = subprocess.run(
        [sys.executable, "-m", "skmath", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"skmath {__version__}"


def test_tour_only_unknown_lists_sections():
    from skmath._tour import SECTIONS

    proc = subprocess.run(
        [sys.executable, "-m", "skmath", "tour", "--only", "linear", "quantum"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "'quantum' matches no tour section" in proc.stderr
    assert "'linear'" not in proc.stderr
    for title, _ in SECTIONS:
        assert title in proc.stderr


def _actions(parser):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action._choices_actions
            for sub in action.choices.values():
                yield from _actions(sub)
        else:
            yield action


def test_every_option_has_help():
    from skmath.cli import build_parser

    actions = list(_actions(build_parser()))
    assert len(actions) >= 10  # -h, --version, 2 commands, kind, tour's -h and 5
    missing = [a.dest for a in actions if not a.help]
    assert not missing


def test_tour_ends_with_figure_folder(tmp_path, capsys, monkeypatch):
    from pathlib import Path

    from skmath import _tour

    def fake_run_tour(*, out_dir, **kwargs):
        path = Path(out_dir) / "a.png"
        return [_tour.TourSection("Linear algebra", [], figures=[path])]

    monkeypatch.setattr(_tour, "run_tour", fake_run_tour)
    out = tmp_path / "figs"
    assert main(["tour", "--out", str(out), "--no-progress"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last == f"figures (1 PNG): {out.resolve()}"
