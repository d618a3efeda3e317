"""``reg query`` sections. reg.exe prints the same in every language::

    <blank>
    HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server
        fDenyTSConnections    REG_DWORD    0x1

collect.bat runs one ``reg query … /v Name`` per block of a composite section
(``>>> label exit=N``): exit 1 means the key or value does not exist (reg.exe
gives the same status for "access denied"; the builder treats both as absent).
A block with a non-zero exit carries no body. Only the localized error line of
reg.exe differs by language, and collect.bat sends it to ``nul``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.windows._common import Line, parse_int, split_blocks

__all__ = [
    "BLOCK_LABELS",
    "RegEntry",
    "RegKey",
    "RegSection",
    "RegValue",
    "parse_autologon",
    "parse_defender",
    "parse_firewall_reg",
    "parse_os_reg",
    "parse_rdp",
    "parse_reg_lines",
    "parse_reg_section",
    "parse_screensaver",
    "parse_smb1",
    "parse_usbstor",
]

Data = int | str | tuple[str, ...]

_KEY = re.compile(r"^HKEY_[A-Z_]+(\\.*)?$")
_VALUE = re.compile(r"^(?: {4}|\t)(.*?)(?: {4}|\t)(REG_[A-Z0-9_]+)(?:(?: {4}|\t)(.*))?$")
_DEFAULT_NAMES = {"(default)", "(默认)", "(預設)"}
_ABBREV = {
    "HKLM": "HKEY_LOCAL_MACHINE", "HKCU": "HKEY_CURRENT_USER", "HKU": "HKEY_USERS",
    "HKCR": "HKEY_CLASSES_ROOT", "HKCC": "HKEY_CURRENT_CONFIG",
}


@dataclass(frozen=True, slots=True)
class RegValue:
    type: str
    data: Data


@dataclass(frozen=True, slots=True)
class RegKey:
    path: str
    values: dict[str, RegValue]


@dataclass(frozen=True, slots=True)
class RegEntry:
    """One block: what one ``reg query`` printed (``found`` False: exit 1, absent)."""

    label: str
    exit_code: int
    line: int
    keys: tuple[RegKey, ...]

    @property
    def found(self) -> bool:
        return self.exit_code == 0


def _full(path: str) -> str:
    """``HKLM\\X`` → ``HKEY_LOCAL_MACHINE\\X``; other paths (suffixes) unchanged."""
    head, sep, tail = path.partition("\\")
    return _ABBREV[head.upper()] + sep + tail if head.upper() in _ABBREV else path


@dataclass(frozen=True, slots=True)
class RegSection:
    entries: tuple[RegEntry, ...]

    def find(self, key: str, name: str) -> RegValue | None:
        """The value ``name`` under the key whose path ends with ``key`` (case-insensitive)."""
        want = _full(key).lower()
        for entry in self.entries:
            if not entry.found:
                continue
            for k in entry.keys:
                if k.path.lower().endswith(want):
                    for vname, value in k.values.items():
                        if vname.lower() == name.lower():
                            return value
        return None

    def labels(self, label: str) -> list[RegEntry]:
        return [e for e in self.entries if e.label.split(":", 1)[0] == label]


def _data(rtype: str, raw: str, line: int) -> Data:
    if rtype in ("REG_DWORD", "REG_QWORD", "REG_DWORD_BIG_ENDIAN"):
        return parse_int(raw, line, rtype)
    if rtype == "REG_MULTI_SZ":
        return tuple(p for p in raw.split("\\0") if p)
    return raw


def parse_reg_lines(lines: list[Line] | tuple[Line, ...]) -> tuple[RegKey, ...]:
    keys: list[RegKey] = []
    path: str | None = None
    values: dict[str, RegValue] = {}
    for n, ln in lines:
        if not ln.strip():
            continue
        if _KEY.match(ln.rstrip()):
            if path is not None:
                keys.append(RegKey(path, values))
            path, values = ln.rstrip(), {}
            continue
        m = _VALUE.match(ln)
        if not m:
            raise ParseError(f"not a reg query key or value line: {ln.strip()[:60]!r}", line=n)
        if path is None:
            raise ParseError("value line before any key line", line=n)
        name = m.group(1).strip()
        if name.lower() in _DEFAULT_NAMES:
            name = ""
        values[name] = RegValue(m.group(2), _data(m.group(2), (m.group(3) or "").strip(), n))
    if path is not None:
        keys.append(RegKey(path, values))
    return tuple(keys)


def parse_reg_section(text: str, known: tuple[str, ...] | None = None) -> RegSection:
    """A composite section of ``>>> label exit=N`` blocks, each one ``reg query`` output."""
    entries = []
    for block in split_blocks(text, known):
        keys = parse_reg_lines(block.lines) if block.ok else ()
        if block.ok and not keys and any(ln.strip() for _, ln in block.lines):
            raise ParseError("reg query output without a key line", line=block.line + 1)
        entries.append(RegEntry(block.label, block.exit_code, block.line, keys))
    return RegSection(tuple(entries))


#: block labels per composite reg section (the contract with collect.bat)
BLOCK_LABELS: dict[str, tuple[str, ...]] = {
    "os_reg": ("cv",),
    "rdp": ("deny_local", "deny_policy", "port"),
    "smb1": ("server", "client", "workstation_deps"),
    "usbstor": ("start", "deny_all", "disk_read", "disk_write"),
    "autologon": ("auto_admin_logon", "default_user", "default_domain", "auto_logon_count",
                  "default_password"),
    "screensaver": ("user", "desktop", "policy", "machine"),
    "defender": ("signatures", "mse_signatures", "disabled_policy", "disabled_local",
                 "realtime_policy"),
    "firewall_reg": ("local_domain", "local_standard", "local_public", "policy_domain",
                     "policy_private", "policy_public"),
}


# One named parser per section (the bundle contract); labels per docs/collector.md.
def parse_os_reg(text: str) -> RegSection:
    """CurrentVersion values: ProductName, EditionID, InstallationType, CurrentBuild,
    DisplayVersion, ReleaseId, UBR, CSDVersion (one ``>>> cv exit=N`` block each)."""
    return parse_reg_section(text, BLOCK_LABELS["os_reg"])


def parse_rdp(text: str) -> RegSection:
    """``deny_local`` / ``deny_policy`` fDenyTSConnections, ``port`` RDP-Tcp PortNumber."""
    return parse_reg_section(text, BLOCK_LABELS["rdp"])


def parse_smb1(text: str) -> RegSection:
    """``server`` LanmanServer SMB1, ``client`` mrxsmb10 Start, ``workstation_deps``
    LanmanWorkstation DependOnService."""
    return parse_reg_section(text, BLOCK_LABELS["smb1"])


def parse_usbstor(text: str) -> RegSection:
    """``start`` USBSTOR Start, ``deny_all`` RemovableStorageDevices Deny_All,
    ``disk_read`` / ``disk_write`` the removable-disk class deny policies."""
    return parse_reg_section(text, BLOCK_LABELS["usbstor"])


def parse_autologon(text: str) -> RegSection:
    """``auto_admin_logon``, ``default_user``, ``default_domain``, ``auto_logon_count`` and
    ``default_password``: that block's exit status only (0 = a DefaultPassword value
    exists); its value is never collected."""
    return parse_reg_section(text, BLOCK_LABELS["autologon"])


def parse_screensaver(text: str) -> RegSection:
    """Per loaded user hive ``user:<SID>`` (exit 0) then ``desktop`` and ``policy``
    blocks under ``HKEY_USERS\\<SID>``; ``machine`` InactivityTimeoutSecs."""
    return parse_reg_section(text, BLOCK_LABELS["screensaver"])


def parse_defender(text: str) -> RegSection:
    """``signatures`` (Windows Defender\\Signature Updates), ``mse_signatures``
    (Microsoft Antimalware), ``disabled_policy`` / ``disabled_local``
    DisableAntiSpyware, ``realtime_policy`` DisableRealtimeMonitoring."""
    return parse_reg_section(text, BLOCK_LABELS["defender"])


def parse_firewall_reg(text: str) -> RegSection:
    """EnableFirewall of the local (``local_domain``, ``local_standard``,
    ``local_public``) and policy (``policy_domain``, ``policy_private``,
    ``policy_public``) profile keys."""
    return parse_reg_section(text, BLOCK_LABELS["firewall_reg"])
