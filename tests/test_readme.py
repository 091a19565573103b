"""The README's usage example runs as written."""

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _python_blocks():
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_has_usage_example():
    assert any("GridSearchCV" in block for block in _python_blocks())


@pytest.mark.slow
def test_readme_usage_example_runs(capsys):
    block = next(b for b in _python_blocks() if "GridSearchCV" in b)
    exec(compile(block, str(README), "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert "mlpclassifier__optimizer" in out
    score = float(out.split()[-1])
    assert score > 0.85, out
