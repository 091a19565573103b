"""Lazy torch import and the thread policy of the torch-backed estimators.

PyTorch's OpenMP worker threads spin while they wait for work.  On a shared
2-core machine whose other core is busy, two spinning threads made one small
MLP step about 60x slower than a single thread.  Two defences live here:

- ``import_torch`` asks OpenMP, before torch loads it, to let idle workers
  sleep instead of spin (``OMP_WAIT_POLICY=PASSIVE``) unless the user set a
  policy already;
- ``torch_threads`` sets the number of intra-op threads for the duration of
  a fit and restores the global setting afterwards.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager

__all__ = ["import_torch", "torch_threads", "effective_n_threads"]


def import_torch():
    """Import and return torch, making idle OpenMP threads passive first."""
    if "torch" not in sys.modules:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import torch

    return torch


def _usable_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


_LAST_CPU_SAMPLE = None
_LAST_OTHERS_USE = 0.0


def _cpu_sample():
    """(wall clock, busy and total jiffies of all CPUs, CPU seconds of this
    process) from ``/proc/stat``."""
    with open("/proc/stat") as f:
        counters = [int(v) for v in f.readline().split()[1:9]]
    idle = counters[3] + counters[4]  # idle + iowait
    total = sum(counters)
    return time.monotonic(), total - idle, total, time.process_time()


def _others_cpu_use(window=0.05):
    """Cores kept busy by other processes, measured from ``/proc/stat``.

    Averaged since the previous call, so only the first call of a process
    waits (a ``window`` of 50 ms); a call within 50 ms of the previous one
    reuses its answer.  The load average is not used: it counts this
    process's own recent work and processes blocked on I/O, and on the
    shared development machine it sat at about 1 while both cores were idle,
    which cost every fit a core.
    """
    global _LAST_CPU_SAMPLE, _LAST_OTHERS_USE
    try:
        now = _cpu_sample()
        last = _LAST_CPU_SAMPLE
        if last is None:
            time.sleep(window)
            last, now = now, _cpu_sample()
        elif now[0] - last[0] < window:
            return _LAST_OTHERS_USE
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        return 0.0
    _LAST_CPU_SAMPLE = now
    total = now[2] - last[2]
    if total <= 0:
        return _LAST_OTHERS_USE
    cores_busy = (now[1] - last[1]) / total * (os.cpu_count() or 1)
    own = (now[3] - last[3]) / (now[0] - last[0])
    _LAST_OTHERS_USE = max(0.0, cores_busy - own)
    return _LAST_OTHERS_USE


def _runnable_others():
    """Runnable threads right now other than this one (``/proc/loadavg``);
    the most of three reads, since a busy peer can be between time slices."""
    most = 0
    try:
        for _ in range(3):
            with open("/proc/loadavg") as f:
                running = int(f.read().split()[3].split("/")[0])
            most = max(most, running - 1)
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        pass
    return most


def _busy_cores():
    """Cores taken by other work: the larger of the threads runnable right
    now besides this one (sees a new busy process at once) and the CPU time
    other processes used lately (sees work that comes and goes)."""
    return max(float(_runnable_others()), _others_cpu_use())


def effective_n_threads(n_jobs):
    """Number of torch threads for ``n_jobs``.

    ``None`` (default): ``OMP_NUM_THREADS`` when it is set (dask, loky and
    joblib workers set it to 1 so that parallel workers do not oversubscribe
    the cores), otherwise the cores not already busy (the CPU time other
    processes used lately, or the threads runnable right now if more), at
    least one.
    ``-1``: every usable core; ``-2`` all but one, and so on (joblib's
    convention).  A positive int is taken as is.

    Measured on the 2-core development machine under load (load average
    5.4): a (256, 256) MLP on 5000 x 100 ran 3.2x slower with two threads
    than with one, a (64,) MLP on digits 1.1x slower; on an idle machine two
    threads are faster (``benchmarks/bench_busy.py``).  Hence the load-based
    default rather than "every core".

    >>> from skmath.utils._torch import effective_n_threads
    >>> effective_n_threads(1), effective_n_threads(-1) >= 1
    (1, True)
    """
    cores = _usable_cores()
    if n_jobs is None:
        env = os.environ.get("OMP_NUM_THREADS", "").strip()
        if env:
            try:
                return max(1, min(cores, int(env.split(",")[0])))
            except ValueError:
                pass  # malformed: ignore like OpenMP does
        busy = _busy_cores()
        return max(1, min(cores, int(cores - busy + 0.5)))
    if n_jobs < 0:
        return max(1, cores + 1 + n_jobs)
    if n_jobs == 0:
        raise ValueError("n_jobs == 0 has no meaning; use None, -1 or a positive int")
    return int(n_jobs)


@contextmanager
def torch_threads(n_jobs):
    """Run the body with ``effective_n_threads(n_jobs)`` torch threads."""
    torch = import_torch()
    previous = torch.get_num_threads()
    n_threads = effective_n_threads(n_jobs)
    torch.set_num_threads(n_threads)
    try:
        yield n_threads
    finally:
        torch.set_num_threads(previous)
