"""The Windows facts builder's contract: absent → unset; failed / truncated → error;
ParseError → error naming the bundle line; one section never sinks another."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from zicha.domain.facts import LookupState
from zicha.domain.results import CheckStatus
from zicha.parsers.bundle import read_bundle
from zicha.parsers.windows.derive import filetime_date
from zicha.parsers.windows.facts import SectionReader, build_windows_facts
from zicha.rules.evaluator import AssetContext, evaluate
from zicha.rules.loader import load_catalogue

FIX = Path(__file__).resolve().parents[2] / "fixtures" / "parsers" / "windows"
TODAY = dt.date(2026, 11, 26)
B = "Zb0123456789"


def fx(section: str, case: str) -> bytes:
    path = FIX / section / f"{case}.bin"
    if path.exists():
        return path.read_bytes()
    return (FIX / section / f"{case}.txt").read_bytes().replace(b"\n", b"\r\n")


def make(*sections: tuple[str, bytes, int], codepage: str = "936", attrs: str = "",
         cut: bool = False) -> bytes:
    out = (f"ZICHA-BUNDLE 1\r\nboundary: {B}\r\nplatform: windows\r\nhostname: PC-T-001\r\n"
           f"collected_at: 2026-11-26T01:30:00Z\r\ncodepage: {codepage}\r\n\r\n").encode()
    for i, (name, body, code) in enumerate(sections):
        out += f"--{B} BEGIN {name}{attrs}\r\n".encode() + body
        if cut and i == len(sections) - 1:
            break
        out += f"\r\n--{B} END {name} exit={code}\r\n".encode()
    return out


def facts_of(data: bytes):
    return build_windows_facts(read_bundle(data), today=TODAY)


def test_absent_sections_leave_namespaces_unset() -> None:
    facts = facts_of(make(("netstat", fx("netstat", "zh-CN_win7"), 0)))
    assert facts.has("windows.listening")
    for ns in ("os", "windows.password_policy", "windows.rdp", "windows.antivirus",
               "windows.usb_storage", "net.interfaces", "windows.wifi"):
        assert facts.lookup(ns + ".x").state is LookupState.MISSING, ns
    assert facts.errors == {}


def test_failed_command_is_an_error_and_does_not_sink_the_others() -> None:
    facts = facts_of(make(("usbstor", b"", 5), ("netstat", fx("netstat", "zh-CN_win7"), 0),
                          ("rdp", fx("rdp", "zh-CN_win7_open"), 0)))
    assert "exited with status 5" in facts.errors["windows.usb_storage"]
    assert facts.get("windows.rdp")["enabled"] is True
    assert facts.get("windows.rdp")["listening"] is True


def test_parse_error_names_the_bundle_line() -> None:
    bad = b"  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       712\r\n" \
          b"  TCP    garbage\r\n"
    data = make(("rdp", fx("rdp", "zh-CN_win7_open"), 0), ("netstat", bad, 0))
    begin = data.split(b"\n").index(f"--{B} BEGIN netstat\r".encode()) + 1
    facts = facts_of(data)
    assert f"bundle line {begin + 2}" in facts.errors["windows.listening"]


def test_truncated_section_is_an_error() -> None:
    facts = facts_of(make(("netstat", fx("netstat", "zh-CN_win7")[:300], 0), cut=True))
    assert "truncated" in facts.errors["windows.listening"]


def test_secedit_failure_falls_back_to_net_accounts_without_complexity() -> None:
    facts = facts_of(make(("secedit", "拒绝访问。\r\n".encode("gbk"), 1),
                          ("net_accounts", fx("net_accounts", "zh-CN_hardened"), 0)))
    policy = facts.get("windows.password_policy")
    assert policy["source"] == "net_accounts" and policy["max_age_days"] == 90
    assert facts.lookup("windows.password_policy.complexity").state is LookupState.ERROR
    assert facts.get("windows.lockout")["threshold"] == 5


def test_missing_local_users_makes_the_list_undecidable_not_empty() -> None:
    catalogue = load_catalogue()
    facts = facts_of(make(("secedit", fx("secedit", "zh-CN_win10_hardened"), 0)))
    assert facts.get("windows.accounts")["guest_enabled"] is False
    result = evaluate(catalogue.checks["WIN-ACCT-0002"], facts,
                      asset=AssetContext("t", "windows", "intranet", "workstation"))
    assert result.status is CheckStatus.ERROR


def test_security_center_failure_on_a_workstation_is_an_error() -> None:
    facts = facts_of(make(("os", fx("os", "zh-CN_win7_sp1"), 0),
                          ("antivirus", b"", -2147217394)))
    assert "windows.antivirus" in facts.errors


def test_service_only_antivirus_has_undecidable_signatures() -> None:
    facts = facts_of(make(("os", fx("os", "en-US_server2016"), 0),
                          ("antivirus", b"", -2147217394),
                          ("av_services", fx("av_services", "zh-CN_360"), 0)))
    assert facts.get("windows.antivirus")["any_enabled"] is True
    assert facts.lookup("windows.antivirus.newest_signature_days").state is LookupState.ERROR


def test_wlan_without_service_is_an_answer_despite_exit_1() -> None:
    facts = facts_of(make(("wlan", fx("wlan", "zh-CN_no_service"), 1),
                          ("wlan_hosted", fx("wlan_hosted", "zh-CN_no_service"), 1),
                          ("tasklist", fx("tasklist", "zh-CN_win7"), 0),
                          ("adapters_wmic", fx("adapters_wmic", "zh-CN_win7"), 0)))
    wifi = facts.get("windows.wifi")
    assert wifi["hosted_network_active"] is False and wifi["wifi_adapters_up"] == []


def test_dual_homed_pc_with_hotspot_fails_s1_and_s16() -> None:
    catalogue = load_catalogue()
    facts = facts_of(make(
        ("adapters_wmic", fx("adapters_wmic", "zh-CN_wifi_hotspot"), 0),
        ("adapters", fx("adapters", "zh-CN_wifi_extranet"), 0),
        ("wlan", fx("wlan", "zh-CN_connected"), 0),
        ("wlan_hosted", fx("wlan_hosted", "zh-CN_started"), 0),
        ("tasklist", fx("tasklist", "zh-CN_portable_wifi"), 0)))
    wifi = facts.get("windows.wifi")
    assert wifi["hosted_network_active"] is True
    assert wifi["portable_wifi_processes"] == ["360ap.exe"]
    assert wifi["wifi_adapters_up"] == ["WLAN"]
    assert wifi["hotspot_adapters_up"] == ["Microsoft Wi-Fi Direct Virtual Adapter #2"]
    assert facts.get("net.interfaces")["ipv4"] == ["192.0.2.45", "192.168.137.1", "198.51.100.77"]
    ctx = AssetContext("t", "windows", "intranet", "workstation")
    params = {"intranet_cidrs": ["192.0.2.0/24"], "extranet_cidrs": ["198.51.100.0/24"]}
    net = evaluate(catalogue.checks["WIN-NET-0001"], facts, asset=ctx, params=params)
    assert net.status is CheckStatus.FAILED
    assert evaluate(catalogue.checks["WIN-WIFI-0001"], facts, asset=ctx).status \
        is CheckStatus.FAILED


def test_console_code_page_from_the_header() -> None:
    """Non-UTF-8 console bytes are decoded with the code page the header names."""
    body = "Minimum password length:   8\r\nMaximum password age (days):   90\r\n" \
           "Lockout threshold:   5\r\nComputer role:   WORKSTATION \u00e4\r\n".encode("cp437")
    bundle = read_bundle(make(("net_accounts", body, 0), codepage="437"))
    assert SectionReader(bundle).text(bundle.sections["net_accounts"]).endswith("WORKSTATION \u00e4\n")
    facts = build_windows_facts(bundle, today=TODAY)
    assert facts.get("windows.password_policy")["min_length"] == 8
    gbk = read_bundle(make(("net_accounts", fx("net_accounts", "zh-CN_defaults"), 0)))
    assert "命令成功完成" in SectionReader(gbk).text(gbk.sections["net_accounts"])


def test_screensaver_policy_overrides_the_user_setting() -> None:
    facts = facts_of(make(("screensaver", fx("screensaver", "zh-CN_win10_policy"), 0)))
    user = facts.get("windows.screensaver")["users"][0]
    assert (user["active"], user["secure"], user["timeout_s"]) == (True, True, 600)
    assert facts.get("windows.screensaver")["machine_inactivity_timeout_s"] == 600


def test_filetime() -> None:
    assert filetime_date("0080E1B0A7A3DB01") is not None
    assert filetime_date("00F8EF666794D101") == dt.date(2016, 4, 12)
    assert filetime_date("xyz") is None
