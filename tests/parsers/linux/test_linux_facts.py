"""build_linux_facts over the sample bundles and hand-made variants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from zicha.domain.facts import FactSet, LookupState
from zicha.parsers.bundle import Bundle, read_bundle
from zicha.parsers.linux.facts import build_linux_facts, bundle_identity
from zicha.parsers.linux.lifecycle import EolEntry, find_eol, load_eol_table

BUNDLES = Path(__file__).resolve().parents[2] / "fixtures" / "bundles" / "linux"
CENTOS = BUNDLES / "centos7-his-db-noncompliant.zb"
DEBIAN = BUNDLES / "debian12-emr-app-compliant.zb"
TODAY = dt.date(2026, 11, 26)
B = "Zbfeedfacecafe0001"


def load(path: Path) -> Bundle:
    return read_bundle(path.read_bytes(), source=path.name)


def rebuild(base: Path, *, euid: str = "0",
            changes: dict[str, tuple[str, int] | None] | None = None,
            truncate: str | None = None) -> Bundle:
    """The sample bundle with sections replaced ((body, exit)), removed (None), or cut
    off in the middle (``truncate``: that section is moved last and its END dropped)."""
    src = load(base)
    changes = changes or {}
    sections = {n: (s.body.decode(), s.exit_code) for n, s in src.sections.items()}
    for name, value in changes.items():
        if value is None:
            sections.pop(name, None)
        else:
            sections[name] = value
    order = [n for n in sections if n != truncate] + ([truncate] if truncate else [])
    out = f"ZICHA-BUNDLE 1\nboundary: {B}\nplatform: linux\nhostname: {src.hostname}\neuid: {euid}\n\n"
    for name in order:
        body, code = sections[name]
        out += f"--{B} BEGIN {name}\n{body}"
        if name != truncate:
            out += f"\n--{B} END {name} exit={code}\n"
    return read_bundle(out.encode(), source="variant.zb")


def facts_of(bundle: Bundle) -> FactSet:
    return build_linux_facts(bundle, today=TODAY)


@pytest.fixture(scope="module")
def centos() -> FactSet:
    return facts_of(load(CENTOS))


@pytest.fixture(scope="module")
def debian() -> FactSet:
    return facts_of(load(DEBIAN))


NAMESPACES = ["os", "os.lifecycle", "linux.login_defs", "linux.pwquality", "linux.pam",
              "linux.sshd", "linux.usb_storage", "linux.firewall", "linux.listening",
              "linux.time_sync", "linux.accounts", "linux.shadow", "linux.logging",
              "linux.services", "net.interfaces"]


@pytest.mark.parametrize("path", [CENTOS, DEBIAN], ids=["centos7", "debian12"])
def test_sample_bundles_produce_every_namespace_without_errors(path: Path) -> None:
    facts = facts_of(load(path))
    assert facts.errors == {}
    assert list(facts.namespaces()) == sorted(NAMESPACES)


KEYS: dict[str, set[str]] = {
    "os": {"family", "id", "version_id", "name", "pretty_name", "kernel", "arch", "hostname"},
    "os.lifecycle": {"product", "eol_date", "days_left", "uncertain"},
    "linux.login_defs": {"pass_max_days", "pass_min_days", "pass_min_len", "pass_warn_age",
                         "encrypt_method", "umask"},
    "linux.pwquality": {"minlen", "minclass", "dcredit", "ucredit", "lcredit", "ocredit",
                        "retry", "enforce_for_root", "pam_enabled", "complexity_classes",
                        "effective_minlen"},
    "linux.pam": {"faillock_deny", "faillock_unlock_time", "tally2_deny", "lockout_enabled"},
    "linux.sshd": {"installed", "source", "permit_root_login", "password_authentication",
                   "permit_empty_passwords", "max_auth_tries", "client_alive_interval",
                   "client_alive_count_max", "ports"},
    "linux.usb_storage": {"module_loaded", "blacklisted", "install_disabled", "disabled"},
    "linux.firewall": {"active", "firewalld", "ufw", "nftables_rules", "iptables_rules",
                       "input_policy"},
    "linux.listening": {"sockets", "tcp_ports", "udp_ports", "all_tcp_ports"},
    "linux.time_sync": {"synchronized", "ntp_enabled", "service"},
    "linux.accounts": {"accounts", "uid0", "empty_password"},
    "linux.shadow": {"empty_password", "stale_password"},
    "linux.logging": {"remote_targets", "rsyslog"},
    "linux.services": {"running"},
    "net.interfaces": {"interfaces", "ipv4", "macs"},
}


@pytest.mark.parametrize("namespace", sorted(KEYS))
def test_the_key_contract(namespace: str, centos: FactSet, debian: FactSet) -> None:
    for facts in (centos, debian):
        assert set(facts.get(namespace)) == KEYS[namespace]


def test_centos7_his_db_is_non_compliant(centos: FactSet) -> None:
    get = centos.get
    assert get("os")["id"] == "centos" and get("os")["hostname"] == "his-db-01"
    assert get("os.lifecycle") == {"product": "CentOS Linux 7", "eol_date": "2024-06-30",
                                   "days_left": -879, "uncertain": False}
    assert get("linux.login_defs")["pass_max_days"] == 99999
    assert get("linux.login_defs")["pass_min_len"] == 5
    pwq = get("linux.pwquality")
    assert pwq["pam_enabled"] and pwq["effective_minlen"] == 6 and pwq["complexity_classes"] == 0
    assert get("linux.pam")["lockout_enabled"] is False
    sshd = get("linux.sshd")
    assert sshd["source"] == "sshd -T"
    assert (sshd["permit_root_login"], sshd["password_authentication"]) == ("yes", "yes")
    assert sshd["client_alive_interval"] == 0 and sshd["ports"] == [22]
    assert get("linux.usb_storage") == {"module_loaded": True, "blacklisted": False,
                                        "install_disabled": False, "disabled": False}
    fw = get("linux.firewall")
    assert fw["active"] is False and fw["input_policy"] == "ACCEPT"
    ports = get("linux.listening")
    assert ports["tcp_ports"] == [22, 23, 111, 445, 1521, 3306]
    assert 25 not in ports["tcp_ports"] and 25 in ports["all_tcp_ports"]
    assert get("linux.time_sync") == {"synchronized": False, "ntp_enabled": False,
                                      "service": None}
    assert get("linux.accounts")["uid0"] == ["root", "admin2"]
    assert get("linux.shadow") == {"empty_password": ["test"], "stale_password": ["oracle"]}
    assert get("linux.logging") == {"remote_targets": [], "rsyslog": True}
    assert "xinetd.service" in get("linux.services")["running"]
    nets = get("net.interfaces")
    assert nets["ipv4"] == ["10.0.0.21", "10.0.1.21", "192.168.122.1"]


def test_debian12_emr_app_is_compliant(debian: FactSet) -> None:
    get = debian.get
    assert get("os.lifecycle")["days_left"] > 365
    assert get("linux.login_defs")["pass_max_days"] == 90
    assert get("linux.login_defs")["umask"] == "027"
    pwq = get("linux.pwquality")
    assert pwq["minlen"] == 12 and pwq["effective_minlen"] == 12   # conf.d overrides
    assert pwq["complexity_classes"] == 3 and pwq["enforce_for_root"]
    assert get("linux.pam") == {"faillock_deny": 5, "faillock_unlock_time": 900,
                                "tally2_deny": None, "lockout_enabled": True}
    sshd = get("linux.sshd")
    assert sshd["permit_root_login"] == "no" and sshd["max_auth_tries"] == 4
    assert get("linux.usb_storage")["disabled"] is True
    assert get("linux.firewall") == {"active": True, "firewalld": False, "ufw": False,
                                     "nftables_rules": 9, "iptables_rules": 0,
                                     "input_policy": "DROP"}
    assert get("linux.listening")["tcp_ports"] == [22, 443]
    assert get("linux.time_sync") == {"synchronized": True, "ntp_enabled": True,
                                      "service": "chronyd"}
    assert get("linux.shadow") == {"empty_password": [], "stale_password": []}
    assert get("linux.logging")["remote_targets"] == ["10.0.0.5:514/tcp"]
    assert get("net.interfaces")["macs"] == ["52:54:00:0a:00:20"]


# -- failures stay local and say why ------------------------------------------------------------
def test_absent_section_leaves_the_namespace_missing() -> None:
    facts = facts_of(rebuild(DEBIAN, changes={"login_defs": None}))
    assert facts.lookup("linux.login_defs.pass_max_days").state is LookupState.MISSING
    assert facts.has("linux.pam")


def test_non_root_collection() -> None:
    facts = facts_of(rebuild(CENTOS, euid="1000", changes={
        "shadow_summary": ("", 2),
        "sshd_effective": ("", 1),
        "firewall": (">>> systemctl exit=0\nfirewalld inactive\nufw unknown\n"
                     "nftables unknown\niptables inactive\n>>> firewall-cmd exit=252\n"
                     "not running\n>>> ufw exit=127\n>>> nft exit=127\n>>> iptables exit=4\n",
                     0),
    }))
    errors = facts.errors
    assert errors["linux.shadow"].startswith("shadow_summary: exit 2 (file not readable)")
    assert "run collect.sh as root" in errors["linux.shadow"]
    assert "iptables exit 4" in errors["linux.firewall"]
    # accounts are still known, only the password state is not
    accounts = facts.get("linux.accounts")
    assert accounts["uid0"] == ["root", "admin2"]
    assert {a["password"] for a in accounts["accounts"]} == {None}
    assert accounts["empty_password"] == []
    # sshd falls back to the config file, with OpenSSH defaults for what it leaves unset
    sshd = facts.get("linux.sshd")
    assert sshd["source"] == "sshd_config"
    assert sshd["permit_root_login"] == "yes" and sshd["max_auth_tries"] == 6
    assert sshd["permit_empty_passwords"] == "no" and sshd["ports"] == [22]
    assert facts.has("linux.login_defs") and facts.has("os.lifecycle")


def test_parse_error_names_the_bundle_line() -> None:
    bad_passwd = "root:x:0:0:root:/root:/bin/bash\nbroken line\n"
    bundle = rebuild(DEBIAN, changes={"passwd": (bad_passwd, 0)})
    facts = facts_of(bundle)
    begin = bundle.sections["passwd"].line
    assert facts.errors["linux.accounts"] == (
        f"section passwd line {begin + 2}: expected 7 ':'-separated fields, got 1")
    assert facts.errors["linux.shadow"] == facts.errors["linux.accounts"]
    # the reported line really is the broken one
    raw = bundle_bytes(bundle)
    assert raw.splitlines()[begin + 2 - 1] == b"broken line"
    assert facts.has("linux.sshd")


def bundle_bytes(bundle: Bundle) -> bytes:
    out = f"ZICHA-BUNDLE 1\nboundary: {B}\nplatform: linux\nhostname: {bundle.hostname}\n" \
          f"euid: {bundle.header.get('euid')}\n\n"
    for name, sec in bundle.sections.items():
        out += f"--{B} BEGIN {name}\n{sec.body.decode()}\n--{B} END {name} exit={sec.exit_code}\n"
    return out.encode()


def test_truncated_section_is_an_error() -> None:
    facts = facts_of(rebuild(DEBIAN, truncate="services_running"))
    assert "truncated" in facts.errors["linux.services"]
    assert facts.has("net.interfaces")


def test_command_not_found_and_stderr_in_the_message() -> None:
    facts = facts_of(rebuild(CENTOS, changes={
        "services_running": ("", 1),
        "collector_stderr": ("services_running: System has not been booted with systemd\n", 0)}))
    assert facts.errors["linux.services"] == (
        "services_running: exit 1 — System has not been booted with systemd")


def test_missing_pwquality_conf_is_not_an_error() -> None:
    facts = facts_of(rebuild(CENTOS, changes={"pwquality_conf": ("", 1)}))
    pwq = facts.get("linux.pwquality")
    assert pwq["pam_enabled"] is True and pwq["minlen"] is None
    assert pwq["effective_minlen"] == 8          # libpwquality's default applies


def test_pwquality_needs_the_pam_section() -> None:
    facts = facts_of(rebuild(CENTOS, changes={"pam_password": ("", 1)}))
    assert facts.errors["linux.pwquality"].startswith("pam_password: exit 1 (file not found)")
    assert facts.errors["linux.pam"] == facts.errors["linux.pwquality"]


def test_pam_args_override_pwquality_conf() -> None:
    pam = ("password requisite pam_pwquality.so minlen=14 dcredit=-1 ucredit=-1 ocredit=-1\n"
           "password sufficient pam_unix.so sha512\n")
    facts = facts_of(rebuild(CENTOS, changes={"pam_password": (pam, 0)}))
    pwq = facts.get("linux.pwquality")
    assert pwq["minlen"] == 14 and pwq["effective_minlen"] == 14
    assert pwq["complexity_classes"] == 3


def test_tally2_lockout() -> None:
    pam = "auth required pam_tally2.so deny=5 unlock_time=600\nauth sufficient pam_unix.so\n"
    facts = facts_of(rebuild(CENTOS, changes={"pam_password": (pam, 0)}))
    assert facts.get("linux.pam") == {"faillock_deny": None, "faillock_unlock_time": None,
                                      "tally2_deny": 5, "lockout_enabled": True}


def test_sshd_not_installed() -> None:
    facts = facts_of(rebuild(DEBIAN, changes={"sshd_effective": ("", 127),
                                              "sshd_config": ("", 1)}))
    sshd = facts.get("linux.sshd")
    assert sshd["installed"] is False and sshd["ports"] == []


def test_sshd_unreadable_everywhere_is_an_error() -> None:
    facts = facts_of(rebuild(CENTOS, euid="1000", changes={"sshd_effective": ("", 1),
                                                           "sshd_config": ("", 2)}))
    err = facts.errors["linux.sshd"]
    assert err.startswith("sshd_effective: exit 1") and "sshd_config: exit 2" in err


def test_old_openssh_default_permits_root() -> None:
    changes: dict[str, tuple[str, int] | None] = {
        "os_release": ('REDHAT_RELEASE="CentOS release 6.10 (Final)"\n', 0),
        "sshd_effective": ("", 1),
        "sshd_config": ("# file: /etc/ssh/sshd_config\nProtocol 2\n", 0)}
    facts = facts_of(rebuild(CENTOS, changes=changes))
    assert facts.get("linux.sshd")["permit_root_login"] == "yes"
    assert facts.get("os.lifecycle")["product"] == "CentOS Linux 6"


def test_sshd_config_time_values() -> None:
    facts = facts_of(rebuild(DEBIAN, changes={
        "sshd_effective": ("", 1),
        "sshd_config": ("ClientAliveInterval 5m\nPermitRootLogin without-password\n", 0)}))
    sshd = facts.get("linux.sshd")
    assert sshd["client_alive_interval"] == 300
    assert sshd["permit_root_login"] == "prohibit-password"


def test_usb_blacklisted_but_loaded_is_not_disabled() -> None:
    facts = facts_of(rebuild(CENTOS, changes={
        "modprobe_usb": ("/etc/modprobe.d/usb.conf:blacklist usb-storage\n", 0)}))
    usb = facts.get("linux.usb_storage")
    assert usb["blacklisted"] and usb["module_loaded"] and not usb["disabled"]


def test_container_without_systemd() -> None:
    facts = facts_of(rebuild(DEBIAN, changes={
        "time_sync": (">>> timedatectl-status exit=1\n>>> systemctl exit=1\nchrony unknown\n"
                      ">>> chronyc exit=127\n>>> ntpq exit=127\n", 0),
        "lsmod": ("", 1)}))
    assert facts.errors["linux.time_sync"].startswith("time_sync: no answer")
    assert facts.errors["linux.usb_storage"] == "lsmod: exit 1 (file not found)"


def test_no_time_software_at_all_is_not_synchronized() -> None:
    facts = facts_of(rebuild(DEBIAN, changes={
        "time_sync": (">>> timedatectl-show exit=127\n>>> systemctl exit=127\n"
                      ">>> chronyc exit=127\n>>> ntpq exit=127\n", 0)}))
    assert facts.get("linux.time_sync") == {"synchronized": False, "ntp_enabled": False,
                                            "service": None}


def test_ufw_active_counts_as_firewall() -> None:
    fw = (">>> systemctl exit=0\nfirewalld inactive\nufw active\nnftables inactive\n"
          "iptables inactive\n>>> firewall-cmd exit=127\n>>> ufw exit=1\n>>> nft exit=1\n"
          ">>> iptables exit=4\n")
    facts = facts_of(rebuild(DEBIAN, euid="1000", changes={"firewall": (fw, 0)}))
    got = facts.get("linux.firewall")
    assert got["active"] and got["ufw"] and got["input_policy"] is None


# -- lifecycle ------------------------------------------------------------------------------------
def test_unknown_os_has_no_eol_data() -> None:
    facts = facts_of(rebuild(DEBIAN, changes={"os_release": ("ID=slackware\nVERSION_ID=15.0\n", 0)}))
    assert facts.errors["os.lifecycle"] == "no end-of-life data for slackware 15.0"
    assert facts.get("os")["id"] == "slackware"


def test_eol_table_can_be_injected() -> None:
    table = (EolEntry(product="Debian 12 (test)", ids=("debian",), version="12",
                      eol_date=dt.date(2026, 11, 20), source="test", uncertain=True),)
    facts = build_linux_facts(load(DEBIAN), today=TODAY, eol_table=table)
    assert facts.get("os.lifecycle") == {"product": "Debian 12 (test)",
                                         "eol_date": "2026-11-20", "days_left": -6,
                                         "uncertain": True}


def test_os_error_shadows_lifecycle() -> None:
    facts = facts_of(rebuild(DEBIAN, changes={"os_release": ("garbage\n", 0)}))
    assert facts.lookup("os.lifecycle.days_left").state is LookupState.ERROR


@pytest.mark.parametrize(("os_id", "version", "name", "product"), [
    ("centos", "6.10", "CentOS", "CentOS Linux 6"),
    ("centos", "7", "CentOS Linux", "CentOS Linux 7"),
    ("centos", "8", "CentOS Linux", "CentOS Linux 8"),
    ("centos", "8", "CentOS Stream", "CentOS Stream 8"),
    ("rhel", "6.9", "", "Red Hat Enterprise Linux 6"),
    ("rhel", "7.9", "", "Red Hat Enterprise Linux 7"),
    ("rhel", "8.10", "", "Red Hat Enterprise Linux 8"),
    ("rhel", "9.4", "", "Red Hat Enterprise Linux 9"),
    ("debian", "9", "", "Debian 9 (stretch)"),
    ("debian", "10", "", "Debian 10 (buster)"),
    ("debian", "11", "", "Debian 11 (bullseye)"),
    ("debian", "12", "", "Debian 12 (bookworm)"),
    ("debian", "13", "", "Debian 13 (trixie)"),
    ("ubuntu", "16.04", "", "Ubuntu 16.04 LTS"),
    ("ubuntu", "18.04", "", "Ubuntu 18.04 LTS"),
    ("ubuntu", "20.04", "", "Ubuntu 20.04 LTS"),
    ("ubuntu", "22.04", "", "Ubuntu 22.04 LTS"),
    ("ubuntu", "24.04", "", "Ubuntu 24.04 LTS"),
    ("openeuler", "20.03", "", "openEuler 20.03 LTS"),
    ("openEuler", "22.03", "", "openEuler 22.03 LTS"),
    ("kylin", "V10", "", "Kylin Linux Advanced Server V10 (银河麒麟 V10)"),
    ("uos", "20", "", "UnionTech OS Server 20 (统信 UOS 20)"),
    ("rocky", "8.9", "", "Rocky Linux 8"),
    ("rocky", "9.3", "", "Rocky Linux 9"),
    ("almalinux", "8.9", "", "AlmaLinux 8"),
    ("almalinux", "9.3", "", "AlmaLinux 9"),
])
def test_eol_table_covers(os_id: str, version: str, name: str, product: str) -> None:
    entry = find_eol(load_eol_table(), os_id, version, name)
    assert entry is not None and entry.product == product


def test_eol_table_does_not_match_prefixes_of_other_versions() -> None:
    table = load_eol_table()
    assert find_eol(table, "debian", "1", "") is None
    assert find_eol(table, "ubuntu", "22.10", "") is None
    assert find_eol(table, "rhel", "10.0", "") is None


def test_uncertain_entries_say_so() -> None:
    table = load_eol_table()
    for entry in table:
        assert entry.source
        if entry.ids[0] in {"kylin", "uos", "openeuler"}:
            assert entry.uncertain, entry.product


# -- identity ----------------------------------------------------------------------------------------
def test_bundle_identity() -> None:
    assert bundle_identity(load(DEBIAN)) == {"hostname": "emr-app-02", "ipv4": ["10.0.0.32"],
                                             "macs": ["52:54:00:0a:00:20"]}


def test_bundle_identity_is_tolerant() -> None:
    ident: dict[str, Any] = bundle_identity(rebuild(CENTOS, changes={
        "hostname": None, "ip_addr": ("garbage\n", 0)}))
    assert ident["hostname"] == "his-db-01"      # from the header
    assert ident["ipv4"] == []
    assert "00:50:56:0a:00:15" in ident["macs"]  # ip_link still read
