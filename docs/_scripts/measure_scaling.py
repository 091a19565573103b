"""Measure the numbers of the "Scaling out" page: in memory vs Dask, 1 vs 2 workers.

Usage (from the repository root)::

    PYTHONPATH=$PWD python docs/_scripts/measure_scaling.py [--rows 400000]
        [--cols 40] [--repeats 3] [--json out.json]

Two tasks, each timed in this process (NumPy arrays, ``n_jobs=1``) and on a
``distributed.LocalCluster`` with one and with two single-threaded worker
processes on the loopback interface:

- ``LinearRegression(solver="qr").fit`` on a tall-and-skinny matrix (on the
  cluster a Dask array generated and persisted on the workers, so the timing
  is the fit; the largest coefficient difference to the in-memory fit is
  reported);
- ``GridSearchCV`` over ``MLPClassifier`` on ``load_digits`` (4 candidates x
  3 folds) under ``joblib.parallel_backend("dask")``.

Times are medians of ``--repeats`` runs after one warm-up run.  A task whose
estimator is not available is reported as such.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings

import numpy as np


def _median_time(fn, repeats):
    fn()  # warm-up: imports on the workers, first compilation
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _linear_data(rows, cols, chunk_rows):
    import dask.array as da

    state = da.random.RandomState(0)
    Xd = state.standard_normal((rows, cols), chunks=(chunk_rows, cols))
    coef = np.linspace(-1.0, 1.0, cols)
    yd = Xd @ coef + 0.01 * state.standard_normal(rows, chunks=chunk_rows)
    return Xd, yd


def _fit(X, y):
    from skmath.linear_model import LinearRegression

    return LinearRegression(solver="qr").fit(X, y)


def _search_task():
    from sklearn.datasets import load_digits
    from sklearn.model_selection import GridSearchCV

    from skmath.neural_network import MLPClassifier

    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    grid = {"hidden_layer_sizes": [(32,), (64,)], "alpha": [1e-4, 1e-3]}

    def search(n_jobs):
        model = MLPClassifier(max_iter=30, random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return GridSearchCV(model, grid, cv=3, n_jobs=n_jobs).fit(X, y)

    return search


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--cols", type=int, default=40)
    parser.add_argument("--chunk-rows", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", help="also write the rows here")
    args = parser.parse_args(argv)

    import joblib
    from distributed import Client, LocalCluster

    rows = []

    def record(task, data, setting, seconds, **extra):
        rows.append(
            {"task": task, "data": data, "setting": setting, "seconds": seconds} | extra
        )
        print(f"{task:<28} {data:<14} {setting:<16} {seconds:8.3f} s {extra or ''}")
        sys.stdout.flush()

    linear_data = f"{args.rows} x {args.cols}"
    try:
        search = _search_task()
    except ImportError as exc:
        search = None
        print(f"grid search skipped: {exc}")
    # In memory first: no cluster running.
    reference = None
    try:
        import skmath.linear_model  # noqa: F401

        Xd, yd = _linear_data(args.rows, args.cols, args.chunk_rows)
        X, y = Xd.compute(), yd.compute()
        reference = _fit(X, y).coef_
        record(
            "LinearRegression.fit (qr)",
            linear_data,
            "in memory",
            _median_time(lambda: _fit(X, y), args.repeats),
        )
    except ImportError as exc:
        print(f"linear task skipped: {exc}")
    if search is not None:
        record(
            "GridSearchCV(MLPClassifier)",
            "load_digits",
            "in process",
            _median_time(lambda: search(1), args.repeats),
        )
    for workers in (1, 2):
        with (
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=40,
            ) as cluster,
            Client(cluster),
        ):
            setting = f"dask, {workers} worker{'s' if workers > 1 else ''}"
            if reference is not None:
                # Generated on the workers and kept there: the timing is the fit.
                Xd, yd = _linear_data(args.rows, args.cols, args.chunk_rows)
                Xd, yd = Xd.persist(), yd.persist()
                diff = float(np.max(np.abs(_fit(Xd, yd).coef_ - reference)))
                record(
                    "LinearRegression.fit (qr)",
                    linear_data,
                    setting,
                    _median_time(lambda Xd=Xd, yd=yd: _fit(Xd, yd), args.repeats),
                    max_coef_diff=diff,
                )
            if search is not None:
                with joblib.parallel_backend("dask"):
                    record(
                        "GridSearchCV(MLPClassifier)",
                        "load_digits",
                        setting,
                        _median_time(lambda: search(-1), args.repeats),
                    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
