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

import math
import os
import sys
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


def _own_load():
    """This process's own part in the 1-minute load average, roughly.

    The load average counts this process too: a script that has been
    computing for a while sees a load of about 1 on an otherwise idle
    machine and would wrongly give up a core.  Its average CPU share since it
    started, times how far the exponentially decaying 1-minute average has
    caught up with it (``1 - exp(-age / 60 s)``), is a cheap estimate.
    """
    try:
        with open("/proc/self/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        cpu = (int(fields[11]) + int(fields[12])) / ticks
        with open("/proc/uptime") as f:
            uptime = float(f.read().split()[0])
        age = uptime - int(fields[19]) / ticks
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        return 0.0
    if age <= 0:
        return 0.0
    return min(1.0, cpu / age) * (1.0 - math.exp(-age / 60.0))


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
    """Cores taken by other work.

    The larger of two estimates: the threads runnable right now besides this
    one (sees new busy processes at once), and the 1-minute load average
    minus this process's own share of it (sees work that comes and goes).
    """
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - not Unix
        load = 0.0
    return max(float(_runnable_others()), load - _own_load())


def effective_n_threads(n_jobs):
    """Number of torch threads for ``n_jobs``.

    ``None`` (default): ``OMP_NUM_THREADS`` when it is set (dask, loky and
    joblib workers set it to 1 so that parallel workers do not oversubscribe
    the cores), otherwise the cores not already busy (the 1-minute load
    average, or the processes running right now if more), at least one.
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
