"""Whole Windows bundles → facts → every WIN-* check (tests/fixtures/bundles/windows).

Rebuild the fixtures with tests/fixtures/bundles/windows/build_bundles.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from zicha.domain.facts import FactSet
from zicha.domain.results import CheckStatus
from zicha.parsers.bundle import read_bundle
from zicha.parsers.windows.facts import build_windows_facts, bundle_identity
from zicha.rules.evaluator import AssetContext, evaluate
from zicha.rules.loader import Catalogue, load_catalogue

BUNDLES = Path(__file__).resolve().parents[2] / "fixtures" / "bundles" / "windows"
TODAY = dt.date(2026, 11, 26)

#: zh-CN Windows 7 SP1 ward PC: RDP and 445 open, USB open, Guest on, unpatched srv.sys,
#: Security Essentials with 30-day-old signatures, default password policy, autologon
WIN7_FAILED = {
    "WIN-RDP-0001",    # 3389 listening, fDenyTSConnections 0
    "WIN-PORT-0001",   # 135/139/445 listening, firewall off
    "WIN-USB-0001",    # USBSTOR Start 3
    "WIN-ACCT-0001",   # Guest enabled
    "WIN-ACCT-0002",   # Guest and the shared ward account need no password
    "WIN-ACCT-0003",   # autologon with DefaultPassword
    "WIN-PATCH-0001",  # srv.sys 6.1.7601.17514 < 23689
    "WIN-AV-0002",     # signatures 30 days old
    "WIN-OS-0001",     # Windows 7 SP1, end of support 2020-01-14
    "WIN-SMB-0001",    # SMB1 value absent (= on), mrxsmb10 auto
    "WIN-FW-0001",     # all profiles off
    "WIN-AUTH-0002",   # complexity off
    "WIN-AUTH-0003",   # minimum length 0
    "WIN-AUTH-0004",   # no lockout
    "WIN-LOCK-0001",   # no screen saver, not password protected, 900 s
}
WIN7_PASSED = {
    "WIN-AUTH-0001",   # 42 days (Windows default) is within 90
    "WIN-AV-0001",     # Security Essentials is running
    "WIN-WIFI-0001", "WIN-NET-0001",
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _facts(name: str) -> FactSet:
    bundle = read_bundle((BUNDLES / name).read_bytes(), source=name)
    return build_windows_facts(bundle, today=TODAY)


def _results(catalogue: Catalogue, name: str, role: str = "workstation",
             zone: str = "intranet") -> dict[str, CheckStatus]:
    facts = _facts(name)
    ctx = AssetContext(name, platform="windows", zone=zone, role=role)
    return {cid: evaluate(check, facts, asset=ctx).status
            for cid, check in catalogue.checks.items() if cid.startswith("WIN-")}


def _with(results: dict[str, CheckStatus], status: CheckStatus) -> set[str]:
    return {cid for cid, st in results.items() if st is status}


def test_there_are_windows_checks(catalogue: Catalogue) -> None:
    assert len([c for c in catalogue.checks if c.startswith("WIN-")]) >= 18


def test_win7_fails_exactly_the_expected_checks(catalogue: Catalogue) -> None:
    results = _results(catalogue, "zh-CN_win7_noncompliant.zbundle")
    assert _with(results, CheckStatus.FAILED) == WIN7_FAILED
    assert _with(results, CheckStatus.PASSED) == WIN7_PASSED
    assert _with(results, CheckStatus.NOT_APPLICABLE) == {"WIN-RDP-0002"}
    assert not _with(results, CheckStatus.ERROR)


def test_win7_facts_read_through_gbk_and_utf16() -> None:
    facts = _facts("zh-CN_win7_noncompliant.zbundle")
    assert facts.errors == {}
    assert facts.get("os")["caption"] == "Microsoft Windows 7 专业版"
    assert facts.get("windows.accounts")["no_password_required"] == ["Guest", "护士站"]
    assert facts.get("windows.autologon")["default_user_name"] == "护士站"
    assert facts.get("windows.listening")["tcp_ports"] == [135, 139, 445, 3389, 49152]
    assert facts.get("windows.antivirus")["newest_signature_days"] == 30
    assert facts.get("windows.ms17_010")["srv_sys_version"] == "6.1.7601.17514"
    assert facts.get("os.lifecycle")["product"] == "Windows 7 SP1"
    assert facts.get("net.interfaces")["interfaces"][0]["name"] == "本地连接"


def test_compliant_ltsc_bundle_passes(catalogue: Catalogue) -> None:
    """Windows 10 Enterprise LTSC 2021 (support until 2027-01-12): Windows 10 22H2 ended
    2025-10-14 and Windows 11 23H2 Enterprise 2026-11-10, so neither can be compliant."""
    results = _results(catalogue, "zh-CN_win10_ltsc2021_compliant.zbundle")
    assert _with(results, CheckStatus.NOT_APPLICABLE) == {"WIN-RDP-0002"}
    assert _with(results, CheckStatus.PASSED) == set(results) - {"WIN-RDP-0002"}
    facts = _facts("zh-CN_win10_ltsc2021_compliant.zbundle")
    assert facts.get("os.lifecycle")["days_left"] == 47


def test_server_2016_bundle(catalogue: Catalogue) -> None:
    results = _results(catalogue, "en-US_server2016.zbundle", role="server")
    assert _with(results, CheckStatus.FAILED) == {"WIN-RDP-0002", "WIN-USB-0001"}
    # collected as SYSTEM with nobody logged on: the screen lock cannot be judged
    assert _with(results, CheckStatus.ERROR) == {"WIN-LOCK-0001"}
    assert _with(results, CheckStatus.NOT_APPLICABLE) == {"WIN-RDP-0001", "WIN-PORT-0001"}
    facts = _facts("en-US_server2016.zbundle")
    av = facts.get("windows.antivirus")   # no SecurityCenter2 on servers: Defender directly
    assert av["any_enabled"] and av["newest_signature_days"] == 2


def test_truncated_bundle_never_passes_port_checks(catalogue: Catalogue) -> None:
    results = _results(catalogue, "zh-CN_win7_truncated_netstat.zbundle")
    assert results["WIN-PORT-0001"] is CheckStatus.ERROR
    assert results["WIN-RDP-0001"] in (CheckStatus.ERROR, CheckStatus.FAILED)
    facts = _facts("zh-CN_win7_truncated_netstat.zbundle")
    assert "truncated" in facts.errors["windows.listening"]
    # sections before the cut still count; the ones after it were never collected
    assert results["WIN-ACCT-0001"] is CheckStatus.FAILED
    for cid in ("WIN-NET-0001", "WIN-WIFI-0001"):
        assert results[cid] is CheckStatus.ERROR
    assert not {cid for cid, st in results.items() if st is CheckStatus.PASSED} - WIN7_PASSED


def test_bundle_identity() -> None:
    bundle = read_bundle((BUNDLES / "zh-CN_win7_noncompliant.zbundle").read_bytes())
    assert bundle_identity(bundle) == {"hostname": "PC-NK-001", "ipv4": ["192.0.2.31"],
                                       "macs": ["00:0c:29:00:00:31"]}


def test_extranet_zone_skips_intranet_only_checks(catalogue: Catalogue) -> None:
    results = _results(catalogue, "zh-CN_win7_noncompliant.zbundle", zone="extranet")
    for cid in ("WIN-RDP-0001", "WIN-WIFI-0001", "WIN-NET-0001"):
        assert results[cid] is CheckStatus.NOT_APPLICABLE
