"""Timing helpers shared by the benchmark modules.

Every benchmark times skmath and its peer in the same run, interleaved, and
reports medians: these machines are shared and noisy.

A row says what each side did and how well: ``work`` holds one record per
side (iterations, epochs, draws, threads, dtype, warm or cold...) and
``accuracy`` the metric both sides are scored on with each side's value, so
a ratio is never read without the work behind it::

    row("adam digits", 0.08, "sklearn MLPClassifier", 0.14,
        work=same_work(epochs=50, threads=2, dtype="float32 / float64"),
        accuracy=scored("held-out accuracy", 0.964, 0.964))
"""

from __future__ import annotations

import statistics
import time

__all__ = ["median_time", "compare", "row", "same_work", "scored"]


def median_time(fn, repeats=5, warmup=1):
    """Median wall time of ``fn()`` over ``repeats`` calls after ``warmup``."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare(skmath_fn, peer_fn, repeats=5, warmup=1):
    """Median times of two callables, run alternately so load hits both."""
    for _ in range(warmup):
        skmath_fn()
        peer_fn()
    ours, theirs = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        skmath_fn()
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        peer_fn()
        theirs.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(theirs)


def same_work(**work):
    """A ``work`` record where both sides did the same: ``{"skmath": w, "peer": w}``."""
    return {"skmath": dict(work), "peer": dict(work)}


def scored(metric, skmath, peer):
    """An ``accuracy`` record: the metric and the value each side reached."""

    def clean(value):
        return float(f"{value:.4g}") if isinstance(value, int | float) else value

    return {"metric": metric, "skmath": clean(skmath), "peer": clean(peer)}


def row(benchmark, skmath_s, peer, peer_s, *, work=None, accuracy=None, **extra):
    """One result row; ``ratio`` = skmath time / peer time (< 1: skmath faster).

    ``work`` is ``{"skmath": {...}, "peer": {...}}`` (see :func:`same_work`),
    ``accuracy`` is ``{"metric", "skmath", "peer"}`` (see :func:`scored`).
    """
    out = {
        "benchmark": benchmark,
        "skmath_s": round(skmath_s, 6),
        "peer": peer,
        "peer_s": round(peer_s, 6),
        "ratio": round(skmath_s / peer_s, 4) if peer_s > 0 else float("nan"),
    }
    if work is not None:
        if set(work) != {"skmath", "peer"}:
            raise ValueError("work must be {'skmath': {...}, 'peer': {...}}")
        out["work"] = work
    if accuracy is not None:
        if not {"metric", "skmath", "peer"} <= set(accuracy):
            raise ValueError("accuracy must have 'metric', 'skmath' and 'peer'")
        out["accuracy"] = accuracy
    out.update(extra)
    return out
