"""ProgressLog: plain lines in files and pipes, a tqdm bar only on a terminal."""

import io
import subprocess
import sys

import pytest

from skmath.utils._progress import ProgressLog, is_terminal


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def _run(stream, **kwargs):
    with ProgressLog(verbose=True, total=3, stream=stream, **kwargs) as log:
        for n in (1, 2, 3):
            log.step(n, loss=1.0 / n, note="x")
        log.write("done")
    return stream.getvalue()


def test_plain_lines_off_a_terminal():
    out = _run(io.StringIO(), label="Epoch")
    assert out.splitlines() == [
        "Epoch 1, loss = 1.00000000, note = x",
        "Epoch 2, loss = 0.50000000, note = x",
        "Epoch 3, loss = 0.33333333, note = x",
        "done",
    ]


def test_bar_on_a_terminal_unless_dumb(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    out = _run(FakeTerminal())
    assert "\r" in out and "3/3" in out and "loss=" not in out
    assert "loss = 0.33333333" in out and "done" in out
    monkeypatch.setenv("TERM", "dumb")
    assert not is_terminal(FakeTerminal())
    assert "\r" not in _run(FakeTerminal())


def test_silent_when_not_verbose():
    out = io.StringIO()
    with ProgressLog(verbose=0, stream=out, bar=True) as log:
        log.step(1, loss=0.5)
        log.write("stop")
    assert out.getvalue() == ""


@pytest.mark.parametrize("target", ["pipe", "file"])
def test_default_stream_is_stdout_at_write_time(tmp_path, target):
    code = (
        "from skmath.utils._progress import ProgressLog\n"
        "log = ProgressLog(verbose=True, total=2)\n"
        "log.step(1, loss=0.5); log.step(2, loss=0.25); log.close()\n"
    )
    if target == "pipe":
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    else:
        path = tmp_path / "log.txt"
        with open(path, "w") as fh:
            subprocess.run([sys.executable, "-c", code], stdout=fh, check=True)
        out = path.read_text()
    assert out == "Iteration 1, loss = 0.50000000\nIteration 2, loss = 0.25000000\n"
