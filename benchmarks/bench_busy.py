"""A busy machine: torch estimators while other processes take the cores.

Starts one spinning process per core, then times, interleaved, each torch
estimator with its default thread policy (``n_jobs=None``) and with two
torch threads forced (``n_jobs=2``, what torch does by default on this
machine).  ``ratio`` = default / forced (< 1: the default policy is faster).
The MLP always runs; the CNN when :mod:`skmath.cnn` is importable.

The MLP's default policy adapts during the fit (``ThreadPolicy``), so it is
also timed (30k x 100, (256, 256), 5 epochs; quick: 6k, 2 epochs) with the
machine idle (against one thread), with one core taken, and with a spinning
process started 0.3 s into every fit (against two threads forced).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings

from benchmarks._common import compare, row

_SPIN = (
    "import time\nend = time.time() + {seconds}\nwhile time.time() < end:\n    pass\n"
)


def _busy(n_processes, seconds):
    return [
        subprocess.Popen([sys.executable, "-c", _SPIN.format(seconds=seconds)])
        for _ in range(n_processes)
    ]


def _stop(processes):
    """Kill the spinning processes and wait until they are gone."""
    for p in processes:
        p.kill()
    for p in processes:
        p.wait()


_PLAIN_TORCH = """
import time, numpy as np, torch
from sklearn.datasets import load_digits
from benchmarks.bench_mlp import _plain_torch_loop
X, y = load_digits(return_X_y=True)
X = (X / 16).astype(np.float32)
_plain_torch_loop(X[:100], y[:100], (256, 256), 1, 200, 1e-3, {threads})
times = []
for _ in range({repeats}):
    start = time.perf_counter()
    _plain_torch_loop(X, y, (256, 256), {epochs}, 200, 1e-3, {threads})
    times.append(time.perf_counter() - start)
print(sorted(times)[len(times) // 2])
"""


def _plain_torch_seconds(threads, epochs, repeats):
    """Median fit time of the hand-written loop in a fresh process with
    torch's own OpenMP defaults (skmath not imported, no passive waiting)."""
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    code = _PLAIN_TORCH.format(threads=threads, epochs=epochs, repeats=repeats)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env
    )
    try:
        return float(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return float("nan")


def _estimators(quick):
    from sklearn.datasets import load_digits

    from skmath.neural_network import MLPClassifier

    X, y = load_digits(return_X_y=True)
    X = X / 16
    epochs = 5 if quick else 20
    yield (
        f"MLPClassifier (256,256) digits {epochs} epochs",
        lambda n_jobs: MLPClassifier(
            (256, 256), max_iter=epochs, random_state=0, n_jobs=n_jobs
        ),
        X,
        y,
    )
    try:
        from skmath.cnn import CNNClassifier
    except ImportError:
        return
    n = 400 if quick else 1000
    yield (
        f"CNNClassifier lenet5 digits[:{n}] 1 epoch",
        lambda n_jobs: CNNClassifier(max_epochs=1, random_state=0, n_jobs=n_jobs),
        X[:n],
        y[:n],
    )


def _time_with_arriving_load(estimators, X, y, repeats, delay=0.3):
    """Median fit time of each estimator, interleaved, with one spinning
    process started ``delay`` seconds into every fit (and killed after it)."""
    import statistics
    import threading

    times = [[] for _ in estimators]
    for _ in range(repeats):
        for estimator, bucket in zip(estimators, times):
            started = []
            timer = threading.Timer(delay, lambda s=started: s.extend(_busy(1, 120)))
            timer.start()
            start = time.perf_counter()
            estimator.fit(X, y)
            bucket.append(time.perf_counter() - start)
            timer.cancel()
            timer.join()
            _stop(started)
            time.sleep(0.5)  # idle again before the next fit
    return [statistics.median(t) for t in times]


def _adaptive_rows(quick, repeats, n_cores):
    """The MLP's adaptive default against fixed thread counts."""
    from benchmarks.bench_mlp import _synthetic
    from skmath.neural_network import MLPClassifier

    n_samples, epochs = (8000, 2) if quick else (40000, 5)
    X, _, y, _ = _synthetic(n_samples)
    name = f"MLPClassifier (256,256) {len(X)}x100 {epochs} epochs"
    params = {"max_iter": epochs, "batch_size": 256, "random_state": 0}
    default = MLPClassifier((256, 256), **params)
    rows = []

    def timed(estimator):
        return lambda: estimator.fit(X, y)

    one = MLPClassifier((256, 256), n_jobs=1, **params)
    two = MLPClassifier((256, 256), n_jobs=2, **params)
    t_default, t_one = compare(timed(default), timed(one), repeats=repeats)
    rows.append(
        row(
            f"{name}, idle",
            t_default,
            "n_jobs=1",
            t_one,
            default_threads=default.n_threads_,
        )
    )
    spinners = _busy(n_cores - 1, seconds=600)
    try:
        time.sleep(1.0)
        t_default, t_two = compare(timed(default), timed(two), repeats=repeats)
    finally:
        _stop(spinners)
    rows.append(
        row(
            f"{name}, {n_cores - 1} of {n_cores} cores busy",
            t_default,
            "n_jobs=2 (torch default)",
            t_two,
            default_threads=default.n_threads_,
        )
    )
    time.sleep(1.0)

    t_default, t_two = _time_with_arriving_load([default, two], X, y, repeats)
    rows.append(
        row(
            f"{name}, a busy process starts 0.3 s into the fit",
            t_default,
            "n_jobs=2 (torch default)",
            t_two,
            default_threads_most=default.n_threads_,
        )
    )
    return rows


def run(quick=False):
    warnings.simplefilter("ignore")
    n_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
    repeats = 3 if quick else 5
    rows = []
    for name, make, X, y in _estimators(quick):
        spinners = _busy(n_cores, seconds=600)
        try:
            time.sleep(1.0)
            if name.startswith("MLPClassifier"):
                epochs = 5 if quick else 20
                plain = {t: _plain_torch_seconds(t, epochs, repeats) for t in (1, 2)}
            default = make(None)
            forced = make(2)
            try:
                t_default, t_forced = compare(
                    lambda: default.fit(X, y),  # noqa: B023 - run right away
                    lambda: forced.fit(X, y),  # noqa: B023
                    repeats=repeats,
                )
            except Exception as exc:  # the CNN may not have landed fully
                rows.append(
                    row(
                        name,
                        float("nan"),
                        "n_jobs=2",
                        float("nan"),
                        error=repr(exc)[:120],
                    )
                )
                continue
            # the threads of the busy fits, before the idle ones below refit
            busy_threads = getattr(default, "n_threads_", None)
        finally:
            _stop(spinners)
        # idle reference for the same fits, spinners stopped
        t_idle_default, t_idle_forced = compare(
            lambda: default.fit(X, y),  # noqa: B023
            lambda: forced.fit(X, y),  # noqa: B023
            repeats=repeats,
        )
        rows.append(
            row(
                f"{name}, {n_cores} busy processes",
                t_default,
                "n_jobs=2 (torch default)",
                t_forced,
                default_threads=busy_threads,
                slowdown_default=round(t_default / t_idle_default, 2),
                slowdown_forced=round(t_forced / t_idle_forced, 2),
            )
        )
        if name.startswith("MLPClassifier"):
            for threads, seconds in plain.items():
                rows.append(
                    row(
                        f"{name}, {n_cores} busy processes",
                        t_default,
                        f"plain torch loop, {threads} thread(s), torch's "
                        "OpenMP defaults",
                        seconds,
                        default_threads=busy_threads,
                    )
                )
    rows += _adaptive_rows(quick, repeats, n_cores)
    return rows


if __name__ == "__main__":  # pragma: no cover
    for r in run(quick="--quick" in sys.argv):
        print(r)
