"""The linear-algebra section of ``skmath tour``."""

import pytest

pytest.importorskip("matplotlib")


def test_run_section_writes_figure(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from skmath.linear_model._tour import run_section

    section = run_section(quick=True, out_dir=tmp_path, random_state=0)
    assert section.figures and section.figures[0].exists()
    assert len(section.rows) == 9
    assert all(row[3] > 0.5 for row in section.rows)
