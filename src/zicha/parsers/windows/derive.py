"""Parsed Windows sections → fact values (pure): system, accounts, patches,
antivirus, USB. Network-side derivations are in :mod:`derive_net`.

Every function returns a list of ``(namespace, value, key_errors, error)``:
``value`` None and ``error`` None = leave the namespace unset (nothing collected);
``error`` set = the whole namespace is undecidable; ``key_errors`` make single
keys undecidable while the rest of the namespace stays usable.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from zicha.domain.facts import FactSet
from zicha.parsers.windows.known import AV_SERVICES
from zicha.parsers.windows.lifecycle import (
    MS17_010_KBS,
    lookup_eol,
    ms17_010_status,
    track_of,
)

if TYPE_CHECKING:
    from zicha.parsers.windows.facts import Parsed

Out = list[tuple[str, dict[str, Any] | None, dict[str, str] | None, str | None]]

__all__ = [
    "Out", "accounts_facts", "antivirus_facts", "autologon_facts", "filetime_date",
    "ms17_010_facts", "os_facts", "password_facts", "patches_facts", "screensaver_facts",
    "usb_facts",
]

_CV = "Windows NT\\CurrentVersion"


def _unset() -> Out:
    return []


def _fail(ns: str, *parts: Parsed) -> Out:
    """Every source absent → unset; else an error naming the unusable sections."""
    if all(p.absent for p in parts):
        return []
    return [(ns, None, None, "; ".join(p.why() for p in parts if not p.absent))]


def _data(value: Any) -> Any:
    return None if value is None else value.data


def _int(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if re.fullmatch(r"-?[0-9]+", text) else None


# -- os and lifecycle ---------------------------------------------------------------
def os_facts(os_sec: Parsed, reg: Parsed, hostname: str, today: dt.date) -> Out:
    regv = reg.value if reg.ok else None

    def rv(name: str) -> Any:
        return _data(regv.find(_CV, name)) if regv is not None else None

    if os_sec.ok:
        info = os_sec.value
        version, build, caption = info.version, info.build, info.caption
        arch, service_pack, product_type = info.arch, info.csd_version, info.product_type
    elif regv is not None and _int(rv("CurrentBuild")) is not None:
        build = _int(rv("CurrentBuild")) or 0
        major, minor = _int(rv("CurrentMajorVersionNumber")), _int(rv("CurrentMinorVersionNumber"))
        base = f"{major}.{minor}" if major is not None else str(rv("CurrentVersion") or "")
        if not re.fullmatch(r"\d+\.\d+", base):
            return [("os", None, None, f"{os_sec.why()}; os_reg has no version")]
        version, caption = f"{base}.{build}", str(rv("ProductName") or "")
        arch, service_pack, product_type = "", str(rv("CSDVersion") or ""), None
    else:
        return _fail("os", os_sec, reg)
    installation = str(rv("InstallationType") or "")
    if product_type is not None:
        server = product_type != 1
    elif installation:
        server = installation.lower().startswith("server")
    else:
        server = "server" in caption.lower()
    edition = rv("EditionID")
    display = rv("DisplayVersion") or rv("ReleaseId")
    os_value = {
        "family": "windows", "caption": caption, "version": version, "build": build,
        "edition": edition, "server": server, "arch": arch, "hostname": hostname,
        "product_type": product_type, "service_pack": service_pack or None,
        "display_version": display, "ubr": _int(rv("UBR")),
    }
    out: Out = [("os", os_value, None, None)]
    track = track_of(edition if isinstance(edition, str) else None, caption)
    entry = lookup_eol(version=version, build=build, server=server, track=track)
    if entry is None:
        out.append(("os.lifecycle", None, None,
                    f"no end-of-support entry for Windows {version} ({'server' if server else 'workstation'}, "
                    f"{track}); add one to catalogue/eol/windows.yaml"))
    else:
        out.append(("os.lifecycle", {
            "product": entry.product, "track": track, "eol_date": entry.eol.isoformat(),
            "esu_date": entry.esu.isoformat() if entry.esu else None,
            "days_left": (entry.eol - today).days, "uncertain": entry.uncertain,
        }, None, None))
    return out


# -- password policy and lockout --------------------------------------------------------
def password_facts(sec: Parsed, net: Parsed) -> Out:
    if sec.ok:
        p = sec.value
        max_age = p.int_value("MaximumPasswordAge")
        complexity = p.int_value("PasswordComplexity")
        policy = {
            "source": "secedit",
            "max_age_days": (max_age if max_age and max_age > 0 else 0) if max_age is not None else None,
            "min_age_days": p.int_value("MinimumPasswordAge"),
            "min_length": p.int_value("MinimumPasswordLength"),
            "complexity": None if complexity is None else complexity == 1,
            "history_size": p.int_value("PasswordHistorySize"),
            "reversible_encryption": p.int_value("ClearTextPassword") == 1,
        }
        threshold = p.int_value("LockoutBadCount")
        lockout = {"source": "secedit", "threshold": threshold,
                   "duration_min": p.int_value("LockoutDuration"),
                   "window_min": p.int_value("ResetLockoutCount")}
        return [("windows.password_policy", policy, None, None),
                ("windows.lockout", lockout, None, None)]
    if net.ok:
        n = net.value
        policy = {"source": "net_accounts", "max_age_days": n.max_age_days or 0,
                  "min_age_days": n.min_age_days, "min_length": n.min_length,
                  "history_size": n.history, "reversible_encryption": None}
        why = "secedit was not collected" if sec.absent else sec.why()
        errors = {"complexity": f"{why} (secedit needs an elevated prompt); "
                                "net accounts does not show password complexity"}
        lockout = {"source": "net_accounts", "threshold": n.lockout_threshold or 0,
                   "duration_min": n.lockout_duration_min, "window_min": n.lockout_window_min}
        return [("windows.password_policy", policy, errors, None),
                ("windows.lockout", lockout, None, None)]
    return _fail("windows.password_policy", sec, net) + _fail("windows.lockout", sec, net)


# -- accounts -------------------------------------------------------------------------
def accounts_facts(users: Parsed, admins: Parsed, sec: Parsed) -> Out:
    if users.absent and admins.absent and not sec.ok:
        return _fail("windows.accounts", users, admins, sec)
    value: dict[str, Any] = {}
    errors: dict[str, str] = {}
    guest_sa = sec.value.int_value("EnableGuestAccount") if sec.ok else None
    if guest_sa is not None:
        value["guest_enabled"] = guest_sa == 1
    elif users.ok:
        value["guest_enabled"] = any(u.rid == 501 and not u.disabled for u in users.value.users)
    else:
        errors["guest_enabled"] = f"{sec.why()}; {users.why()}"
    if users.ok:
        accounts = users.value.users
        value["users"] = [{"name": u.name, "sid": u.sid, "disabled": u.disabled,
                           "password_required": u.password_required, "lockout": u.lockout}
                          for u in accounts]
        value["no_password_required"] = sorted(u.name for u in accounts
                                               if not u.disabled and not u.password_required)
        value["builtin_admin_enabled"] = any(u.rid == 500 and not u.disabled for u in accounts)
    else:
        for key in ("users", "no_password_required", "builtin_admin_enabled"):
            errors[key] = users.why()
    if admins.ok:
        value["admins"] = [m.qualified for m in admins.value.members]
    else:
        errors["admins"] = admins.why()
    return [("windows.accounts", value, errors, None)]


def autologon_facts(sec: Parsed) -> Out:
    if not sec.ok:
        return _fail("windows.autologon", sec)
    reg = sec.value
    winlogon = "Windows NT\\CurrentVersion\\Winlogon"
    auto = _data(reg.find(winlogon, "AutoAdminLogon"))
    value = {
        "enabled": str(auto).strip() == "1" if auto is not None else False,
        "auto_admin_logon": None if auto is None else str(auto),
        "default_user_name": _data(reg.find(winlogon, "DefaultUserName")),
        "auto_logon_count": _int(_data(reg.find(winlogon, "AutoLogonCount"))),
    }
    errors: dict[str, str] = {}
    marks = reg.labels("default_password")
    if marks:
        value["default_password_present"] = any(e.found for e in marks)
    else:
        errors["default_password_present"] = "autologon section has no default_password block"
    return [("windows.autologon", value, errors, None)]


def screensaver_facts(sec: Parsed) -> Out:
    if not sec.ok:
        return _fail("windows.screensaver", sec)
    reg = sec.value
    users = []
    for entry in reg.labels("user"):
        _, _, sid = entry.label.partition(":")
        if not sid:
            continue
        desktop = f"HKEY_USERS\\{sid}\\Control Panel\\Desktop"
        policy = f"HKEY_USERS\\{sid}\\Software\\Policies\\Microsoft\\Windows\\Control Panel\\Desktop"

        def eff(name: str, desktop: str = desktop, policy: str = policy) -> Any:
            pol = reg.find(policy, name)
            return _data(pol) if pol is not None else _data(reg.find(desktop, name))

        exe = eff("SCRNSAVE.EXE")
        timeout = _int(eff("ScreenSaveTimeOut"))
        users.append({
            "sid": sid,
            "active": str(eff("ScreenSaveActive") or "").strip() == "1" and bool(exe),
            "secure": str(eff("ScreenSaverIsSecure") or "").strip() == "1",
            "timeout_s": timeout,
            "screensaver": exe or None,
            "policy": reg.find(policy, "ScreenSaveTimeOut") is not None
            or reg.find(policy, "ScreenSaveActive") is not None,
        })
    machine = _int(_data(reg.find("Policies\\System", "InactivityTimeoutSecs")))
    if not users and not machine:
        return [("windows.screensaver", None, None,
                 "no interactive user profile was loaded when collect.bat ran and no machine "
                 "inactivity limit is set: run it while the workstation's user is logged on")]
    return [("windows.screensaver", {"users": users,
                                     "machine_inactivity_timeout_s": machine or None}, None, None)]


def ms17_010_facts(srv: Parsed, hotfixes: Parsed, facts: FactSet) -> Out:
    os_value = facts.get("os") or {}
    build = os_value.get("build")
    kb_found = (sorted({h.id.upper() for h in hotfixes.value.items} & MS17_010_KBS)
                if hotfixes.ok else None)
    if not srv.ok and not (isinstance(build, int) and build >= 15063):
        return _fail("windows.ms17_010", srv)
    present = srv.value.present if srv.ok else None
    version = srv.value.version if srv.ok else None
    fixed, reason = ms17_010_status(version, os_build=build if isinstance(build, int) else None,
                                    srv_present=bool(present) if present is not None else True)
    if fixed is None:
        return [("windows.ms17_010", None, None,
                 f"no MS17-010 rule for srv.sys {version} (Windows build {build})")]
    return [("windows.ms17_010", {"srv_sys_version": version, "srv_sys_present": present,
                                  "fixed": fixed, "reason": reason, "kb_found": kb_found},
             None, None)]


_DATE_FORMS = (
    (re.compile(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), (3, 1, 2)),
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), (1, 2, 3)),
)


def _qfe_date(text: str) -> dt.date | None:
    for pattern, (y, m, d) in _DATE_FORMS:
        match = pattern.match(text.strip())
        if match:
            try:
                return dt.date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError:
                return None
    return None


def patches_facts(hotfixes: Parsed, today: dt.date) -> Out:
    if not hotfixes.ok:
        return _fail("windows.patches", hotfixes)
    items = hotfixes.value.items
    dates = [d for d in (_qfe_date(h.installed_on) for h in items) if d is not None]
    last = max(dates) if dates else None
    return [("windows.patches", {
        "hotfixes": sorted({h.id for h in items}), "count": len(items),
        "last_installed_on": last.isoformat() if last else None,
        "days_since_last": (today - last).days if last else None,
    }, None, None)]


# -- antivirus ----------------------------------------------------------------------
_FILETIME_EPOCH = dt.datetime(1601, 1, 1)


def filetime_date(hex_text: Any) -> dt.date | None:
    """REG_BINARY FILETIME as reg.exe prints it (16 hex digits, little-endian)."""
    text = str(hex_text or "").strip()
    if not re.fullmatch(r"[0-9A-Fa-f]{16}", text):
        return None
    ticks = int.from_bytes(bytes.fromhex(text), "little")
    try:
        return (_FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10)).date()
    except OverflowError:
        return None


def antivirus_facts(*, sc2: Parsed, defender: Parsed, ps: Parsed, services: Parsed,
                    av_services: Parsed, facts: FactSet, ref_date: dt.date) -> Out:
    os_value = facts.get("os") or {}
    server = os_value.get("server")
    sources = (sc2, defender, ps, services, av_services)
    if all(p.absent for p in sources):
        return []
    running: dict[str, bool] = {}
    for sec in (services, av_services):
        if sec.ok:
            for s in sec.value.services:
                running[s.name.lower()] = running.get(s.name.lower(), False) or s.state == "RUNNING"

    def sig_age(key: str) -> int | None:
        if not defender.ok:
            return None
        day = filetime_date(_data(defender.value.find(key, "SignaturesLastUpdated")))
        return (ref_date - day).days if day else None

    def_age = ps.value.signature_age_days if ps.ok else sig_age(
        "Windows Defender\\Signature Updates")
    mse_age = sig_age("Microsoft Antimalware\\Signature Updates")
    products: list[dict[str, Any]] = []
    if sc2.ok:
        for p in sc2.value.products:
            low = p.name.lower()
            age = None
            if "security essentials" in low:
                age = mse_age
            elif p.windows_owned or "defender" in low:
                age = def_age
            products.append({"name": p.name, "source": "security_center", "enabled": p.enabled,
                             "up_to_date": p.up_to_date, "signature_days": age,
                             "product_state": p.product_state})
    else:
        # servers have no SecurityCenter2: Defender from its service, policy and registry
        disabled = None
        if defender.ok:
            disabled = _int(_data(defender.value.find("Policies\\Microsoft\\Windows Defender",
                                                      "DisableAntiSpyware")))
        if (ps.ok and ps.value.antivirus_enabled is not None) or "windefend" in running:
            enabled = (ps.value.antivirus_enabled if ps.ok and ps.value.antivirus_enabled
                       is not None else running.get("windefend", False)) and disabled != 1
            products.append({"name": "Microsoft Defender Antivirus", "source": "defender",
                             "enabled": bool(enabled), "up_to_date": None,
                             "signature_days": def_age, "product_state": None})
        if "msmpsvc" in running:
            products.append({"name": "Microsoft Security Essentials", "source": "defender",
                             "enabled": running["msmpsvc"], "up_to_date": None,
                             "signature_days": mse_age, "product_state": None})
    for known in AV_SERVICES:
        name = known.service.lower()
        if name in ("windefend", "msmpsvc") or name not in running:
            continue
        products.append({"name": known.product, "source": f"service:{known.service}",
                         "enabled": running[name], "up_to_date": None, "signature_days": None,
                         "product_state": None})
    enabled = [p for p in products if p["enabled"]]
    ages = [p["signature_days"] for p in enabled if p["signature_days"] is not None]
    value = {
        "products": products, "any_enabled": bool(enabled),
        "any_up_to_date": any(p["up_to_date"] is True for p in enabled),
        "newest_signature_days": min(ages) if ages else None,
    }
    errors: dict[str, str] = {}
    if not sc2.ok and not sc2.absent and server is not True and not enabled:
        return [("windows.antivirus", None, None, sc2.why())]
    known_status = [p for p in enabled if p["up_to_date"] is not None or p["signature_days"]
                    is not None]
    if enabled and not known_status:
        msg = ("running antivirus ({}) reports no signature date or status; check its update "
               "console by hand").format(", ".join(p["name"] for p in enabled))
        errors = {"any_up_to_date": msg, "newest_signature_days": msg}
    return [("windows.antivirus", value, errors, None)]


# -- USB storage, firewall ---------------------------------------------------------------
_DISK_CLASS = "RemovableStorageDevices\\{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}"


def usb_facts(usb: Parsed) -> Out:
    if not usb.ok:
        return _fail("windows.usb_storage", usb)
    reg = usb.value
    start = _int(_data(reg.find("Services\\USBSTOR", "Start")))
    deny_all = _int(_data(reg.find("Policies\\Microsoft\\Windows\\RemovableStorageDevices",
                                   "Deny_All")))
    deny_read = _int(_data(reg.find(_DISK_CLASS, "Deny_Read")))
    deny_write = _int(_data(reg.find(_DISK_CLASS, "Deny_Write")))
    blocked = start == 4 or deny_all == 1 or (deny_read == 1 and deny_write == 1)
    return [("windows.usb_storage", {
        "blocked": blocked, "usbstor_start": start,
        "deny_policy": {"deny_all": deny_all == 1, "removable_disk_deny_read": deny_read == 1,
                        "removable_disk_deny_write": deny_write == 1},
    }, None, None)]


