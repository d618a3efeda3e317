"""Windows parsers: unknown layouts raise ParseError with a line number, never a
silently partial result; edge cases of each section."""

from __future__ import annotations

import pytest

from zicha.domain.errors import ParseError
from zicha.parsers.windows import PARSERS
from zicha.parsers.windows.firewall import parse_firewall
from zicha.parsers.windows.ipconfig import parse_adapters
from zicha.parsers.windows.lifecycle import lookup_eol, ms17_010_status, track_of
from zicha.parsers.windows.net_accounts import parse_net_accounts
from zicha.parsers.windows.netstat import parse_netstat
from zicha.parsers.windows.registry import parse_rdp, parse_reg_section
from zicha.parsers.windows.sc import parse_services, parse_smb1_client
from zicha.parsers.windows.secedit import parse_secedit
from zicha.parsers.windows.tasklist import parse_tasklist
from zicha.parsers.windows.wlan import parse_wlan, parse_wlan_hosted
from zicha.parsers.windows.wmic import (
    decode_product_state,
    parse_local_admins,
    parse_os,
    parse_srv_sys,
    parse_wmic_value,
)


def _line(exc: pytest.ExceptionInfo[ParseError]) -> int | None:
    return exc.value.line


# -- netstat: the jc bug ------------------------------------------------------------
def test_netstat_header_only_is_an_error_not_an_empty_list() -> None:
    text = "\n活动连接\n\n  协议  本地地址          外部地址        状态           PID\n"
    with pytest.raises(ParseError):
        parse_netstat(text)


def test_netstat_unknown_language_header_is_an_error() -> None:
    text = "\nAktive Verbindungen\n\n  Proto  Lokale Adresse  Remoteadresse  Status  PID\n" \
           "  TCP    0.0.0.0:445    0.0.0.0:0      ABHÖREN  4\n"
    with pytest.raises(ParseError) as exc:
        parse_netstat(text)
    assert _line(exc) == 2


def test_netstat_localized_state_is_an_error() -> None:
    text = "  TCP    0.0.0.0:445            0.0.0.0:0              侦听       4\n"
    with pytest.raises(ParseError) as exc:
        parse_netstat(text)
    assert _line(exc) == 1


def test_netstat_row_cut_in_the_middle_is_an_error() -> None:
    text = ("  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       712\n"
            "  TCP    0.0.0.0:44")
    with pytest.raises(ParseError) as exc:
        parse_netstat(text)
    assert _line(exc) == 2


def test_netstat_ipv6_scoped_and_udp() -> None:
    parsed = parse_netstat("  UDP    [fe80::1%11]:546       *:*                                    820\n"
                           "  TCP    [::]:445               [::]:0                 LISTENING       4\n")
    assert [(s.proto, s.local_address, s.local_port, s.state) for s in parsed.sockets] == [
        ("udp", "fe80::1%11", 546, None), ("tcp", "::", 445, "LISTENING")]


@pytest.mark.parametrize("section", sorted(PARSERS))
def test_garbage_is_a_parse_error(section: str) -> None:
    with pytest.raises(ParseError) as exc:
        PARSERS[section]("这不是命令输出\nrandom words here\n")
    assert exc.value.line is not None


@pytest.mark.parametrize("section", ["netstat", "tasklist", "services", "secedit", "whoami",
                                     "firewall", "net_accounts", "os"])
def test_empty_output_is_an_error_where_output_is_always_expected(section: str) -> None:
    with pytest.raises(ParseError):
        PARSERS[section]("")


# -- wmic ------------------------------------------------------------------------------
def test_wmic_records_split_on_repeated_property_despite_crcrlf_blank_lines() -> None:
    text = "\n\nA=1\n\nB={\"x\",\"y\"}\n\n\n\nA=2\n\nB=\n\n"
    parsed = parse_wmic_value(text)
    assert parsed.records == ({"A": "1", "B": ("x", "y")}, {"A": "2", "B": ""})


def test_wmic_error_text_is_not_silently_skipped() -> None:
    with pytest.raises(ParseError) as exc:
        parse_wmic_value("Node - PC-NK-001\nERROR:\nDescription = Invalid namespace\n")
    assert _line(exc) == 1


def test_os_needs_exactly_one_instance_and_a_version() -> None:
    with pytest.raises(ParseError):
        parse_os("Caption=Windows\nBuildNumber=7601\n")
    with pytest.raises(ParseError):
        parse_os("Version=6.1.7601\nBuildNumber=7601\nVersion=6.1.7601\nBuildNumber=7601\n")


def test_srv_sys_bad_version_is_an_error() -> None:
    with pytest.raises(ParseError):
        parse_srv_sys("Version=6.1.7601\n")
    assert parse_srv_sys("\n\n").present is False


def test_local_admins_rejects_unknown_paths() -> None:
    with pytest.raises(ParseError):
        parse_local_admins("PartComponent=something else\n")


@pytest.mark.parametrize("state,expected", [
    (266240, (True, True, False)),    # 0x041000 third-party AV on, up to date
    (266256, (True, False, False)),   # 0x041010 on, out of date
    (397568, (True, True, True)),     # 0x061100 Defender on, up to date
    (393472, (False, True, True)),    # 0x060100 Defender off
    (262144, (False, True, False)),   # 0x040000 off
])
def test_product_state_bits(state: int, expected: tuple[bool, bool, bool]) -> None:
    assert decode_product_state(state) == expected


# -- registry ----------------------------------------------------------------------
def test_reg_block_labels_are_checked() -> None:
    with pytest.raises(ParseError) as exc:
        parse_rdp(">>> deny_local exit=0\n>>> bogus exit=0\n")
    assert _line(exc) == 2


def test_reg_text_before_first_block_is_an_error() -> None:
    with pytest.raises(ParseError):
        parse_reg_section("HKEY_LOCAL_MACHINE\\X\n>>> a exit=0\n")


def test_reg_failed_block_body_is_ignored_and_values_are_typed() -> None:
    text = (">>> a exit=1\n错误: 系统找不到指定的注册表项或值。\n>>> b exit=0\n\n"
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\K\n    N    REG_DWORD    0x258\n"
            "    M    REG_MULTI_SZ    a\\0b\n    (默认)    REG_SZ    x\n\n")
    reg = parse_reg_section(text)
    assert reg.find("HKLM\\SOFTWARE\\K", "N").data == 600
    assert reg.find("SOFTWARE\\K", "m").data == ("a", "b")
    assert reg.find("SOFTWARE\\K", "").data == "x"
    assert reg.entries[0].found is False


def test_reg_value_before_key_is_an_error() -> None:
    with pytest.raises(ParseError) as exc:
        parse_reg_section(">>> a exit=0\n    N    REG_SZ    x\n")
    assert _line(exc) == 2


# -- localized sections ------------------------------------------------------------
def test_net_accounts_full_width_punctuation_and_unknown_label() -> None:
    parsed = parse_net_accounts("密码最长使用期限（天）：  90\n密码长度最小值：  8\n锁定阈值：  5\n")
    assert (parsed.max_age_days, parsed.min_length, parsed.lockout_threshold) == (90, 8, 5)
    with pytest.raises(ParseError) as exc:
        parse_net_accounts("密码最长使用期限(天): 90\n密码必须符合复杂性要求: 已启用\n")
    assert _line(exc) == 2


def test_net_accounts_missing_lines_are_an_error() -> None:
    with pytest.raises(ParseError):
        parse_net_accounts("Minimum password length:   8\n")


def test_firewall_unknown_state_word_is_an_error() -> None:
    text = "域配置文件 设置:\n------------------------------\n状态        半开\n"
    with pytest.raises(ParseError) as exc:
        parse_firewall(text)
    assert _line(exc) == 3


def test_ipconfig_unknown_heading_is_an_error() -> None:
    with pytest.raises(ParseError):
        parse_adapters("\nWindows IP 配置\n\nFremdadapter X:\n\n   Beschreibung . . : y\n")


def test_wlan_unknown_state_is_an_error_not_disconnected() -> None:
    text = "\n系统上有 1 个接口:\n\n    名称   : WLAN\n    状态   : 神秘状态\n"
    with pytest.raises(ParseError):
        parse_wlan(text)


def test_wlan_hosted_unknown_status_is_an_error() -> None:
    with pytest.raises(ParseError):
        parse_wlan_hosted("承载网络状态\n-----\n    状态   : 奇怪\n")


def test_sc_requires_service_name_first_and_qc_needs_start_type() -> None:
    with pytest.raises(ParseError):
        parse_services("        STATE              : 4  RUNNING\n")
    with pytest.raises(ParseError):
        parse_smb1_client("SERVICE_NAME: mrxsmb10\n        TYPE : 2  FILE_SYSTEM_DRIVER\n")


def test_secedit_without_system_access_is_an_error() -> None:
    with pytest.raises(ParseError):
        parse_secedit("[Unicode]\nUnicode=yes\n")
    with pytest.raises(ParseError) as exc:
        parse_secedit("[System Access]\nMaximumPasswordAge = forty\n")
    assert _line(exc) == 2


def test_tasklist_bad_row_is_an_error() -> None:
    with pytest.raises(ParseError) as exc:
        parse_tasklist('"a.exe","1","Console","1","1 K"\n"b.exe","x","Console","1","1 K"\n')
    assert _line(exc) == 2


# -- lifecycle tables --------------------------------------------------------------
@pytest.mark.parametrize("version,build,server,edition,caption,product", [
    ("6.1.7601", 7601, False, "Professional", "", "Windows 7 SP1"),
    ("10.0.19044", 19044, False, "EnterpriseS", "", "Windows 10 Enterprise LTSC 2021"),
    ("10.0.19044", 19044, False, "IoTEnterpriseS", "", "Windows 10 IoT Enterprise LTSC 2021"),
    ("10.0.19045", 19045, False, "Professional", "", "Windows 10 22H2"),
    ("10.0.22631", 22631, False, "Enterprise", "", "Windows 11 23H2 (Enterprise/Education)"),
    ("10.0.17763", 17763, True, "ServerStandard", "", "Windows Server 2019"),
    ("10.0.17763", 17763, True, "ServerDatacenterACor", "", "Windows Server 1809 (SAC)"),
    ("10.0.14393", 14393, True, None, "Microsoft Windows Server 2016 Standard", "Windows Server 2016"),
    ("10.0.19044", 19044, False, None, "Microsoft Windows 10 企业版 LTSC", "Windows 10 Enterprise LTSC 2021"),
    ("6.3.9600", 9600, True, "ServerStandard", "", "Windows Server 2012 R2"),
])
def test_eol_lookup(version: str, build: int, server: bool, edition: str | None, caption: str,
                    product: str) -> None:
    entry = lookup_eol(version=version, build=build, server=server,
                       track=track_of(edition, caption))
    assert entry is not None and entry.product == product


def test_eol_unknown_build_is_none() -> None:
    assert lookup_eol(version="10.0.99999", build=99999, server=False, track="general") is None


@pytest.mark.parametrize("version,build,present,expected", [
    ("6.1.7601.17514", 7601, True, (False, "srv-sys-version")),
    ("6.1.7601.23689", 7601, True, (True, "srv-sys-version")),
    ("6.1.7601.24548", 7601, True, (True, "srv-sys-version")),
    ("6.1.7600.16385", 7600, True, (False, "no-fix-for-rtm")),
    ("6.0.6002.19743", 6002, True, (True, "srv-sys-version")),
    ("6.0.6002.24066", 6002, True, (False, "srv-sys-version")),
    ("10.0.14393.953", 14393, True, (True, "srv-sys-version")),
    ("10.0.14393.952", 14393, True, (False, "srv-sys-version")),
    (None, 19044, False, (True, "build-not-affected")),
    (None, 7601, False, (True, "smb1-server-absent")),
    ("9.9.9999.1", 7601, True, (None, "srv-sys-version-unknown")),
])
def test_ms17_010(version: str | None, build: int, present: bool,
                  expected: tuple[bool | None, str]) -> None:
    assert ms17_010_status(version, os_build=build, srv_present=present) == expected


def test_full_width_colons_in_netsh_wlan_and_ipconfig() -> None:
    wlan = parse_wlan("\n系统上有 1 个接口：\n\n    名称                   ： WLAN\n"
                      "    状态                   ： 已连接\n")
    assert wlan.interfaces[0].connected is True
    ipc = parse_adapters("\nWindows IP 配置\n\n以太网适配器 本地连接：\n\n"
                         "   IPv4 地址 . . . . . . . . . . . . ： 192.0.2.31(首选)\n")
    assert ipc.adapters[0].ipv4 == ("192.0.2.31",)
