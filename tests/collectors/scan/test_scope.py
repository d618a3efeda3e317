"""Scope: what a scan may touch. Unit tests, no sockets."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from zicha.collectors.scan import MAX_SCAN_ADDRESSES, PortSpecError, Scope, parse_ports, scan_tcp
from zicha.domain.errors import ScopeError


class RecordingConnect:
    """A fake connect that records every attempt (and never touches the network)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    async def __call__(self, ip: str, port: int) -> None:
        self.calls.append((ip, port))
        raise ConnectionRefusedError


def _scan(targets, ports="22", *, scope, connect=None):
    return asyncio.run(scan_tcp(targets, ports, scope=scope, connect=connect, timeout=0.1))


LAB = Scope.parse(["127.20.0.0/16", "127.30.0.0/16"])


# -- the empty scope -------------------------------------------------------------------

def test_default_scope_is_empty_and_refuses_everything():
    scope = Scope()
    assert scope.is_empty and scope == Scope.empty() == Scope.parse([])
    for ip in ("127.0.0.1", "127.20.1.10", "10.0.0.1"):
        assert not scope.contains(ip)
        with pytest.raises(ScopeError) as err:
            scope.check(ip)
        assert err.value.code == "target-out-of-scope"
        assert ip in str(err.value) and "no scan scope" in str(err.value)


def test_empty_scope_scan_sends_nothing():
    fake = RecordingConnect()
    with pytest.raises(ScopeError) as err:
        _scan(["127.0.0.1"], scope=Scope(), connect=fake)
    assert err.value.code == "target-out-of-scope"
    assert fake.calls == []


# -- out of scope ----------------------------------------------------------------------

@pytest.mark.parametrize("ip", ["10.1.2.3", "8.8.8.8", "192.168.1.1", "127.21.0.1", "0.0.0.0",
                                "255.255.255.255", "127.0.0.1"])
def test_out_of_scope_address_is_refused_and_named(ip):
    assert not LAB.contains(ip)
    with pytest.raises(ScopeError) as err:
        LAB.check(ip)
    assert err.value.code == "target-out-of-scope"
    assert ScopeError.is_input_error
    assert ip in str(err.value)
    assert "127.20.0.0/16" in str(err.value) and "127.30.0.0/16" in str(err.value)
    assert err.value.hint


@pytest.mark.parametrize("bad", ["10.1.2.3", "8.8.8.8", "192.168.1.1"])
def test_scan_with_one_bad_target_sends_nothing_at_all(bad):
    fake = RecordingConnect()
    # the in-scope target comes first: still nothing may be sent
    with pytest.raises(ScopeError) as err:
        _scan(["127.20.1.10", "127.20.10.0/24", bad], "22,3389", scope=LAB, connect=fake)
    assert bad in str(err.value)
    assert fake.calls == []


def test_network_partly_outside_scope_is_refused_naming_first_outside_address():
    fake = RecordingConnect()
    with pytest.raises(ScopeError) as err:
        _scan(["127.20.0.0/15"], scope=Scope.parse(["127.20.0.0/16"]), connect=fake)
    assert "127.21.0.0" in str(err.value)
    assert fake.calls == []
    with pytest.raises(ScopeError) as err:
        LAB.expand(["127.20.255.250-127.21.0.3"])
    assert "127.21.0.0" in str(err.value)


def test_in_scope_scan_only_touches_expanded_addresses():
    fake = RecordingConnect()
    report = _scan(["127.20.1.8/30"], "22,80", scope=LAB, connect=fake)
    assert sorted(fake.calls) == sorted((ip, p) for ip in ("127.20.1.9", "127.20.1.10")
                                        for p in (22, 80))
    assert report.hosts_up == ["127.20.1.9", "127.20.1.10"]
    assert report.open_by_host == {}


# -- parsing and expansion -------------------------------------------------------------

def test_parse_accepts_cidr_single_address_and_ranges():
    scope = Scope.parse(["127.20.0.0/16", "127.0.0.1", "127.40.0.10-127.40.0.20", "127.50.0.1-3"])
    assert scope.contains("127.20.255.254")
    assert scope.contains("127.0.0.1") and not scope.contains("127.0.0.2")
    assert scope.contains("127.40.0.10") and scope.contains("127.40.0.20")
    assert not scope.contains("127.40.0.21") and not scope.contains("127.40.0.9")
    assert scope.contains("127.50.0.3") and not scope.contains("127.50.0.4")
    assert scope.contains(ipaddress.IPv4Address("127.20.1.1"))
    assert not scope.contains("not an address")
    assert "127.20.0.0/16" in scope.describe()


def test_expand_networks_drop_network_and_broadcast_but_ranges_do_not():
    ips = [str(a) for a in LAB.expand(["127.20.1.0/29"])]
    assert ips == [f"127.20.1.{i}" for i in range(1, 7)]
    ips = [str(a) for a in LAB.expand(["127.20.1.0-127.20.1.7"])]
    assert ips == [f"127.20.1.{i}" for i in range(0, 8)]
    assert [str(a) for a in LAB.expand(["127.20.1.4/31"])] == ["127.20.1.4", "127.20.1.5"]
    assert [str(a) for a in LAB.expand(["127.20.1.4/32"])] == ["127.20.1.4"]
    assert [str(a) for a in LAB.expand("127.30.1.21")] == ["127.30.1.21"]


def test_expand_deduplicates_and_keeps_order():
    ips = [str(a) for a in LAB.expand(["127.30.1.5", "127.20.1.1-3", "127.20.1.2", "127.30.1.5"])]
    assert ips == ["127.30.1.5", "127.20.1.1", "127.20.1.2", "127.20.1.3"]


@pytest.mark.parametrize("spec, code", [
    ("his-app-01", "target-hostname"),
    ("localhost", "target-hostname"),
    ("pacs.hospital.example", "target-hostname"),
    ("::1", "target-ipv6-unsupported"),
    ("fe80::/64", "target-ipv6-unsupported"),
    ("127.20.1.300", "target-invalid"),
    ("127.20.1.10-127.20.1.2", "target-invalid"),
    ("127.20.1.1-300", "target-invalid"),
    ("127.20.1.0/33", "target-invalid"),
    ("", "target-invalid"),
    ("127.20.1.1 127.20.1.2", "target-invalid"),
])
def test_bad_targets_are_refused_with_codes(spec, code):
    fake = RecordingConnect()
    with pytest.raises(ScopeError) as err:
        _scan(["127.20.1.1", spec], scope=LAB, connect=fake)
    assert err.value.code == code
    assert fake.calls == []


def test_hostname_error_says_names_are_not_resolved():
    with pytest.raises(ScopeError) as err:
        LAB.expand(["his-db-01"])
    assert "not resolved" in str(err.value) and "his-db-01" in str(err.value)
    with pytest.raises(ScopeError) as err:
        Scope.parse(["intranet.hospital.example"])
    assert err.value.code == "scope-hostname"


def test_scope_parse_rejects_a_bare_string():
    with pytest.raises(TypeError):
        Scope.parse("127.20.0.0/16")  # type: ignore[arg-type]


# -- exclude ---------------------------------------------------------------------------

def test_exclude_removes_addresses_from_networks_and_refuses_them_by_name():
    scope = Scope.parse(["127.20.0.0/16"], exclude=["127.20.2.0/24", "127.20.1.13"])
    assert scope.contains("127.20.1.12") and not scope.contains("127.20.1.13")
    assert not scope.contains("127.20.2.1")
    assert "excluding" in scope.describe()
    ips = {str(a) for a in scope.expand(["127.20.1.0/24", "127.20.2.0/24"])}
    assert "127.20.1.13" not in ips and not any(ip.startswith("127.20.2.") for ip in ips)
    assert len(ips) == 253
    with pytest.raises(ScopeError) as err:
        scope.check("127.20.2.1")
    assert err.value.code == "target-excluded"
    fake = RecordingConnect()
    with pytest.raises(ScopeError) as err:
        _scan(["127.20.1.12", "127.20.1.13"], scope=scope, connect=fake)
    assert err.value.code == "target-excluded" and "127.20.1.13" in str(err.value)
    assert fake.calls == []


def test_excluded_addresses_are_never_probed():
    scope = Scope.parse(["127.20.1.0/24"], exclude=["127.20.1.128/25"])
    fake = RecordingConnect()
    _scan(["127.20.1.0/24"], "22", scope=scope, connect=fake)
    assert len(fake.calls) == 127
    assert all(int(ip.split(".")[-1]) < 128 for ip, _ in fake.calls)


def test_out_of_scope_wins_over_exclude():
    scope = Scope.parse(["127.20.0.0/16"], exclude=["8.8.8.8"])
    with pytest.raises(ScopeError) as err:
        scope.expand(["8.8.8.8"])
    assert err.value.code == "target-out-of-scope"


# -- the cap ---------------------------------------------------------------------------

def test_cap_on_addresses_per_scan():
    wide = Scope.parse(["127.0.0.0/8"])
    assert len(wide.expand(["127.20.0.0/16"])) == MAX_SCAN_ADDRESSES - 2
    fake = RecordingConnect()
    with pytest.raises(ScopeError) as err:
        _scan(["127.20.0.0/15"], scope=wide, connect=fake)
    assert err.value.code == "scan-too-large"
    assert str(MAX_SCAN_ADDRESSES) in str(err.value) and err.value.hint
    assert fake.calls == []
    with pytest.raises(ScopeError) as err:
        wide.expand(["127.20.1.0/24", "127.20.2.0/24"], limit=300)
    assert err.value.code == "scan-too-large"


def test_huge_target_is_refused_without_enumerating():
    # 16 M addresses: must fail fast on the cap, not walk them
    with pytest.raises(ScopeError) as err:
        Scope.parse(["127.0.0.0/8"]).expand(["127.0.0.0/8"])
    assert err.value.code == "scan-too-large"


# -- ports -----------------------------------------------------------------------------

def test_parse_ports():
    assert parse_ports("22,80,8000-8010") == (22, 80, *range(8000, 8011))
    assert parse_ports(" 443 , 22,22 ") == (22, 443)
    assert parse_ports("1-3,2") == (1, 2, 3)
    assert parse_ports("65535") == (65535,)
    assert parse_ports([3389, 22, 22]) == (22, 3389)
    assert len(parse_ports("1-65535")) == 65535


@pytest.mark.parametrize("spec", ["", " ", "0", "65536", "22,,80", "22,", "80-22", "ssh",
                                  "1-2-3", "-5", "22;80", "8080-", "1e3"])
def test_parse_ports_errors(spec):
    with pytest.raises(PortSpecError) as err:
        parse_ports(spec)
    assert err.value.code == "ports-invalid"
    assert err.value.is_input_error


@pytest.mark.parametrize("ports", [[], [0], [70000], [True], ["22"]])
def test_parse_ports_iterable_errors(ports):
    with pytest.raises(PortSpecError):
        parse_ports(ports)


def test_bad_ports_fail_before_anything_is_sent():
    fake = RecordingConnect()
    with pytest.raises(PortSpecError):
        _scan(["127.20.1.10"], "22,99999", scope=LAB, connect=fake)
    assert fake.calls == []
