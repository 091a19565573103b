"""The thread policy reads the real load files of the cores it may use.

Every test writes files in the kernel's own formats (``/proc/stat``,
``/proc/self/cgroup``, cgroup v2 ``cpu.max``/``cpu.stat``, cgroup v1
``cpu.cfs_quota_us``/``cpuacct.usage``) and points the readers of
:mod:`skmath.utils._cpu_load` at them, so the parser the policy runs on is
the parser under test; only the clock and the affinity mask are set.
"""

import os

import pytest

torch = pytest.importorskip("torch")

from skmath.utils import _cpu_load, _torch  # noqa: E402

HZ = 100  # jiffies per second per CPU
_TAIL = (
    "intr 1714049 0 0 0 0 0 0 0 0 0\nctxt 3402957\nbtime 1764745000\n"
    "processes 24311\nprocs_running 3\nprocs_blocked 0\n"
    "softirq 1021871 0 223430 2 51512 0 0 1013 414541 0 331373\n"
)


@pytest.fixture(autouse=True)
def _torch_allows_eight_threads():
    # the policy never exceeds torch's global setting (its cap); pytest-xdist
    # workers may start with one thread, so the tests set it
    previous = torch.get_num_threads()
    torch.set_num_threads(8)
    yield
    torch.set_num_threads(previous)


class Machine:
    """Fake kernel files: per-CPU jiffies that advance with a fake clock."""

    def __init__(self, tmp_path, monkeypatch, n_cpus=4, affinity=None):
        self.dir = tmp_path
        self.n_cpus = n_cpus
        self.busy = [0.0] * n_cpus
        self.idle = [0.0] * n_cpus
        self.cgroup_usage = 0.0  # seconds, others in the same cgroup
        self.clock = 100.0
        self.usage_writer = None
        self.stat = tmp_path / "stat"
        self.proc_cgroup = tmp_path / "cgroup"
        self.root = tmp_path / "sys_fs_cgroup"
        self.root.mkdir()
        self.proc_cgroup.write_text("0::/\n")
        monkeypatch.setattr(_cpu_load, "PROC_STAT", str(self.stat))
        monkeypatch.setattr(_cpu_load, "PROC_SELF_CGROUP", str(self.proc_cgroup))
        monkeypatch.setattr(_cpu_load, "CGROUP_ROOT", str(self.root))
        cpus = set(range(n_cpus) if affinity is None else affinity)
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cpus)
        monkeypatch.setattr(_torch, "_now", lambda: self.clock)
        monkeypatch.setattr(_torch, "_SAMPLER", None)
        monkeypatch.setattr(_torch, "_LAST_DECISION", None)
        monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
        self.write()

    def write(self):
        lines = []
        for i in range(self.n_cpus):
            # user nice system idle iowait irq softirq steal guest guest_nice
            busy, idle = int(self.busy[i]), int(self.idle[i])
            lines.append(
                f"cpu{i} {busy * 3 // 4} 0 {busy - busy * 3 // 4} {idle} 0 0 0 0 0 0"
            )
        b, i = int(sum(self.busy)), int(sum(self.idle))
        agg = f"cpu  {b * 3 // 4} 0 {b - b * 3 // 4} {i} 0 0 0 0 0 0"
        self.stat.write_text("\n".join([agg, *lines]) + "\n" + _TAIL)
        if self.usage_writer is not None:
            self.usage_writer(self.cgroup_usage)

    def advance(self, seconds, busy_cpus=(), cgroup_others=0.0):
        """``seconds`` pass with other processes spinning on ``busy_cpus``."""
        self.clock += seconds
        for c in range(self.n_cpus):
            if c in busy_cpus:
                self.busy[c] += seconds * HZ
            else:
                self.idle[c] += seconds * HZ
        self.cgroup_usage += cgroup_others * seconds
        self.write()

    def cgroup_v2(self, cpu_max, path="user.slice/job.scope"):
        self.proc_cgroup.write_text(f"0::/{path}\n")
        d = self.root / path
        d.mkdir(parents=True)
        (d / "cpu.max").write_text(cpu_max + "\n")

        def usage(seconds):
            (d / "cpu.stat").write_text(
                f"usage_usec {int(seconds * 1e6)}\nuser_usec 0\nsystem_usec 0\n"
                "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\n"
            )

        self.usage_writer = usage
        self.write()

    def cgroup_v1(self, quota_us, period_us=100000, path="docker/abc"):
        self.proc_cgroup.write_text(
            f"12:memory:/{path}\n4:cpu,cpuacct:/{path}\n3:cpuset:/{path}\n"
        )
        d = self.root / "cpu,cpuacct" / path
        d.mkdir(parents=True)
        (d / "cpu.cfs_quota_us").write_text(f"{quota_us}\n")
        (d / "cpu.cfs_period_us").write_text(f"{period_us}\n")

        def usage(seconds):
            (d / "cpuacct.usage").write_text(f"{int(seconds * 1e9)}\n")

        self.usage_writer = usage
        self.write()


def test_proc_stat_parser_reads_the_cpus_asked_for():
    text = (
        "cpu  390238 0 48470 151513 471 0 114 982 0 0\n"
        "cpu0 187980 0 22448 84846 72 0 15 489 0 0\n"
        "cpu1 202258 0 26022 66666 398 0 98 493 0 0\n" + _TAIL
    )
    busy0 = 187980 + 22448 + 15 + 489
    assert _cpu_load.parse_proc_stat(text, [0]) == (busy0, busy0 + 84846 + 72)
    busy, total = _cpu_load.parse_proc_stat(text)
    assert busy == 390238 + 48470 + 114 + 982 and total == busy + 151513 + 471
    with pytest.raises(ValueError, match="no matching cpu"):
        _cpu_load.parse_proc_stat(text, [7])


@pytest.mark.parametrize(
    "text, cores", [("max 100000", None), ("150000 100000", 1.5), ("50000", 0.5)]
)
def test_cpu_max_parser(text, cores):
    assert _cpu_load.parse_cpu_max(text) == cores


def test_cfs_quota_parser():
    assert _cpu_load.parse_cfs_quota("-1\n", "100000\n") is None
    assert _cpu_load.parse_cfs_quota("200000\n", "100000\n") == 2.0


@pytest.mark.parametrize(
    "others, expected", [((), 2), ((0,), 1), ((0, 1), 1), ((2, 3), 2)]
)
def test_threads_follow_the_load_on_the_allowed_cpus(
    tmp_path, monkeypatch, others, expected
):
    # 4 host CPUs, this process may run on cpu0 and cpu1 only: load on cpu2
    # and cpu3 is not its business, load on cpu0/cpu1 is
    m = Machine(tmp_path, monkeypatch, n_cpus=4, affinity={0, 1})
    with _torch.torch_threads(None, adaptive=True) as threads:
        assert threads.adaptive and threads.n_threads == 1
        m.advance(0.25, busy_cpus=others)
        assert threads.update() == expected == torch.get_num_threads()


def test_threads_back_off_when_load_arrives(tmp_path, monkeypatch):
    m = Machine(tmp_path, monkeypatch, n_cpus=2)
    with _torch.torch_threads(None, adaptive=True) as threads:
        m.advance(0.25)
        assert threads.update() == 2
        m.advance(0.25, busy_cpus=(1,))
        assert threads.update() == 1 == torch.get_num_threads()
        assert threads.max_threads == 2
        m.advance(0.1)  # less than the interval: no new decision
        assert threads.update() == 1


def test_cgroup_v2_quota_bounds_the_cores(tmp_path, monkeypatch):
    m = Machine(tmp_path, monkeypatch, n_cpus=8)
    m.cgroup_v2("150000 100000")  # 1.5 CPUs on an 8-CPU host
    assert _torch._usable_cores() == 2
    assert _torch.effective_n_threads(-1) == 2
    with _torch.torch_threads(None, adaptive=True) as threads:
        m.advance(0.25)  # host idle, quota unused: 1.5 cores -> 2
        assert threads.update() == 2
        # another process of the same cgroup uses 1 CPU of the quota while
        # the 8-CPU host still looks mostly idle
        m.advance(0.25, busy_cpus=(5,), cgroup_others=1.0)
        assert threads.update() == 1


def test_cgroup_v1_quota_of_one_cpu_fixes_one_thread(tmp_path, monkeypatch):
    m = Machine(tmp_path, monkeypatch, n_cpus=4)
    m.cgroup_v1(100000)
    assert _torch._usable_cores() == 1
    assert _torch.effective_n_threads(-1) == 1
    with _torch.torch_threads(None, adaptive=True) as threads:
        assert not threads.adaptive and threads.n_threads == 1


def test_no_quota_means_the_affinity(tmp_path, monkeypatch):
    m = Machine(tmp_path, monkeypatch, n_cpus=4, affinity={1, 2, 3})
    m.cgroup_v2("max 100000")
    assert _torch._usable_cores() == 3
    m2_dir = tmp_path / "v1"
    m2_dir.mkdir()
    m2 = Machine(m2_dir, monkeypatch, n_cpus=4, affinity={0, 1, 2, 3})
    m2.cgroup_v1(-1)
    assert _torch._usable_cores() == 4


def test_missing_proc_stat_disables_adaptation(tmp_path, monkeypatch):
    m = Machine(tmp_path, monkeypatch, n_cpus=2)
    m.stat.unlink()
    with _torch.torch_threads(None, adaptive=True) as threads:
        assert not threads.adaptive and threads.update() == 1


@pytest.mark.parametrize("n_jobs, env", [(1, None), (2, None), (None, "1")])
def test_threads_fixed_unless_default(tmp_path, monkeypatch, n_jobs, env):
    Machine(tmp_path, monkeypatch, n_cpus=2)
    if env is not None:
        monkeypatch.setenv("OMP_NUM_THREADS", env)
    with _torch.torch_threads(n_jobs, adaptive=True) as threads:
        assert not threads.adaptive
        assert threads.update() == (n_jobs or 1)


def test_short_fits_reuse_a_recent_decision(tmp_path, monkeypatch):
    # partial_fit calls are often shorter than the 0.2 s interval: each
    # starts from the last decision instead of from one thread
    m = Machine(tmp_path, monkeypatch, n_cpus=2)

    def start_after(seconds, busy_cpus, decided):
        then = _torch._cpu_sample()
        monkeypatch.setattr(_torch, "_LAST_DECISION", (then, decided))
        m.advance(seconds, busy_cpus=busy_cpus)
        with _torch.torch_threads(None, adaptive=True) as threads:
            assert torch.get_num_threads() == threads.n_threads
            return threads.n_threads

    assert start_after(0.05, (0, 1), decided=2) == 2  # recent: reused as is
    assert start_after(0.5, (0,), decided=2) == 1  # older: load measured
    assert start_after(0.5, (), decided=1) == 2
    assert start_after(60.0, (), decided=2) == 1  # stale: one thread
