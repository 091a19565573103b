"""The deep-learning-theory section of ``skmath tour``."""

import pytest

pytest.importorskip("matplotlib")


def test_run_section_writes_figure(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    from skmath.theory._tour import run_section

    section = run_section(quick=True, out_dir=tmp_path, random_state=0)
    assert section.figures and section.figures[0].exists()
    diabetes = [row for row in section.rows if row[0] == "diabetes"]
    assert len(diabetes) == 5
    assert all(row[3] > 0.3 for row in diabetes)  # test R^2
    cka_rows = [row for row in section.rows if row[2] == "linear CKA"]
    assert cka_rows and all(0 < row[3] <= 1 for row in cka_rows)
    probes = [row for row in section.rows if row[2] == "probe accuracy"]
    assert all(row[3] > 0.9 for row in probes)
