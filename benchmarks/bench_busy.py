"""A busy machine: torch estimators while other processes take the cores.

Starts one spinning process per core, then times, interleaved, each torch
estimator with its default thread policy (``n_jobs=None``) against the same
skmath estimator with two torch threads forced (``n_jobs=2``, labelled as
such), and the MLP against a hand-written torch loop in a fresh process
(skmath not imported) with one thread, two threads, and torch's own default
(``torch.get_num_threads()`` untouched: what a plain PyTorch user gets).
The CNN runs when :mod:`skmath.cnn` is importable.

The MLP's default policy adapts during the fit (``ThreadPolicy``), so it is
also timed (30k x 100, (256, 256), 5 epochs; quick: 6k, 2 epochs) with the
machine idle (against one thread forced), with one core taken (against two
threads forced and the plain torch default), and with a spinning process
started 0.3 s into every fit (against two threads forced).  ``work`` records
each side's threads and epochs, ``accuracy`` the training accuracy each
reached.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings

from benchmarks._common import compare, row, scored

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
from benchmarks.bench_mlp import _plain_torch_loop, _plain_accuracy
{data}
_plain_torch_loop(X[:100], y[:100], (256, 256), 1, {batch}, 1e-3, {threads})
times = []
for _ in range({repeats}):
    start = time.perf_counter()
    model = _plain_torch_loop(X, y, (256, 256), {epochs}, {batch}, 1e-3, {threads})
    times.append(time.perf_counter() - start)
print(sorted(times)[len(times) // 2], torch.get_num_threads(),
      _plain_accuracy(model, X, y))
"""

_DIGITS = """
from sklearn.datasets import load_digits
X, y = load_digits(return_X_y=True)
X = (X / 16).astype(np.float32)
"""

_SYNTHETIC = """
from benchmarks.bench_mlp import _synthetic
X, _, y, _ = _synthetic({n_samples})
"""


def _plain_torch(threads, epochs, repeats, data=_DIGITS, batch=200):
    """Median fit time, thread count and training accuracy of the hand-written
    loop in a fresh process with torch's own OpenMP defaults (skmath not
    imported, no passive waiting); ``threads=None`` keeps torch's default."""
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    code = _PLAIN_TORCH.format(
        threads=threads, epochs=epochs, repeats=repeats, data=data, batch=batch
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env
    )
    try:
        seconds, n_threads, accuracy = out.stdout.strip().splitlines()[-1].split()
        return float(seconds), int(n_threads), float(accuracy)
    except (ValueError, IndexError):
        return float("nan"), threads, float("nan")


def _forced(threads):
    return f"skmath, n_jobs={threads} (torch threads forced)"


def _work(epochs, skmath_threads, peer_threads, **extra):
    return {
        "skmath": dict(extra, epochs=epochs, threads=skmath_threads),
        "peer": dict(extra, epochs=epochs, threads=peer_threads),
    }


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
    acc = "training accuracy"
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
            _forced(1),
            t_one,
            work=_work(epochs, f"default policy (chose {default.n_threads_})", 1),
            accuracy=scored(acc, default.score(X, y), one.score(X, y)),
        )
    )
    spinners = _busy(n_cores - 1, seconds=600)
    try:
        time.sleep(1.0)
        t_default, t_two = compare(timed(default), timed(two), repeats=repeats)
        busy_threads = default.n_threads_
        data = _SYNTHETIC.format(n_samples=n_samples)
        t_plain, plain_threads, plain_acc = _plain_torch(
            None, epochs, repeats, data=data, batch=256
        )
    finally:
        _stop(spinners)
    label = f"{name}, {n_cores - 1} of {n_cores} cores busy"
    rows.append(
        row(
            label,
            t_default,
            _forced(2),
            t_two,
            work=_work(epochs, f"default policy (chose {busy_threads})", 2),
            accuracy=scored(acc, default.score(X, y), two.score(X, y)),
        )
    )
    rows.append(
        row(
            label,
            t_default,
            "plain torch loop, torch's default threads and OpenMP settings",
            t_plain,
            work=_work(
                epochs,
                f"default policy (chose {busy_threads})",
                f"torch default ({plain_threads})",
            ),
            accuracy=scored(acc, default.score(X, y), plain_acc),
        )
    )
    time.sleep(1.0)

    t_default, t_two = _time_with_arriving_load([default, two], X, y, repeats)
    rows.append(
        row(
            f"{name}, a busy process starts 0.3 s into the fit",
            t_default,
            _forced(2),
            t_two,
            work=_work(
                epochs, f"default policy (last fit chose {default.n_threads_})", 2
            ),
            accuracy=scored(acc, default.score(X, y), two.score(X, y)),
        )
    )
    return rows


def run(quick=False):
    warnings.simplefilter("ignore")
    n_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
    repeats = 3 if quick else 5
    acc = "training accuracy"
    rows = []
    for name, make, X, y in _estimators(quick):
        epochs = 5 if quick else 20
        if name.startswith("CNNClassifier"):
            epochs = 1
        spinners = _busy(n_cores, seconds=600)
        try:
            time.sleep(1.0)
            plain = {}
            if name.startswith("MLPClassifier"):
                plain = {t: _plain_torch(t, epochs, repeats) for t in (1, 2, None)}
            default = make(None)
            forced = make(2)
            t_default, t_forced = compare(
                lambda: default.fit(X, y),  # noqa: B023 - run right away
                lambda: forced.fit(X, y),  # noqa: B023
                repeats=repeats,
            )
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
        ours = f"default policy (chose {busy_threads})"
        label = f"{name}, {n_cores} busy processes"
        rows.append(
            row(
                label,
                t_default,
                _forced(2),
                t_forced,
                work=_work(epochs, ours, 2),
                accuracy=scored(acc, default.score(X, y), forced.score(X, y)),
                slowdown_default=round(t_default / t_idle_default, 2),
                slowdown_forced=round(t_forced / t_idle_forced, 2),
            )
        )
        for threads, (seconds, n_threads, plain_acc) in plain.items():
            what = f"{threads} thread(s)" if threads else "torch's default threads"
            peer_threads = threads if threads else f"torch default ({n_threads})"
            rows.append(
                row(
                    label,
                    t_default,
                    f"plain torch loop, {what}, torch's OpenMP settings",
                    seconds,
                    work=_work(epochs, ours, peer_threads),
                    accuracy=scored(acc, default.score(X, y), plain_acc),
                )
            )
    rows += _adaptive_rows(quick, repeats, n_cores)
    return rows


if __name__ == "__main__":  # pragma: no cover
    for r in run(quick="--quick" in sys.argv):
        print(r)
