"""The documentation builds warning-free (gallery examples not run: quick mode)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

for _module in ("sphinx", "numpydoc", "pydata_sphinx_theme", "sphinx_gallery"):
    pytest.importorskip(_module)


@pytest.mark.slow
@pytest.mark.timeout(90)
def test_docs_build_warning_free(tmp_path):
    env = dict(
        os.environ,
        SKMATH_DOCS_QUICK="1",
        MPLBACKEND="Agg",
        PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    )
    out = tmp_path / "html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(ROOT / "docs"),
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=85,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    for page in ("index", "api", "plugins", "reliability", "benchmarks", "scaling"):
        assert (out / f"{page}.html").exists(), page
    reliability = (out / "reliability.html").read_text()
    assert "NaN in X" in reliability  # the catalogue table is rendered
