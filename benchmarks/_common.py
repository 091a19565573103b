"""Timing helpers shared by the benchmark modules.

Every benchmark times skmath and its peer in the same run, interleaved, and
reports medians: these machines are shared and noisy.
"""

from __future__ import annotations

import statistics
import time

__all__ = ["median_time", "compare", "row"]


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


def row(benchmark, skmath_s, peer, peer_s, **extra):
    """One result row; ``ratio`` = skmath time / peer time (< 1: skmath faster)."""
    return {
        "benchmark": benchmark,
        "skmath_s": round(skmath_s, 6),
        "peer": peer,
        "peer_s": round(peer_s, 6),
        "ratio": round(skmath_s / peer_s, 4) if peer_s > 0 else float("nan"),
        **extra,
    }
