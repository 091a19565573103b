"""How many of this process's cores other processes keep busy.

The thread policy (:class:`skmath.utils._torch.ThreadPolicy`) asks, every
0.2 s of training, how many cores it may use without fighting other
processes.  The answer counts only the cores this process may run on:

- the CPUs of its affinity mask (``os.sched_getaffinity``): the busy and
  total jiffies of those CPUs' ``cpuN`` lines of ``/proc/stat``, not the
  machine-wide ``cpu`` line, so a process pinned to 2 of 64 cores sees the
  load of those 2;
- a cgroup CPU quota (``cpu.max`` of cgroup v2, ``cpu.cfs_quota_us`` /
  ``cpu.cfs_period_us`` of v1): a container limited to 1.5 CPUs on a
  64-core host has 1.5 cores, whatever the host's idle time, and the CPU
  time other processes of the same cgroup used (``cpu.stat`` ``usage_usec``,
  v1 ``cpuacct.usage``) comes off that quota.

Every reader takes the text of the file, so tests feed real-format files;
:data:`PROC_STAT` and :data:`CGROUP_ROOT` say where they are read.
"""

from __future__ import annotations

import math
import os
import time
from pathlib import Path

PROC_STAT = "/proc/stat"
PROC_SELF_CGROUP = "/proc/self/cgroup"
CGROUP_ROOT = "/sys/fs/cgroup"


def allowed_cpus():
    """Ids of the CPUs this process may run on."""
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return list(range(os.cpu_count() or 1))


def parse_proc_stat(text, cpus=None):
    """(busy, total) jiffies of ``cpus`` (ids) in ``/proc/stat`` text.

    ``cpus=None`` reads the machine-wide ``cpu`` line.  Busy is everything
    but ``idle`` and ``iowait``; ``guest`` time is already in ``user``, so
    only the first eight columns count.
    """
    wanted = None if cpus is None else {f"cpu{c}" for c in cpus}
    busy = total = 0
    found = False
    for line in text.splitlines():
        fields = line.split()
        if not fields or not fields[0].startswith("cpu"):
            continue
        if (wanted is None and fields[0] != "cpu") or (
            wanted is not None and fields[0] not in wanted
        ):
            continue
        counters = [int(v) for v in fields[1:9]]
        idle = counters[3] + (counters[4] if len(counters) > 4 else 0)
        busy += sum(counters) - idle
        total += sum(counters)
        found = True
    if not found:
        raise ValueError("no matching cpu line in /proc/stat")
    return busy, total


def parse_cpu_max(text):
    """Cores allowed by a cgroup v2 ``cpu.max`` (``"max 100000"``: None)."""
    fields = text.split()
    if not fields or fields[0] == "max":
        return None
    period = int(fields[1]) if len(fields) > 1 else 100_000
    return int(fields[0]) / period


def parse_cfs_quota(quota_text, period_text):
    """Cores allowed by cgroup v1 ``cpu.cfs_quota_us`` (-1: None)."""
    quota = int(quota_text.strip())
    return None if quota <= 0 else quota / int(period_text.strip())


def parse_cpu_stat_usage(text):
    """CPU seconds of a cgroup from v2 ``cpu.stat`` (``usage_usec``)."""
    for line in text.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0] == "usage_usec":
            return int(fields[1]) / 1e6
    return None


def _read(path):
    try:
        return Path(path).read_text()
    except OSError:
        return None


def _cgroup_dirs():
    """(v2 directory or None, v1 cpu directory or None, v1 cpuacct or None)."""
    text = _read(PROC_SELF_CGROUP) or ""
    v2 = v1_cpu = v1_acct = None
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        path = path.lstrip("/")
        if controllers == "":
            v2 = Path(CGROUP_ROOT, path)
        names = controllers.split(",")
        if "cpu" in names:
            v1_cpu = Path(CGROUP_ROOT, controllers, path)
        if "cpuacct" in names:
            v1_acct = Path(CGROUP_ROOT, controllers, path)
    return v2, v1_cpu, v1_acct


class CgroupCpu:
    """The CPU quota (cores, or None) and the usage reader of this cgroup."""

    def __init__(self):
        v2, v1_cpu, v1_acct = _cgroup_dirs()
        self.quota = None
        self._usage_file = None
        self._usage_scale = 1.0
        if v2 is not None and _read(v2 / "cpu.max") is not None:
            self.quota = parse_cpu_max(_read(v2 / "cpu.max"))
            self._usage_file = v2 / "cpu.stat"
        else:
            if v1_cpu is not None:
                quota = _read(v1_cpu / "cpu.cfs_quota_us")
                period = _read(v1_cpu / "cpu.cfs_period_us")
                if quota is not None and period is not None:
                    self.quota = parse_cfs_quota(quota, period)
            if v1_acct is not None and _read(v1_acct / "cpuacct.usage") is not None:
                self._usage_file = v1_acct / "cpuacct.usage"
                self._usage_scale = 1e-9  # nanoseconds

    def usage(self):
        """CPU seconds this cgroup has used, or None."""
        if self.quota is None or self._usage_file is None:
            return None  # only a quota makes the cgroup's usage matter
        text = _read(self._usage_file)
        if text is None:
            return None
        if self._usage_scale != 1.0:
            return int(text.strip()) * self._usage_scale
        return parse_cpu_stat_usage(text)


def usable_cores(cpus=None, quota=None):
    """Cores this process may use: its affinity, at most the cgroup quota."""
    n = len(allowed_cpus() if cpus is None else cpus)
    if quota is not None:
        n = min(n, max(1, math.ceil(quota)))
    return max(1, n)


class LoadSampler:
    """Samples of the CPU time others spend on this process's cores."""

    def __init__(self, clock=time.monotonic):
        self.cpus = allowed_cpus()
        self.cgroup = CgroupCpu()
        self._clock = clock

    @property
    def cores(self):
        return usable_cores(self.cpus, self.cgroup.quota)

    def sample(self):
        """(clock, busy jiffies, total jiffies, own CPU s, cgroup CPU s or
        None), or None where ``/proc/stat`` cannot be read."""
        text = _read(PROC_STAT)
        if text is None:
            return None
        try:
            busy, total = parse_proc_stat(text, self.cpus)
        except ValueError:
            return None
        return self._clock(), busy, total, time.process_time(), self.cgroup.usage()

    def idle_cores(self, before, after):
        """Cores of this process's share that others left idle between two
        samples, or None when no time passed."""
        jiffies = after[2] - before[2]
        seconds = after[0] - before[0]
        if jiffies <= 0 or seconds <= 0:
            return None
        own = (after[3] - before[3]) / seconds
        busy = (after[1] - before[1]) / jiffies * len(self.cpus)
        idle = len(self.cpus) - max(0.0, busy - own)
        quota = self.cgroup.quota
        if quota is not None:
            used = 0.0
            if before[4] is not None and after[4] is not None:
                used = max(0.0, (after[4] - before[4]) / seconds - own)
            idle = min(idle, quota - used)
        return idle
