"""Side-by-side benchmarks of skmath against its peers, in one run.

Usage::

    python benchmarks/run.py [--quick] [--json FILE] [--only linear mlp ...]
    python benchmarks/run.py --only mlp --update benchmarks/results/latest.json

Each concept has a module ``benchmarks/bench_<name>.py`` with a function
``run(quick: bool) -> list[dict]``; every row is ``{"benchmark", "skmath_s",
"peer", "peer_s", "ratio", ...}`` with ratio = skmath time / peer time,
medians of several repeats.

``--json FILE`` writes a JSON list of those rows; each row also carries its
``group`` (the benchmark module), whether the run was ``quick`` and a
``machine`` record (CPU, cores, library versions, date), so any row says where
it was measured.

``--update FILE`` re-runs only the ``--only`` groups and replaces just their
rows in an existing results file, in place; every other row keeps its numbers
and its own ``machine`` record (so a file may mix dates, and says so).

README's "Measured" table and the documentation's benchmark tables are
generated from ``benchmarks/results/latest.json`` by ``benchmarks/to_rst.py``
(``python benchmarks/to_rst.py --write-readme``); ``tests/test_readme.py``
fails when they disagree::

    python benchmarks/run.py --json benchmarks/results/latest.json
    python benchmarks/to_rst.py --write-readme
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCHMARKS = ("linear", "mlp", "cnn", "bayes", "ntk", "busy", "overhead")


def _usable_cpus():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count()


def merge_rows(old, new, groups):
    """``old`` with the rows of ``groups`` replaced by ``new``.

    A re-run group takes the place of its first old row, so the file keeps
    its order; a group the file did not have goes at the end.
    """
    groups = set(groups)
    new_by_group = {}
    for r in new:
        new_by_group.setdefault(r["group"], []).append(r)
    merged, placed = [], set()
    for r in old:
        group = r.get("group")
        if group not in groups:
            merged.append(r)
        elif group not in placed:
            merged.extend(new_by_group.get(group, []))
            placed.add(group)
    for group, rows in new_by_group.items():
        if group not in placed:
            merged.extend(rows)
    return merged


def write_rows(path, rows):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename: a crash never leaves half a results file.
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(rows, indent=2, default=_jsonable) + "\n")
    tmp.replace(path)


def machine():
    import numpy
    import sklearn

    info = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "usable_cpus": _usable_cpus(),
        "numpy": numpy.__version__,
        "scikit-learn": sklearn.__version__,
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }
    try:  # other processes on a shared machine skew every timing
        info["load average"] = round(os.getloadavg()[0], 1)
    except (AttributeError, OSError):
        pass
    try:
        with open("/proc/cpuinfo") as f:
            model = [line for line in f if line.startswith("model name")]
        info["cpu"] = model[0].split(":", 1)[1].strip() if model else "?"
    except OSError:
        info["cpu"] = "?"
    return info


def _jsonable(value):
    """NumPy scalars and arrays in a row become plain JSON values."""
    if hasattr(value, "tolist"):
        return value.tolist()
    return str(value)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes")
    parser.add_argument("--json", help="write the rows to this JSON file")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS)
    parser.add_argument(
        "--update",
        metavar="FILE",
        help="replace only the re-run groups' rows in this existing results file",
    )
    args = parser.parse_args(argv)
    if args.update and not Path(args.update).exists():
        parser.error(f"--update: {args.update} does not exist (use --json)")

    command = " ".join(["python benchmarks/run.py", *(argv or sys.argv[1:])])
    rows, ran = [], []
    for name in args.only or BENCHMARKS:
        module_name = f"benchmarks.bench_{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            print(f"[{name}] not available yet", flush=True)
            continue
        info = dict(machine(), command=command)
        start = time.perf_counter()
        new = module.run(quick=args.quick)
        elapsed = time.perf_counter() - start
        for r in new:
            r.setdefault("group", name)
            r.setdefault("quick", args.quick)
            r.setdefault("machine", dict(info, group_seconds=round(elapsed, 1)))
            print(
                f"[{name}] {r['benchmark']}: skmath {r['skmath_s']:.4g} s, "
                f"{r['peer']} {r['peer_s']:.4g} s, ratio {r['ratio']:.3g}",
                flush=True,
            )
        print(f"[{name}] done in {elapsed:.1f} s", flush=True)
        rows.extend(new)
        ran.append(name)
    if args.json:
        write_rows(args.json, rows)
        print(f"wrote {len(rows)} rows to {args.json}", flush=True)
    if args.update:
        old = json.loads(Path(args.update).read_text())
        merged = merge_rows(old, rows, ran)
        write_rows(args.update, merged)
        print(
            f"updated {args.update}: {len(rows)} new rows, {len(merged)} in all",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
