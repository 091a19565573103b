"""Lazy torch import and the thread policy of the torch-backed estimators.

PyTorch's OpenMP worker threads spin while they wait for work.  On a shared
2-core machine whose other core is busy, two spinning threads made one small
MLP step about 60x slower than a single thread, and OpenMP's default spin
(about 3 ms after every parallel region) left a finished fit's threads
burning a core that the next program needed.  Sleeping workers
(``OMP_WAIT_POLICY=PASSIVE``) cost a wake-up per layer instead, which made a
second thread a loss even on an idle machine.  The policy here:

- :func:`import_torch` bounds the spin, before torch loads OpenMP, to about
  1 ms (``GOMP_SPINCOUNT``), unless the user chose a wait policy or spin
  count, and asks MKL for results that do not depend on the thread count
  (``MKL_CBWR``; see :func:`configure_environment`);
- :func:`torch_threads` sets the number of intra-op threads for the
  duration of a fit and restores the global setting afterwards; with
  ``adaptive=True`` and ``n_jobs=None`` it starts with one thread and, every
  0.2 s of training, gives the fit the cores that other processes left idle
  (:class:`ThreadPolicy`), so a machine that becomes busy mid-fit takes the
  second thread back at once;
- during that fit NumPy's and SciPy's own BLAS (OpenBLAS, whose idle
  threads spin for up to ~0.1 s after a call) runs on one thread: its
  spinning workers and torch's took turns on the cores, and an L-BFGS fit
  of an MLP on digits, where SciPy's optimizer runs between torch's
  gradient evaluations, took 0.38 s on two torch threads instead of 0.04 s.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager

__all__ = [
    "configure_environment",
    "import_torch",
    "torch_threads",
    "effective_n_threads",
    "ThreadPolicy",
]

#: libgomp spin iterations before an idle worker sleeps (about 1 ms here).
#: Measured on the 2-core development machine, 30k x 100, (256, 256) MLP,
#: two threads, 5 epochs: 0.81 s with 1e4, 0.79 s with 1e5, 0.72 s with 1e6;
#: one thread 0.92 s.  1e5 keeps most of the gain and bounds what a finished
#: fit's workers burn.
SPIN_COUNT = 100_000

_now = time.monotonic  # the clock of the thread policy (tests replace it)


def configure_environment():
    """Set skmath's defaults for the libraries under torch; the user's own
    settings win.

    - ``GOMP_SPINCOUNT``: idle OpenMP workers spin about 1 ms, then sleep
      (read when torch loads OpenMP, so only before torch is imported);
    - ``MKL_CBWR=AUTO,STRICT``: MKL's GEMMs give the same bits whatever the
      number of threads (read at MKL's first call), so the adaptive thread
      policy cannot change a seeded model.  Without it, two threads changed
      a (512,) MLP's weights by 1e-6 against one thread; with it the cost
      was within the run-to-run noise (0.81 s vs 0.80 s, 30k x 100,
      (256, 256), 5 epochs).
    """
    if "torch" not in sys.modules and "OMP_WAIT_POLICY" not in os.environ:
        os.environ.setdefault("GOMP_SPINCOUNT", str(SPIN_COUNT))
    os.environ.setdefault("MKL_CBWR", "AUTO,STRICT")


def import_torch():
    """Import and return torch after :func:`configure_environment`."""
    configure_environment()
    import torch

    return torch


_SAMPLER = None


def _sampler():
    """The process's :class:`~skmath.utils._cpu_load.LoadSampler` (affinity
    and cgroup quota read once)."""
    global _SAMPLER
    if _SAMPLER is None:
        from ._cpu_load import LoadSampler

        _SAMPLER = LoadSampler(clock=lambda: _now())
    return _SAMPLER


def _usable_cores():
    """Cores this process may run on: affinity, bounded by a cgroup quota."""
    return _sampler().cores


def _omp_num_threads():
    env = os.environ.get("OMP_NUM_THREADS", "").strip()
    if not env:
        return None
    try:
        return int(env.split(",")[0])
    except ValueError:
        return None  # malformed: ignore like OpenMP does


def effective_n_threads(n_jobs):
    """Number of torch threads for ``n_jobs`` at the start of a fit.

    ``None`` (default): ``OMP_NUM_THREADS`` when it is set (dask, loky and
    joblib workers set it to 1 so that parallel workers do not oversubscribe
    the cores), otherwise one thread to start with; an adaptive fit
    (:class:`ThreadPolicy`) then adds the cores other processes leave idle.
    ``-1``: every usable core; ``-2`` all but one, and so on (joblib's
    convention).  A positive int is taken as is.

    >>> from skmath.utils._torch import effective_n_threads
    >>> effective_n_threads(1), effective_n_threads(-1) >= 1
    (1, True)
    """
    cores = _usable_cores()
    if n_jobs is None:
        env = _omp_num_threads()
        return 1 if env is None else max(1, min(cores, env))
    if n_jobs < 0:
        return max(1, cores + 1 + n_jobs)
    if n_jobs == 0:
        raise ValueError("n_jobs == 0 has no meaning; use None, -1 or a positive int")
    return int(n_jobs)


def _cpu_sample():
    """A load sample of this process's cores (see
    :meth:`~skmath.utils._cpu_load.LoadSampler.sample`), or None."""
    return _sampler().sample()


def _idle_cores(before, after):
    """Cores of this process's share that others left idle between samples."""
    return _sampler().idle_cores(before, after)


# (sample, thread count decided from it) of the latest decision of any policy:
# the next fit starts from it (partial_fit calls are often shorter than the
# interval)
_LAST_DECISION = None


class ThreadPolicy:
    """The torch thread count of one fit, adapted to the machine's load.

    Adaptive when ``n_jobs`` is None, ``OMP_NUM_THREADS`` is unset and there
    is more than one core: the fit starts on one thread; :meth:`update`,
    called once per training step, looks every ``interval`` seconds at the
    CPU time other processes used since its last look (``/proc/stat`` minus
    this process's own CPU time) and runs on the cores they left idle,
    rounded, at least one.  Only the cores this process may run on count:
    its affinity mask's CPUs and at most its cgroup CPU quota
    (:mod:`skmath.utils._cpu_load`).  A fit that starts less than ``interval`` after
    another fit's decision takes that decision; up to 10 s after, it
    measures the load since then; so short fits (``partial_fit`` on chunks)
    need not start on one thread.  The load average is not used: it counts
    I/O waits, and on the shared development machine it sat near 1 with
    both cores idle.

    At most ``cap`` threads (the global torch setting when called through
    :func:`torch_threads`).  Thread counts do not change results: a fit on
    one thread and on two gives identical weights (tested).

    Timings: the ``busy`` rows of ``benchmarks/results/latest.json``.
    """

    def __init__(self, n_jobs, *, adaptive=True, interval=0.2, cap=None):
        self.n_threads = effective_n_threads(n_jobs)
        self.max_threads = self.n_threads
        cores = _usable_cores()
        if cap is not None:  # e.g. the global torch setting
            cores = max(1, min(cores, cap))
        self.adaptive = (
            adaptive and n_jobs is None and _omp_num_threads() is None and cores > 1
        )
        self._cores = cores
        self._interval = interval
        self._sample = _cpu_sample() if self.adaptive else None
        if self._sample is None:
            self.adaptive = False
            return
        self._next = self._sample[0] + interval
        # an earlier fit's decision: reuse it if it is younger than the
        # interval, else measure the load since its sample; either way no
        # first interval on one thread
        last = _LAST_DECISION
        if last is not None:
            age = self._sample[0] - last[0][0]
            if 0 <= age < interval:
                self._set(last[1])
            elif age <= 10.0:
                self._decide(_idle_cores(last[0], self._sample), self._sample)

    def update(self):
        """Re-decide the thread count if ``interval`` has passed; cheap."""
        if not self.adaptive or _now() < self._next:
            return self.n_threads
        sample = _cpu_sample()
        if sample is None:
            return self.n_threads
        idle = _idle_cores(self._sample, sample)
        self._sample = sample
        self._next = sample[0] + self._interval
        self._decide(idle, sample)
        return self.n_threads

    def _decide(self, idle, sample):
        global _LAST_DECISION
        if idle is None:
            return
        # idle cores among those this process may use (affinity, quota)
        self._set(int(idle + 0.5))  # _set bounds it to [1, cores]
        _LAST_DECISION = (sample, self.n_threads)

    def _set(self, n):
        n = max(1, min(self._cores, n))
        if n != self.n_threads:
            import_torch().set_num_threads(n)
            self.n_threads = n
            self.max_threads = max(self.max_threads, n)


@contextmanager
def torch_threads(n_jobs, *, adaptive=False):
    """Run the body with :func:`effective_n_threads` torch threads.

    Yields the :class:`ThreadPolicy`; with ``adaptive=True`` the body calls
    its :meth:`~ThreadPolicy.update` once per training step and never gets
    more threads than the global torch setting (``torch.set_num_threads``,
    by default the physical cores), which is restored afterwards.
    """
    torch = import_torch()
    previous = torch.get_num_threads()
    policy = ThreadPolicy(n_jobs, adaptive=adaptive, cap=previous)
    torch.set_num_threads(policy.n_threads)
    try:
        with _other_blas(torch).limit(limits=1):
            yield policy
    finally:
        torch.set_num_threads(previous)


def _other_blas(torch):
    """``threadpoolctl`` controller of the BLAS libraries torch did not bring.

    NumPy's and SciPy's OpenBLAS, limited to one thread during a fit (see the
    module docstring); a BLAS inside torch's own directory (some builds ship
    OpenBLAS as torch's BLAS) is left to ``torch.set_num_threads``.
    """
    from threadpoolctl import ThreadpoolController

    torch_dir = os.path.realpath(os.path.dirname(torch.__file__))
    blas = ThreadpoolController().select(user_api="blas")
    others = [
        lib.filepath
        for lib in blas.lib_controllers
        if not os.path.realpath(lib.filepath).startswith(torch_dir + os.sep)
    ]
    return blas.select(filepath=others)
