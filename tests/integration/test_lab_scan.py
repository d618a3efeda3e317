"""The lab hospital on loopback, scanned by the real scanner.

Traffic stays on 127.0.0.0/8: the scans run inside the lab's scope (a private
copy of the lab's 127.20/127.30 networks, see PRIVATE), and pytest-socket's
``allow_hosts`` marker blocks any other connect.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time

import pytest

from zicha.collectors.scan import Scope, scan_tcp, tcp_connect
from zicha.domain.errors import ScopeError
from zicha.lab import HOSPITAL, Lab, LabError, lab_bundle_paths, register_rows, run_lab_in_thread
from zicha.lab.register import write_register
from zicha.parsers.bundle import read_bundle

LOOPBACK_ONLY = pytest.mark.allow_hosts(["127.0.0.0/8"])
IS_ROOT = getattr(os, "geteuid", lambda: 0)() == 0

# The socket tests run the lab on loopback networks of their own (chosen by pid),
# so they neither collide with a running `zicha demo` nor with another test run.
_K = os.getpid() % 60
PRIVATE = HOSPITAL.relocated({"127.20.0.0/16": f"127.{120 + 2 * _K}.0.0/16",
                              "127.30.0.0/16": f"127.{121 + 2 * _K}.0.0/16"})
IP = {h.name: h.ip for h in PRIVATE.hosts}
UNREGISTERED_IP = IP["DESKTOP-7Q2K9LM"]


def _fds() -> int | None:
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return None


def _run_clean(coro):
    """asyncio.run, then prove no task and no file descriptor was left behind."""
    before = _fds()

    async def wrapper():
        try:
            return await coro
        finally:
            await asyncio.sleep(0)
            assert asyncio.all_tasks() == {asyncio.current_task()}, asyncio.all_tasks()

    result = asyncio.run(wrapper())
    after = _fds()
    if before is not None:
        assert after == before, f"file descriptors leaked: {before} → {after}"
    return result


async def _refused(ip: str, port: int) -> bool:
    try:
        async with asyncio.timeout(2):
            await tcp_connect(ip, port)
    except ConnectionRefusedError:
        return True
    return False


# -- the scan --------------------------------------------------------------------------

@pytest.mark.integration
@LOOPBACK_ONLY
def test_scan_finds_the_planted_listeners_and_the_lab_stops_cleanly():
    async def scenario():
        lab = Lab(PRIVATE)
        progress: list[tuple[int, int]] = []
        async with lab:
            assert lab.started and lab.listening
            scope = lab.scope()
            report = await scan_tcp(lab.targets(), lab.ports(), scope=scope, timeout=1.0,
                                    concurrency=500,
                                    on_progress=lambda d, t: progress.append((d, t)))
            expected = lab.expected_open()
            listeners = list(lab.listening)
        assert not lab.started
        refused = [await _refused(item.ip, item.port) for item in listeners]
        return report, expected, listeners, refused, progress

    report, expected, listeners, refused, progress = _run_clean(scenario())

    # exactly the listeners, nothing more (no false positives, full recall)
    assert report.open_by_host == expected
    assert report.errors == [] and report.counts["error"] == 0
    assert progress[-1] == (report.probes, report.probes)
    assert report.addresses == 5 * 254

    # planted: remote desktop on clinical PCs
    assert report.is_open(IP["nk-pc-02"], 3389)
    assert report.is_open(IP["wk-pc-02"], 3389)
    # compliant PCs: nothing, and in particular no 3389
    assert IP["nk-pc-01"] not in report.open_by_host
    assert IP["wk-pc-01"] not in report.open_by_host
    assert not report.is_open(IP["nk-pc-01"], 3389)
    # planted: databases reachable from the clinical PC subnet
    assert report.is_open(IP["his-db-01"], 1521)
    assert report.is_open(IP["lis-01"], 3306)
    # planted: a live host that is not in the register
    unregistered = [h for h in PRIVATE.hosts if not h.registered]
    assert [h.ip for h in unregistered] == [UNREGISTERED_IP]
    assert report.is_open(UNREGISTERED_IP, 5900)
    registered_ips = {row["ip"] for row in register_rows(PRIVATE)}
    assert set(report.open_by_host) - registered_ips == {UNREGISTERED_IP}
    assert report.is_open(IP["bg-pc-01"], 3389)
    if IS_ROOT:
        assert report.is_open(IP["core-sw-01"], 23)       # telnet on the switch
        assert report.is_open(IP["lis-01"], 23)
        assert report.is_open(IP["wk-pc-02"], 445)
        assert report.is_open(IP["bg-pc-01"], 445)

    # after stop: every former listener refuses
    assert listeners and all(refused)
    print(f"\nlab scan: {report.addresses} addresses x {len(report.ports)} ports = "
          f"{report.probes} probes in {report.duration_s:.2f} s "
          f"({report.probes / report.duration_s:,.0f} probes/s), "
          f"{sum(map(len, report.open_by_host.values()))} open")


@pytest.mark.integration
@LOOPBACK_ONLY
def test_scanning_outside_the_lab_scope_is_refused_before_any_packet():
    calls = []

    async def recording(ip, port):
        calls.append((ip, port))

    async def scenario():
        async with Lab(PRIVATE) as lab:
            with pytest.raises(ScopeError) as err:
                await scan_tcp([IP["his-app-01"], "127.0.0.1"], "22", scope=lab.scope(),
                               connect=recording)
            return err.value

    err = _run_clean(scenario())
    assert err.code == "target-out-of-scope" and "127.0.0.1" in str(err)
    assert calls == []


@pytest.mark.integration
@LOOPBACK_ONLY
def test_banners():
    async def scenario():
        async with Lab(PRIVATE) as lab:
            got = {}
            for ip, port in ((IP["nk-pc-02"], 3389), (IP["DESKTOP-7Q2K9LM"], 5900),
                             (IP["his-db-01"], 22), (IP["core-sw-01"], 23)):
                if port < 1024 and not IS_ROOT:
                    continue
                reader, writer = await asyncio.open_connection(ip, port)
                try:
                    async with asyncio.timeout(2):
                        got[port] = await reader.read()
                finally:
                    writer.close()
                    await writer.wait_closed()
            assert lab.started
            return got

    got = _run_clean(scenario())
    assert got[3389] == b""
    assert got[5900] == b"RFB 003.008\n"
    if IS_ROOT:
        assert got[22] == b"SSH-2.0-OpenSSH_7.4\r\n"
        assert got[23].startswith(b"\xff\xfb\x01")


@pytest.mark.integration
@LOOPBACK_ONLY
def test_unprivileged_mode_skips_low_ports_and_records_them():
    async def scenario():
        async with Lab(PRIVATE, skip_privileged=True) as lab:
            report = await scan_tcp([PRIVATE.subnets[2].cidr, IP["wk-pc-02"]], lab.ports(),
                                    scope=lab.scope(), timeout=1.0)
            return lab.skipped, lab.listening, report

    skipped, listening, report = _run_clean(scenario())
    assert all(item.port >= 1024 for item in listening)
    assert {(s.ip, s.port) for s in skipped} >= {(IP["wk-pc-02"], 445), (IP["his-db-01"], 22)}
    assert all("root" in s.reason for s in skipped)
    assert report.open_by_host[IP["wk-pc-02"]] == [3389]
    assert report.open_by_host[UNREGISTERED_IP] == [5900]


@pytest.mark.integration
@LOOPBACK_ONLY
def test_second_lab_fails_cleanly_and_first_keeps_running():
    async def scenario():
        async with Lab(PRIVATE) as first:
            second = Lab(PRIVATE)
            with pytest.raises(LabError) as err:
                await second.start()
            assert not second.started and second._sockets == []
            report = await scan_tcp([IP["nk-pc-02"]], "3389", scope=first.scope())
            return err.value, report

    err, report = _run_clean(scenario())
    assert err.code == "lab-port-in-use" and err.hint
    assert report.is_open(IP["nk-pc-02"], 3389)


@pytest.mark.integration
@LOOPBACK_ONLY
def test_run_lab_in_thread():
    threads_before = set(threading.enumerate())
    before = _fds()
    with run_lab_in_thread(PRIVATE) as lab:
        assert lab.started
        with socket.create_connection((IP["DESKTOP-7Q2K9LM"], 5900), timeout=2) as s:
            assert s.recv(64) == b"RFB 003.008\n"
        report = asyncio.run(scan_tcp([IP["nk-pc-02"], IP["nk-pc-01"]], "3389",
                                      scope=lab.scope(), timeout=1.0))
        assert report.open_by_host == {IP["nk-pc-02"]: [3389]}
    assert not lab.started
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((IP["DESKTOP-7Q2K9LM"], 5900), timeout=2).close()
    time.sleep(0.05)
    assert set(threading.enumerate()) == threads_before
    if before is not None:
        assert _fds() == before


@pytest.mark.integration
@LOOPBACK_ONLY
def test_run_lab_in_thread_cleans_up_when_the_body_fails():
    threads_before = set(threading.enumerate())
    with pytest.raises(RuntimeError, match="body failed"), run_lab_in_thread(PRIVATE):
        raise RuntimeError("body failed")
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((IP["nk-pc-02"], 3389), timeout=2).close()
    time.sleep(0.05)
    assert set(threading.enumerate()) == threads_before


# -- the lab as data (no sockets) ------------------------------------------------------

def test_lab_data_is_consistent():
    hosts = HOSPITAL.hosts
    assert len(hosts) >= 10
    assert HOSPITAL.name == "演示人民医院"
    assert set(HOSPITAL.departments) == {"信息科", "内科", "外科", "行政办公室"}
    assert len({h.ip for h in hosts}) == len({h.name for h in hosts}) == len(hosts)
    lab_scope = Scope.parse(list(HOSPITAL.scope_cidrs))
    for h in hosts:
        assert lab_scope.contains(h.ip), h
        subnet = HOSPITAL.subnet_of(h.ip)
        assert subnet is not None and subnet.zone == h.zone, h
        first = int(h.mac.split(":")[0], 16)
        assert first & 0b10 and not first & 0b01, f"{h.mac} must be locally administered unicast"
        assert h.role in {"server", "workstation", "switch", "printer"}
        assert h.platform in {"linux", "windows", "network_device", "printer"}
        assert set(h.allowed_tcp) <= set(range(1, 65536))
    assert [h.ip for h in hosts if not h.registered] == ["127.20.10.99"]


def test_relocated_copy_moves_addresses_only():
    moved = HOSPITAL.relocated({"127.20.0.0/16": "127.220.0.0/16"})
    assert moved.host("his-db-01").ip == "127.220.1.11"
    assert moved.host("his-db-01").mac == HOSPITAL.host("his-db-01").mac
    assert moved.host("bg-pc-01").ip == HOSPITAL.host("bg-pc-01").ip  # extranet not moved
    assert moved.scope_cidrs == ("127.220.0.0/16", "127.30.0.0/16")
    assert moved.subnet_of("127.220.10.22").name == "内科终端"
    assert HOSPITAL.host("his-db-01").ip == "127.20.1.11"
    with pytest.raises(ValueError):
        HOSPITAL.relocated({"127.20.0.0/16": "10.20.0.0/16"})
    with pytest.raises(ValueError):
        HOSPITAL.relocated({"127.20.0.0/16": "127.220.0.0/24"})


def test_register_leaves_out_the_unregistered_host(tmp_path):
    import yaml

    rows = register_rows()
    assert "127.20.10.99" not in {r["ip"] for r in rows}
    assert len(rows) == len(HOSPITAL.hosts) - 1
    path = write_register(tmp_path)
    assert path.name == "lab-register.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["organization"] == "演示人民医院"
    assert data["assets"] == rows


def test_lab_bundles_match_their_hosts():
    paths = {p.name: p for p in lab_bundle_paths()}
    with_bundle = [h for h in HOSPITAL.hosts if h.bundle]
    linux = [h for h in with_bundle if h.platform == "linux"]
    windows = [h for h in with_bundle if h.platform == "windows"]
    assert {h.name for h in linux} == {"his-app-01", "his-db-01", "lis-01", "pacs-01"}
    assert {h.name for h in windows} == {"nk-pc-01", "nk-pc-02", "wk-pc-01", "wk-pc-02",
                                         "bg-pc-01"}
    for host in windows:
        bundle = read_bundle(paths[host.bundle].read_bytes(), source=host.bundle)
        assert bundle.platform == "windows" and bundle.hostname.lower() == host.name
        netstat = bundle.sections["netstat"].text()
        for port in host.open_tcp:
            if port in (135, 139, 445, 3389):
                assert f":{port} " in netstat, f"{host.bundle}: {port} not listening"
    for host in linux:
        path = paths[host.bundle]
        assert path.name == f"{host.name}.bundle" and path.is_file()
        bundle = read_bundle(path.read_bytes(), source=path.name)
        assert bundle.platform == "linux" and bundle.hostname == host.name
        sections = bundle.sections
        for name in ("os_release", "uname", "hostname", "login_defs", "pwquality_conf",
                     "pam_password", "sshd_effective", "sshd_config", "modprobe_usb", "lsmod",
                     "firewall", "listening", "time_sync", "shadow_summary", "passwd",
                     "rsyslog_remote", "services_running", "ip_addr", "ip_link"):
            assert name in sections, f"{path.name}: no section {name}"
            assert not sections[name].truncated
        assert sections["hostname"].text().strip() == host.name
        assert f"inet {host.ip}/" in sections["ip_addr"].text()
        assert f"link/ether {host.mac} " in sections["ip_link"].text()
        listening = sections["listening"].text()
        for port in host.open_tcp:
            assert f":{port} " in listening, f"{path.name}: port {port} not listening"
