"""Parsed sections → fact values (pure). The namespaces and keys are the
contract the checks are written against; see build_linux_facts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from zicha.parsers.linux.accounts import PasswdFile, ShadowSummary
from zicha.parsers.linux.auth import LoginDefs, PamConfig, PamEntry, PwqualityConf
from zicha.parsers.linux.network import IpAddr, IpLink, Listening, is_loopback
from zicha.parsers.linux.sshd import SshdEffective

__all__ = [
    "Undecidable",
    "accounts_facts",
    "interfaces_facts",
    "listening_facts",
    "login_defs_facts",
    "pam_facts",
    "pwquality_facts",
    "sshd_facts",
]

_EPOCH = dt.date(1970, 1, 1)


class Undecidable(Exception):
    """The sections were read but do not allow a decision; becomes a namespace error."""


def to_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _args(entry: PamEntry) -> tuple[dict[str, str], set[str]]:
    kv: dict[str, str] = {}
    flags: set[str] = set()
    for arg in entry.args:
        key, sep, value = arg.partition("=")
        if sep:
            kv[key.lower()] = value
        else:
            flags.add(arg.lower())
    return kv, flags


# -- login.defs, pwquality, PAM ----------------------------------------------------
def login_defs_facts(ld: LoginDefs) -> dict[str, Any]:
    s = ld.settings
    return {
        "pass_max_days": to_int(s.get("PASS_MAX_DAYS")),
        "pass_min_days": to_int(s.get("PASS_MIN_DAYS")),
        "pass_min_len": to_int(s.get("PASS_MIN_LEN")),
        "pass_warn_age": to_int(s.get("PASS_WARN_AGE")),
        "encrypt_method": s.get("ENCRYPT_METHOD"),
        "umask": s.get("UMASK"),  # octal text ("027"): an int would lose the meaning
    }


_QUALITY_MODULES = ("pam_pwquality.so", "pam_cracklib.so")
_QUALITY_KEYS = ("minlen", "minclass", "dcredit", "ucredit", "lcredit", "ocredit", "retry")


def pwquality_facts(conf: PwqualityConf | None, pam: PamConfig) -> dict[str, Any]:
    """Values: PAM module arguments override pwquality.conf; None when neither sets
    them. ``effective_minlen`` adds the module default (8, the lower of
    libpwquality's 8 and cracklib's 9) when a quality module is in the stack but no
    minlen is set; without a quality module it is pam_unix's ``minlen=`` or None."""
    stack = [e for e in pam.entries if e.type == "password"]
    module = next((e for e in stack if e.module in _QUALITY_MODULES), None)
    pam_kv, pam_flags = _args(module) if module else ({}, set())
    settings = conf.settings if conf else {}
    flags = set(conf.flags) if conf else set()
    values: dict[str, int | None] = {}
    for key in _QUALITY_KEYS:
        raw = pam_kv.get(key, settings.get(key))
        values[key] = to_int(raw)
    enabled = module is not None
    negatives = sum(1 for k in ("dcredit", "ucredit", "lcredit", "ocredit")
                    if (values[k] or 0) < 0)
    classes = max(values["minclass"] or 0, negatives) if enabled else 0
    if enabled:
        effective_minlen: int | None = values["minlen"] if values["minlen"] is not None else 8
    else:
        unix = next((e for e in stack if e.module == "pam_unix.so"), None)
        effective_minlen = to_int(_args(unix)[0].get("minlen")) if unix else None
    return {
        **values,
        "enforce_for_root": "enforce_for_root" in pam_flags or "enforce_for_root" in flags,
        "pam_enabled": enabled,
        "complexity_classes": classes,
        "effective_minlen": effective_minlen,
    }


def pam_facts(pam: PamConfig) -> dict[str, Any]:
    """faillock: module args override faillock.conf, defaults deny=3 / unlock_time=600
    apply when pam_faillock is in the auth stack; tally2 has no default."""
    auth = [e for e in pam.entries if e.type == "auth"]
    faillock = [e for e in auth if e.module == "pam_faillock.so"]
    deny = unlock = None
    if faillock:
        kv: dict[str, str] = {}
        for entry in faillock:
            kv.update(_args(entry)[0])
        deny = to_int(kv.get("deny", pam.faillock_conf.get("deny", "3")))
        unlock = to_int(kv.get("unlock_time", pam.faillock_conf.get("unlock_time", "600")))
    tally = next((e for e in auth if e.module in {"pam_tally2.so", "pam_tally.so"}), None)
    tally_deny = to_int(_args(tally)[0].get("deny")) if tally else None
    return {
        "faillock_deny": deny,
        "faillock_unlock_time": unlock,
        "tally2_deny": tally_deny,
        "lockout_enabled": bool((deny or 0) > 0 or (tally_deny or 0) > 0),
    }


# -- sshd --------------------------------------------------------------------------
_DEFAULTS = {
    "permitrootlogin": "prohibit-password",
    "passwordauthentication": "yes",
    "permitemptypasswords": "no",
    "maxauthtries": "6",
    "clientaliveinterval": "0",
    "clientalivecountmax": "3",
}
_TIME = re.compile(r"(\d+)([smhdwSMHDW]?)")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _seconds(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.strip()
    parts = _TIME.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        return None
    return sum(int(n) * _UNITS[u.lower()] for n, u in parts)


def _norm(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip().strip('"').lower()
    return "prohibit-password" if value == "without-password" else value


def sshd_facts(options: dict[str, tuple[str, ...]], source: str,
               *, old_openssh: bool = False) -> dict[str, Any]:
    """``options`` from sshd -T (complete) or the resolved config files (defaults
    added here: OpenSSH before 7.0 — EL6, Debian 8 — allowed root by default)."""
    defaults = dict(_DEFAULTS)
    if old_openssh:
        defaults["permitrootlogin"] = "yes"

    def get(key: str) -> str | None:
        values = options.get(key)
        if values:
            return values[0]
        return defaults.get(key) if source == "sshd_config" else None

    ports = options.get("port") or (("22",) if source == "sshd_config" else ())
    return {
        "installed": True,
        "source": source,
        "permit_root_login": _norm(get("permitrootlogin")),
        "password_authentication": _norm(get("passwordauthentication")),
        "permit_empty_passwords": _norm(get("permitemptypasswords")),
        "max_auth_tries": to_int(get("maxauthtries")),
        "client_alive_interval": _seconds(get("clientaliveinterval")),
        "client_alive_count_max": to_int(get("clientalivecountmax")),
        "ports": sorted({p for p in (to_int(v) for v in ports) if p is not None}),
    }


def sshd_effective_options(eff: SshdEffective) -> dict[str, tuple[str, ...]]:
    return dict(eff.options)


SSHD_NOT_INSTALLED: dict[str, Any] = {
    "installed": False, "source": None, "permit_root_login": None,
    "password_authentication": None, "permit_empty_passwords": None, "max_auth_tries": None,
    "client_alive_interval": None, "client_alive_count_max": None, "ports": [],
}


# -- sockets and interfaces ----------------------------------------------------------
def listening_facts(listening: Listening) -> dict[str, Any]:
    sockets = [{"proto": s.proto, "address": s.address, "port": s.port, "process": s.process}
               for s in listening.sockets]

    def ports(proto: str, *, loopback: bool) -> list[int]:
        return sorted({s.port for s in listening.sockets if s.proto == proto
                       and (loopback or not is_loopback(s.address))})

    return {"sockets": sockets, "tcp_ports": ports("tcp", loopback=False),
            "udp_ports": ports("udp", loopback=False),
            "all_tcp_ports": ports("tcp", loopback=True)}


def interfaces_facts(addr: IpAddr, link: IpLink | None) -> dict[str, Any]:
    links = {lk.name: lk for lk in link.links} if link else {}
    names = list(links) + [a.interface for a in addr.addresses if a.interface not in links]
    interfaces = []
    for name in dict.fromkeys(names):
        lk = links.get(name)
        interfaces.append({
            "name": name,
            "mac": lk.mac if lk and lk.link_type == "ether" else None,
            "addresses": [a.cidr for a in addr.addresses if a.interface == name],
            "up": lk.up if lk else None,
            "wireless": lk.wireless if lk else name.startswith(("wl", "ath")),
        })
    ipv4 = [a.cidr.split("/")[0] for a in addr.addresses if a.family == "inet"]
    ipv4 = list(dict.fromkeys(ip for ip in ipv4 if not is_loopback(ip)))
    macs = sorted({i["mac"] for i in interfaces if i["mac"] and i["mac"] != "00:00:00:00:00:00"})
    return {"interfaces": interfaces, "ipv4": ipv4, "macs": macs}


# -- accounts ------------------------------------------------------------------------
def accounts_facts(passwd: PasswdFile, shadow: ShadowSummary | None,
                   today: dt.date) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """``linux.accounts`` always; ``linux.shadow`` only when the shadow summary is known."""
    day = (today - _EPOCH).days
    by_name = {e.name: e for e in shadow.entries} if shadow else {}
    accounts: list[dict[str, Any]] = []
    for p in passwd.entries:
        s = by_name.get(p.name)
        ago = day - s.last_change if s and s.last_change else None
        accounts.append({
            "name": p.name, "uid": p.uid, "shell": p.shell, "login_shell": p.login_shell,
            "password": s.password if s else None,
            "last_change_days_ago": ago,
            "max_days": s.max_days if s else None,
        })
    empty = [a["name"] for a in accounts if a["login_shell"] and a["password"] == "empty"]
    result = {"accounts": accounts, "uid0": [p.name for p in passwd.entries if p.uid == 0],
              "empty_password": empty}
    if shadow is None:
        return result, None
    stale = [a["name"] for a in accounts
             if a["password"] == "set" and a["max_days"] is not None
             and a["last_change_days_ago"] is not None
             and a["last_change_days_ago"] > a["max_days"]]
    return result, {"empty_password": empty, "stale_password": stale}
