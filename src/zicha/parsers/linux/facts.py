"""A Linux bundle → FactSet.

Each namespace is built from one or more sections. A section absent from the
bundle leaves its namespaces unset (a check needing them reports ``error``:
never collected); a truncated section, an exit status outside the section's
accepted set, or a parse error sets a namespace *error* naming the section and
the bundle line. One section failing never sinks the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from zicha.domain.errors import ParseError
from zicha.domain.facts import FactSet
from zicha.parsers.bundle import Bundle, Section
from zicha.parsers.linux import PARSERS
from zicha.parsers.linux.accounts import PasswdFile, ShadowSummary
from zicha.parsers.linux.auth import PamConfig, PwqualityConf
from zicha.parsers.linux.derive import (
    SSHD_NOT_INSTALLED,
    Undecidable,
    accounts_facts,
    interfaces_facts,
    listening_facts,
    login_defs_facts,
    pam_facts,
    pwquality_facts,
    sshd_facts,
)
from zicha.parsers.linux.firewall import FirewallStatus
from zicha.parsers.linux.lifecycle import EolEntry, find_eol, load_eol_table
from zicha.parsers.linux.network import IpAddr, IpLink, Listening
from zicha.parsers.linux.services import RunningServices
from zicha.parsers.linux.sshd import SshdConfig, SshdEffective, resolve_sshd_config
from zicha.parsers.linux.syslog_remote import RemoteLogging
from zicha.parsers.linux.system import Hostname, OsRelease, Uname
from zicha.parsers.linux.timesync import TimeSync
from zicha.parsers.linux.usb import LoadedModules, ModprobeUsb
from zicha.parsers.text import is_digits

__all__ = ["ACCEPTED_EXIT", "ROOT_SECTIONS", "build_linux_facts", "bundle_identity"]

#: exit statuses that still mean "this output is the answer" (default: {0})
ACCEPTED_EXIT: dict[str, frozenset[int]] = {
    "pwquality_conf": frozenset({0, 1}),   # 1: no pwquality.conf — not an error
    "modprobe_usb": frozenset({0, 1}),     # 1: grep found nothing
}
#: sections that need root; their failure message says so when euid != 0
ROOT_SECTIONS = frozenset({"sshd_effective", "shadow_summary", "firewall", "sshd_config"})
#: sections that read files: exit 1 = the file does not exist, 2 = cannot be read
FILE_SECTIONS = frozenset({"os_release", "login_defs", "pwquality_conf", "pam_password",
                           "sshd_config", "lsmod", "shadow_summary", "passwd"})


class _Absent(Exception):
    pass


class _Failed(Exception):
    pass


class _Sections:
    """Parses sections on demand, once, turning every failure into _Absent/_Failed."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self._cache: dict[str, object] = {}
        self._stderr = self._stderr_lines(bundle)

    @staticmethod
    def _stderr_lines(bundle: Bundle) -> dict[str, list[str]]:
        sec = bundle.sections.get("collector_stderr")
        out: dict[str, list[str]] = {}
        if sec is None:
            return out
        for line in sec.text().splitlines():
            name, sep, msg = line.partition(": ")
            if sep:
                out.setdefault(name, []).append(msg.strip())
        return out

    def section(self, name: str) -> Section:
        sec = self.bundle.sections.get(name)
        if sec is None:
            raise _Absent(name)
        return sec

    def failure(self, sec: Section) -> str:
        if sec.truncated:
            return f"{sec.name}: truncated (the bundle ends before this section's END marker)"
        if sec.exit_code is None:
            return f"{sec.name}: END marker carries no exit status"
        text = f"{sec.name}: exit {sec.exit_code}"
        if sec.exit_code == 127:
            text += " (command not found)"
        elif sec.name in FILE_SECTIONS and sec.exit_code in (1, 2):
            text += " (file not found)" if sec.exit_code == 1 else " (file not readable)"
        elif sec.exit_code == 124:
            text += " (timed out)"
        err = self._stderr.get(sec.name)
        if err:
            text += f" — {err[0][:160]}"
        if sec.name in ROOT_SECTIONS and self.bundle.header.get("euid", "0") != "0":
            text += " (collected without root; run collect.sh as root)"
        return text

    def parsed(self, name: str, *, missing_ok: bool = False) -> Any:
        """The parsed section; None for an accepted 'file not there' (exit 1) when
        ``missing_ok``. Raises _Absent / _Failed."""
        if name in self._cache:
            return self._cache[name]
        sec = self.section(name)
        accepted = ACCEPTED_EXIT.get(name, frozenset({0}))
        if sec.truncated or sec.exit_code not in accepted:
            raise _Failed(self.failure(sec))
        if missing_ok and sec.exit_code == 1 and not sec.body.strip():
            self._cache[name] = None
            return None
        try:
            value = PARSERS[name](sec.text())
        except ParseError as exc:
            where = f" line {sec.line + exc.line}" if exc.line is not None else ""
            raise _Failed(f"section {name}{where}: {exc.message}") from None
        self._cache[name] = value
        return value

    def optional(self, name: str) -> Any:
        """The parsed section, or None when it is absent or failed."""
        try:
            return self.parsed(name)
        except (_Absent, _Failed):
            return None


def _put(facts: FactSet, namespace: str, build: Callable[[], Any]) -> None:
    try:
        facts.set(namespace, build())
    except _Absent:
        pass
    except (_Failed, Undecidable) as exc:
        facts.set_error(namespace, str(exc))


def build_linux_facts(bundle: Bundle, *, today: dt.date,
                      eol_table: tuple[EolEntry, ...] | None = None) -> FactSet:
    s = _Sections(bundle)
    facts = FactSet()
    _put(facts, "os", lambda: _os(s))
    if facts.has("os"):
        table = eol_table if eol_table is not None else load_eol_table()
        _put(facts, "os.lifecycle", lambda: _lifecycle(facts.get("os"), table, today))
    _put(facts, "linux.login_defs",
         lambda: login_defs_facts(s.parsed("login_defs")))
    _put(facts, "linux.pwquality", lambda: _pwquality(s))
    _put(facts, "linux.pam", lambda: pam_facts(_typed(s.parsed("pam_password"), PamConfig)))
    _put(facts, "linux.sshd", lambda: _sshd(s, facts.get("os")))
    _put(facts, "linux.usb_storage", lambda: _usb(s))
    _put(facts, "linux.firewall", lambda: _firewall(s.parsed("firewall")))
    _put(facts, "linux.listening", lambda: listening_facts(_typed(s.parsed("listening"),
                                                                  Listening)))
    _put(facts, "linux.time_sync", lambda: _time_sync(s.parsed("time_sync")))
    _accounts(facts, s, today)
    _put(facts, "linux.logging", lambda: _logging(s.parsed("rsyslog_remote")))
    _put(facts, "linux.services", lambda: {"running": [
        u.unit for u in _typed(s.parsed("services_running"), RunningServices).units]})
    _put(facts, "net.interfaces", lambda: interfaces_facts(
        _typed(s.parsed("ip_addr"), IpAddr), _typed(s.parsed("ip_link"), IpLink)))
    return facts


def _typed(value: Any, cls: type) -> Any:
    assert isinstance(value, cls), f"parser returned {type(value).__name__}"
    return value


# -- namespaces built from several sections ----------------------------------------
def _os(s: _Sections) -> dict[str, Any]:
    osr = _typed(s.parsed("os_release"), OsRelease)
    un = s.optional("uname")
    host = s.optional("hostname")
    uname = un if isinstance(un, Uname) else None
    return {
        "family": "linux", "id": osr.id, "version_id": osr.version_id, "name": osr.name,
        "pretty_name": osr.pretty_name,
        "kernel": uname.kernel_release if uname else None,
        "arch": uname.machine if uname else None,
        "hostname": host.hostname if isinstance(host, Hostname)
        else (s.bundle.hostname or None),
    }


def _lifecycle(os_facts: dict[str, Any], table: tuple[EolEntry, ...],
               today: dt.date) -> dict[str, Any]:
    entry = find_eol(table, os_facts.get("id"), os_facts.get("version_id"),
                     os_facts.get("name"))
    if entry is None:
        raise Undecidable(f"no end-of-life data for {os_facts.get('id')} "
                          f"{os_facts.get('version_id')}")
    return {"product": entry.product, "eol_date": entry.eol_date.isoformat(),
            "days_left": (entry.eol_date - today).days, "uncertain": entry.uncertain}


def _pwquality(s: _Sections) -> dict[str, Any]:
    pam = _typed(s.parsed("pam_password"), PamConfig)
    try:
        conf = s.parsed("pwquality_conf", missing_ok=True)
    except _Absent:
        conf = None
    return pwquality_facts(conf if isinstance(conf, PwqualityConf) else None, pam)


def _old_openssh(os_facts: dict[str, Any] | None) -> bool:
    if not os_facts:
        return False
    major = str(os_facts.get("version_id") or "").split(".")[0]
    if not is_digits(major):
        return False
    limit = {"centos": 6, "rhel": 6, "debian": 8, "ubuntu": 14}.get(os_facts.get("id") or "")
    return limit is not None and int(major) <= limit


def _sshd(s: _Sections, os_facts: dict[str, Any] | None) -> dict[str, Any]:
    eff_sec = s.bundle.sections.get("sshd_effective")
    cfg_sec = s.bundle.sections.get("sshd_config")
    if eff_sec is None and cfg_sec is None:
        raise _Absent("sshd")
    if eff_sec is not None and eff_sec.ok:
        eff = _typed(s.parsed("sshd_effective"), SshdEffective)
        return sshd_facts(dict(eff.options), "sshd -T")
    not_found = eff_sec is None or (eff_sec.exit_code == 127 and not eff_sec.truncated)
    if cfg_sec is not None and cfg_sec.exit_code == 1 and not cfg_sec.truncated and not_found:
        return dict(SSHD_NOT_INSTALLED)
    try:
        cfg = _typed(s.parsed("sshd_config"), SshdConfig)
    except _Failed as exc:
        first = f"{s.failure(eff_sec)}; " if eff_sec is not None else ""
        raise _Failed(f"{first}{exc}") from None
    return sshd_facts(resolve_sshd_config(cfg), "sshd_config",
                      old_openssh=_old_openssh(os_facts))


def _usb(s: _Sections) -> dict[str, Any]:
    modprobe = _typed(s.parsed("modprobe_usb"), ModprobeUsb)
    loaded = "usb_storage" in _typed(s.parsed("lsmod"), LoadedModules).modules
    entries = modprobe.for_module("usb_storage")
    blacklisted = any(e.directive == "blacklist" for e in entries)
    install_disabled = any(e.directive == "install" and "modprobe" not in e.args
                           and "insmod" not in e.args for e in entries)
    return {"module_loaded": loaded, "blacklisted": blacklisted,
            "install_disabled": install_disabled,
            "disabled": install_disabled or (blacklisted and not loaded)}


def _firewall(fw: FirewallStatus) -> dict[str, Any]:
    firewalld = fw.units.get("firewalld") == "active" or fw.firewalld_state == "running"
    ufw = fw.units.get("ufw") == "active" or fw.ufw_status == "active"
    policies = []
    if fw.iptables and "INPUT" in fw.iptables.policies:
        policies.append(fw.iptables.policies["INPUT"].upper())
    if fw.nft and fw.nft.input_policy:
        policies.append(fw.nft.input_policy.upper())
    policy = "DROP" if "DROP" in policies else (policies[0] if policies else None)
    input_rules = (fw.iptables.input_rules if fw.iptables else 0) + (
        fw.nft.input_rules if fw.nft else 0)
    unread = [f"{k} exit {fw.exits[k]}" for k in ("nft", "iptables")
              if fw.exits.get(k, 127) not in (0, 127)]
    if not (firewalld or ufw) and fw.nft is None and fw.iptables is None and unread:
        raise Undecidable("firewall: could not read the rules (" + ", ".join(unread)
                          + "); run collect.sh as root")
    return {
        "active": firewalld or ufw or policy == "DROP" or input_rules > 0,
        "firewalld": firewalld, "ufw": ufw,
        "nftables_rules": fw.nft.rules if fw.nft else 0,
        "iptables_rules": fw.iptables.rules if fw.iptables else 0,
        "input_policy": policy,
    }


_TIME_SERVICES = (("chronyd", "chronyd"), ("chrony", "chronyd"), ("ntpd", "ntpd"),
                  ("ntp", "ntpd"), ("ntpsec", "ntpd"), ("systemd-timesyncd", "systemd-timesyncd"))


def _time_sync(ts: TimeSync) -> dict[str, Any]:
    service = next((svc for unit, svc in _TIME_SERVICES if ts.units.get(unit) == "active"), None)
    if service is None and ts.chrony_leap_status is not None:
        service = "chronyd"
    elif service is None and ts.ntp_peers:
        service = "ntpd"
    signals: list[bool] = []
    if ts.ntp_synchronized is not None:
        signals.append(ts.ntp_synchronized)
    if ts.chrony_leap_status is not None:
        signals.append(ts.chrony_leap_status.lower() != "not synchronised")
    if ts.exits.get("ntpq") == 0:
        signals.append(ts.ntp_sync_peer is not None)
    if not signals:
        failed = [f"{k} exit {v}" for k, v in sorted(ts.exits.items()) if v not in (0, 127)]
        if failed:
            raise Undecidable("time_sync: no answer (" + ", ".join(failed) + ")")
    return {"synchronized": any(signals), "ntp_enabled": bool(ts.ntp_enabled) or service is not None,
            "service": service}


def _accounts(facts: FactSet, s: _Sections, today: dt.date) -> None:
    try:
        passwd = _typed(s.parsed("passwd"), PasswdFile)
    except _Absent:
        return
    except _Failed as exc:
        facts.set_error("linux.accounts", str(exc))
        facts.set_error("linux.shadow", str(exc))
        return
    shadow: ShadowSummary | None = None
    shadow_error: str | None = None
    try:
        shadow = _typed(s.parsed("shadow_summary"), ShadowSummary)
    except _Absent:
        shadow_error = None
    except _Failed as exc:
        shadow_error = str(exc)
    accounts, shadow_facts = accounts_facts(passwd, shadow, today)
    facts.set("linux.accounts", accounts)
    if shadow_facts is not None:
        facts.set("linux.shadow", shadow_facts)
    elif shadow_error:
        facts.set_error("linux.shadow", shadow_error)


def _logging(rl: RemoteLogging) -> dict[str, Any]:
    bad = [f"{k} exit {v}" for k, v in sorted(rl.exits.items()) if v not in (0, 127)]
    if bad:
        raise Undecidable("rsyslog_remote: could not read the syslog configuration ("
                          + ", ".join(bad) + ")")
    return {"remote_targets": list(dict.fromkeys(t.label for t in rl.targets)),
            "rsyslog": rl.rsyslog_configured}


def bundle_identity(bundle: Bundle) -> dict[str, Any]:
    """Hostname, IPv4 addresses and MACs of a bundle, to match it to an asset.
    Tolerant: a section that is missing or unreadable contributes nothing."""
    s = _Sections(bundle)
    host = s.optional("hostname")
    addr = s.optional("ip_addr")
    link = s.optional("ip_link")
    ident: dict[str, Any] = {"hostname": host.hostname if isinstance(host, Hostname)
                             else (bundle.hostname or None), "ipv4": [], "macs": []}
    if isinstance(addr, IpAddr):
        nets = interfaces_facts(addr, link if isinstance(link, IpLink) else None)
        ident["ipv4"], ident["macs"] = nets["ipv4"], nets["macs"]
    elif isinstance(link, IpLink):
        ident["macs"] = sorted({lk.mac for lk in link.links if lk.mac and lk.link_type == "ether"
                                and lk.mac != "00:00:00:00:00:00"})
    return ident
