"""The README's usage example runs as written."""

import json
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


# -- the "Measured" table and the docs' tables come from latest.json ----------


def _bench():
    import benchmarks.run as run
    import benchmarks.to_rst as to_rst

    return run, to_rst


def test_readme_measured_table_is_generated_from_latest_json():
    _, to_rst = _bench()
    text = README.read_text()
    assert to_rst.START in text and to_rst.END in text
    block = text.split(to_rst.START, 1)[1].split(to_rst.END, 1)[0]
    expected = to_rst.readme_table(to_rst.RESULTS)
    assert block.strip() == expected.strip(), (
        "README's Measured table disagrees with benchmarks/results/latest.json: "
        "run `python benchmarks/to_rst.py --write-readme`"
    )


def test_readme_shows_the_rows_where_we_trail_with_a_reason():
    _, to_rst = _bench()
    selected = to_rst.readme_rows(to_rst.load_rows(to_rst.RESULTS))
    trailing = [(label, reason) for label, reason, r in selected if r["ratio"] > 1]
    # sparse, ill-conditioned, Dask, BFGS, NUTS or the GP fit: some always trail
    assert len(trailing) >= 4
    assert all(reason for _, reason in trailing)
    block = to_rst.readme_table(to_rst.RESULTS)
    for label, reason in trailing:
        line = next(ln for ln in block.splitlines() if ln.startswith(f"| {label} |"))
        assert reason in line


def test_readme_table_refuses_a_row_missing_from_the_results(tmp_path):
    _, to_rst = _bench()
    rows = to_rst.load_rows(to_rst.RESULTS)
    path = tmp_path / "r.json"
    path.write_text(json.dumps(rows[1:]))
    with pytest.raises(KeyError, match="README_ROWS"):
        to_rst.readme_table(path)


def test_docs_benchmark_tables_show_every_stored_row():
    _, to_rst = _bench()
    rows = to_rst.load_rows(to_rst.RESULTS)
    text = to_rst.render(to_rst.RESULTS)
    for r in rows:
        assert r["benchmark"] in text
        assert f"- {to_rst._number(r['ratio'])}\n" in text
    for group in {r["group"] for r in rows}:
        part = to_rst.render(to_rst.RESULTS, group=group)
        n = sum(r["group"] == group for r in rows)
        assert part.count("\n   * - ") == n + 1  # header + one per row


def test_update_replaces_only_the_rerun_groups():
    run, _ = _bench()
    old = [
        {"group": "a", "benchmark": "x", "machine": {"date": "old"}},
        {"group": "b", "benchmark": "y", "machine": {"date": "old"}},
        {"group": "b", "benchmark": "z", "machine": {"date": "old"}},
        {"group": "c", "benchmark": "w", "machine": {"date": "old"}},
    ]
    new = [
        {"group": "b", "benchmark": "y2", "machine": {"date": "new"}},
        {"group": "d", "benchmark": "v", "machine": {"date": "new"}},
    ]
    merged = run.merge_rows(old, new, ["b", "d"])
    assert [r["benchmark"] for r in merged] == ["x", "y2", "w", "v"]
    assert merged[0]["machine"] == {"date": "old"}
    assert merged[1]["machine"] == {"date": "new"}
    # a group that did not run keeps its rows
    assert run.merge_rows(old, [], []) == old


def test_overhead_rows_cover_every_public_estimator():
    from skmath.utils import all_estimators

    _, to_rst = _bench()
    rows = [r for r in to_rst.load_rows(to_rst.RESULTS) if r["group"] == "overhead"]
    for name, _ in all_estimators():
        assert any(r["benchmark"].startswith(f"{name} ") for r in rows), name
    assert all(r.get("work") and r.get("accuracy") for r in rows)
