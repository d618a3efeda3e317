"""scan_tcp with an injected connect: states, concurrency bound, report. No sockets."""

from __future__ import annotations

import asyncio
import errno

import pytest

from zicha.collectors.scan import (
    AsyncioConnectProber,
    PortState,
    ScanReport,
    Scope,
    scan_tcp,
)

SCOPE = Scope.parse(["127.20.0.0/16"])


class FakeNet:
    """Behaviour per (ip, port); default refused. Tracks in-flight connects."""

    def __init__(self, behaviour: dict[tuple[str, int], str] | None = None,
                 default: str = "closed", delay: float = 0.0) -> None:
        self.behaviour = behaviour or {}
        self.default = default
        self.delay = delay
        self.calls: list[tuple[str, int]] = []
        self.in_flight = 0
        self.max_in_flight = 0

    async def __call__(self, ip: str, port: int) -> None:
        assert ip.startswith("127.20."), f"probe outside the test scope: {ip}"
        self.calls.append((ip, port))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            else:
                await asyncio.sleep(0)
            what = self.behaviour.get((ip, port), self.default)
            if what == "open":
                return
            if what == "closed":
                raise ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
            if what == "silent":
                await asyncio.sleep(3600)  # the scanner's timeout must cut this
            if what == "raise-timeout":
                raise TimeoutError
            if what == "unreachable":
                raise OSError(errno.EHOSTUNREACH, "No route to host")
            if what == "eacces":
                raise PermissionError(errno.EACCES, "Permission denied")
            if what == "bug":
                raise RuntimeError("broken connect")
            raise AssertionError(what)
        finally:
            self.in_flight -= 1


def run(coro):
    """Run a scan and prove it left no task behind."""
    async def wrapper():
        result = await coro
        await asyncio.sleep(0)
        assert asyncio.all_tasks() == {asyncio.current_task()}
        return result
    return asyncio.run(wrapper())


def test_states_open_closed_filtered():
    net = FakeNet({
        ("127.20.1.10", 8080): "open",
        ("127.20.1.10", 22): "open",
        ("127.20.1.10", 3389): "silent",
        ("127.20.1.11", 22): "raise-timeout",
        ("127.20.1.11", 8080): "unreachable",
        ("127.20.1.11", 3389): "silent",
    })
    report = run(scan_tcp(["127.20.1.10", "127.20.1.11", "127.20.1.12"], "22,3389,8080",
                          scope=SCOPE, timeout=0.05, connect=net))
    assert isinstance(report, ScanReport)
    assert report.state("127.20.1.10", 8080) == "open"
    assert report.state("127.20.1.10", 3389) == "filtered"   # silent → timeout
    assert report.state("127.20.1.11", 22) == "filtered"     # connect raised TimeoutError
    assert report.state("127.20.1.11", 8080) == "filtered"   # ICMP unreachable
    assert report.state("127.20.1.12", 22) == "closed"       # RST
    assert report.open_by_host == {"127.20.1.10": [22, 8080]}
    # .10 answered (open), .12 answered (refused), .11 never answered
    assert report.hosts_up == ["127.20.1.10", "127.20.1.12"]
    assert report.counts == {"open": 2, "closed": 3, "filtered": 4, "error": 0}
    assert report.probes == 9 and report.addresses == 3 and report.ports == (22, 3389, 8080)
    assert report.errors == []
    assert report.duration_s > 0
    # filtered ports of a host that is up are listed; silent hosts are only counted
    assert PortState("127.20.1.10", 3389, "filtered", None) in report.results
    assert not any(r.ip == "127.20.1.11" for r in report.results)
    for r in report.results:
        if r.state in ("open", "closed"):
            assert r.rtt_ms is not None and r.rtt_ms >= 0
    assert [(r.ip, r.port) for r in report.results] == sorted(
        (r.ip, r.port) for r in report.results)
    with pytest.raises(KeyError):
        report.state("127.20.1.10", 443)


def test_portstate_is_frozen():
    state = PortState("127.20.1.10", 22, "open", 0.1)
    with pytest.raises(AttributeError):
        state.state = "closed"  # type: ignore[misc]


def test_timeout_applies_per_connection_not_per_scan():
    net = FakeNet(default="silent")
    loop_time = []

    async def go():
        start = asyncio.get_running_loop().time()
        report = await scan_tcp(["127.20.1.0/28"], "1-4", scope=SCOPE, timeout=0.1,
                                concurrency=60, connect=net)
        loop_time.append(asyncio.get_running_loop().time() - start)
        return report

    report = run(go())
    assert report.counts["filtered"] == 14 * 4 and report.hosts_up == []
    # 56 probes, all in flight together: one timeout's worth, not 56
    assert loop_time[0] < 1.0


@pytest.mark.parametrize("concurrency, behaviour", [(1, "closed"), (7, "closed"),
                                                    (7, "silent"), (50, "open")])
def test_concurrency_bound_is_never_exceeded(concurrency, behaviour):
    net = FakeNet(default=behaviour, delay=0.001)
    report = run(scan_tcp(["127.20.1.0/26"], "22,80,443,3389", scope=SCOPE, timeout=0.005,
                          concurrency=concurrency, connect=net))
    assert len(net.calls) == 62 * 4 == report.probes
    assert net.max_in_flight == concurrency   # reached, never exceeded
    assert net.in_flight == 0
    assert report.concurrency == concurrency


def test_workers_not_more_than_probes():
    net = FakeNet(delay=0.001)
    report = run(scan_tcp(["127.20.1.10"], "22,80", scope=SCOPE, concurrency=500, connect=net))
    assert net.max_in_flight == 2 and report.concurrency == 2


def test_each_pair_probed_exactly_once():
    net = FakeNet()
    run(scan_tcp(["127.20.1.0/24", "127.20.1.5"], "22,445", scope=SCOPE, concurrency=13,
                 connect=net))
    assert len(net.calls) == len(set(net.calls)) == 254 * 2


def test_local_errors_are_reported_not_hidden():
    net = FakeNet({("127.20.1.10", 22): "eacces", ("127.20.1.10", 80): "open"})
    report = run(scan_tcp(["127.20.1.10"], "22,80,443", scope=SCOPE, connect=net))
    assert report.counts == {"open": 1, "closed": 1, "filtered": 0, "error": 1}
    assert len(report.errors) == 1
    err = report.errors[0]
    assert (err.ip, err.port, err.code) == ("127.20.1.10", 22, "EACCES")
    assert not any(r.port == 22 for r in report.results)


def test_bug_in_connect_propagates_and_leaves_no_tasks():
    net = FakeNet({("127.20.1.3", 22): "bug"}, delay=0.001)
    with pytest.raises(RuntimeError, match="broken connect"):
        run(scan_tcp(["127.20.1.0/24"], "22", scope=SCOPE, concurrency=10, connect=net))
    assert net.in_flight == 0


def test_cancelling_the_scan_cancels_all_probes():
    net = FakeNet(default="silent")

    async def go():
        task = asyncio.create_task(scan_tcp(["127.20.1.0/24"], "22", scope=SCOPE,
                                            timeout=30, concurrency=20, connect=net))
        while net.in_flight < 20:
            await asyncio.sleep(0.001)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return net.in_flight

    assert run(go()) == 0


def test_progress_callback():
    calls: list[tuple[int, int]] = []
    net = FakeNet()
    run(scan_tcp(["127.20.1.0/25"], "22,80", scope=SCOPE, connect=net,
                 on_progress=lambda done, total: calls.append((done, total))))
    assert calls[-1] == (252, 252)
    assert all(total == 252 for _, total in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_open_by_host_sorted_and_in_address_order():
    net = FakeNet({("127.20.10.22", 3389): "open", ("127.20.10.22", 135): "open",
                   ("127.20.1.11", 1521): "open", ("127.20.9.1", 22): "open"})
    report = run(scan_tcp(["127.20.10.22", "127.20.1.11", "127.20.9.1"],
                          "3389,1521,135,22", scope=SCOPE, connect=net))
    assert list(report.open_by_host) == ["127.20.10.22", "127.20.1.11", "127.20.9.1"]
    assert report.open_by_host["127.20.10.22"] == [135, 3389]
    assert report.is_open("127.20.1.11", 1521) and not report.is_open("127.20.1.11", 22)


def test_empty_scan_and_bad_arguments():
    net = FakeNet()
    excluded = Scope.parse(["127.20.1.0/24"], exclude=["127.20.1.0/24"])
    seen = []
    report = run(scan_tcp(["127.20.1.0/24"], "22", scope=excluded, connect=net,
                          on_progress=lambda d, t: seen.append((d, t))))
    assert report.probes == 0 and net.calls == [] and seen == [(0, 0)]
    for kwargs in ({"timeout": 0}, {"concurrency": 0}):
        with pytest.raises(ValueError):
            run(scan_tcp(["127.20.1.1"], "22", scope=SCOPE, connect=net, **kwargs))
    with pytest.raises(TypeError):
        run(scan_tcp(["127.20.1.1"], "22", scope=None, connect=net))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        run(scan_tcp(["127.20.1.1"], "22", scope=SCOPE, connect=net,
                     prober=AsyncioConnectProber(net)))
    assert net.calls == []


def test_custom_prober_plugs_in():
    class AllOpen:
        def __init__(self):
            self.seen = []

        async def run(self, pairs, *, total, timeout, concurrency, emit):
            for ip, port in pairs:
                self.seen.append((ip, port))
                emit(ip, port, "open", 0.01, None)

    prober = AllOpen()
    report = run(scan_tcp(["127.20.1.1-2"], "22,80", scope=SCOPE, prober=prober))
    assert len(prober.seen) == 4
    assert report.open_by_host == {"127.20.1.1": [22, 80], "127.20.1.2": [22, 80]}
