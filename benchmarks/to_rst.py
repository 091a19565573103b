"""Render benchmark results (the JSON list of ``run.py --json``) as reStructuredText.

Usage::

    python benchmarks/to_rst.py [benchmarks/results/latest.json] [-o OUT.rst]

The documentation calls :func:`render` on ``benchmarks/results/latest.json``;
a missing file renders as a note with the command that produces it.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

__all__ = ["render", "load_rows"]

COMMAND = "python benchmarks/run.py --quick --json benchmarks/results/latest.json"
# Keys shown in their own columns or in the machine line, not as extras.
_FIXED = ("group", "benchmark", "skmath_s", "peer", "peer_s", "ratio")
_HIDDEN = ("machine", "quick")
_MACHINE_ORDER = ("cpu", "cpus", "machine", "python", "numpy", "scikit-learn")


def load_rows(path):
    """The rows of a results file (also reads the old ``{"rows": [...]}`` form)."""
    data = json.loads(Path(path).read_text())
    if isinstance(data, dict):
        machine = data.get("machine", {})
        rows = [dict(r, machine=r.get("machine", machine)) for r in data["rows"]]
    else:
        rows = list(data)
    return rows


def _number(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    if isinstance(value, int):
        return str(value)
    return f"{value:.3g}" if abs(value) >= 1e-3 or value == 0 else f"{value:.2e}"


def _extras(row):
    shown = [k for k in row if k not in _FIXED and k not in _HIDDEN]
    return ", ".join(f"{k}={_number(row[k])}" for k in shown)


def _machine_line(machine):
    if not machine:
        return "Machine: not recorded."
    parts = []
    for key in _MACHINE_ORDER:
        if key in machine:
            label = {"cpus": "cores", "machine": "arch"}.get(key, key)
            parts.append(f"{label} {machine[key]}")
    parts += [f"{k} {v}" for k, v in machine.items() if k not in _MACHINE_ORDER]
    return "Measured on: " + "; ".join(str(p) for p in parts) + "."


def _cell(text):
    return str(text).replace("\n", " ").replace("|", "/") or " "


def render(path):
    """reStructuredText for the results in ``path`` (a note if there are none)."""
    path = Path(path)
    if not path.exists():
        return (
            ".. note::\n\n   No benchmark results yet. Produce them with::\n\n"
            f"      {COMMAND}\n"
        )
    rows = load_rows(path)
    if not rows:
        return ".. note::\n\n   The results file holds no rows.\n"
    machines = []
    for r in rows:
        m = r.get("machine") or {}
        if m not in machines:
            machines.append(m)
    quick = {bool(r.get("quick")) for r in rows}
    lines = [_machine_line(m) for m in machines]
    mode = "quick" if quick == {True} else "full" if quick == {False} else "mixed"
    lines.append("")
    lines.append(
        f"Settings: {mode}; times are medians in seconds; ratio = skmath time / "
        "peer time (below 1: skmath is faster)."
    )
    lines.append("")
    groups = {}
    for r in rows:
        groups.setdefault(r.get("group", "other"), []).append(r)
    columns = ["Benchmark", "skmath (s)", "Peer", "Peer (s)", "Ratio", "Notes"]
    for group, members in groups.items():
        lines += [
            f".. rubric:: {_cell(group)}",
            "",
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 28 9 22 9 8 24",
            "",
        ]
        table = [columns]
        for r in members:
            table.append(
                [
                    r.get("benchmark", ""),
                    _number(r.get("skmath_s", float("nan"))),
                    r.get("peer", ""),
                    _number(r.get("peer_s", float("nan"))),
                    _number(r.get("ratio", float("nan"))),
                    _extras(r),
                ]
            )
        for row in table:
            for i, cell in enumerate(row):
                lines.append(f"   {'*' if i == 0 else ' '} - {_cell(cell)}")
        lines.append("")
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(__file__).resolve().parent / "results" / "latest.json"
    parser.add_argument("results", nargs="?", default=str(default))
    parser.add_argument("-o", "--output", help="write here instead of stdout")
    args = parser.parse_args(argv)
    text = render(args.results)
    if args.output:
        Path(args.output).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
