"""Side-by-side benchmarks of skmath against its peers, in one run.

Usage::

    python benchmarks/run.py [--quick] [--json FILE] [--only linear mlp ...]

Each concept has a module ``benchmarks/bench_<name>.py`` with a function
``run(quick: bool) -> list[dict]``; every row is ``{"benchmark", "skmath_s",
"peer", "peer_s", "ratio", ...}`` with ratio = skmath time / peer time,
medians of several repeats.

``--json FILE`` writes a JSON list of those rows; each row also carries its
``group`` (the benchmark module), whether the run was ``quick`` and a
``machine`` record (CPU, cores, library versions, date), so any row says where
it was measured.  The documentation renders
``benchmarks/results/latest.json`` with ``benchmarks/to_rst.py``::

    python benchmarks/run.py --quick --json benchmarks/results/latest.json
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

BENCHMARKS = ("linear", "mlp", "cnn", "bayes", "ntk", "busy")


def machine():
    import numpy
    import sklearn

    info = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
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
    args = parser.parse_args(argv)

    info = machine()
    rows = []
    for name in args.only or BENCHMARKS:
        module_name = f"benchmarks.bench_{name}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            print(f"[{name}] not available yet", flush=True)
            continue
        start = time.perf_counter()
        new = module.run(quick=args.quick)
        for r in new:
            r.setdefault("group", name)
            r.setdefault("quick", args.quick)
            r.setdefault("machine", info)
            print(
                f"[{name}] {r['benchmark']}: skmath {r['skmath_s']:.4g} s, "
                f"{r['peer']} {r['peer_s']:.4g} s, ratio {r['ratio']:.3g}",
                flush=True,
            )
        print(f"[{name}] done in {time.perf_counter() - start:.1f} s", flush=True)
        rows.extend(new)
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a crash never leaves half a results file.
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(rows, indent=2, default=_jsonable) + "\n")
        tmp.replace(path)
        print(f"wrote {len(rows)} rows to {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
