"""``wmic … get A,B /value`` sections (property names are English in every language).

Output is ``Name=Value`` lines, one block per instance; arrays print as
``{"a","b"}``. wmic writes ``\\r\\r\\n`` line ends, so blank lines cannot delimit
instances: a new instance starts when a property repeats. The PowerShell
fallback of collect.bat (Windows 11 24H2+, where wmic is gone) prints the same form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.text import is_digits
from zicha.parsers.windows._common import mac_norm, numbered, parse_int

__all__ = [
    "AvProduct",
    "AvProducts",
    "GroupMember",
    "Hotfix",
    "Hotfixes",
    "LocalAdmins",
    "LocalUser",
    "LocalUsers",
    "NicConfig",
    "NicConfigs",
    "OsInfo",
    "SrvSys",
    "WmicRecords",
    "decode_product_state",
    "parse_adapters_wmic",
    "parse_antivirus",
    "parse_hotfixes",
    "parse_local_admins",
    "parse_local_users",
    "parse_os",
    "parse_srv_sys",
    "parse_wmic_value",
]

Value = str | tuple[str, ...]
_PROP = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
_NO_INSTANCES = ("no instance(s) available", "没有可用实例")


@dataclass(frozen=True, slots=True)
class WmicRecords:
    records: tuple[dict[str, Value], ...]
    lines: tuple[int, ...]            # line of each record's first property
    no_instances: bool = False


def _value(raw: str) -> Value:
    text = raw.strip()
    if text.startswith("{") and text.endswith("}"):
        inner = text[1:-1]
        if '"' in inner:
            return tuple(m.replace('""', '"') for m in _QUOTED.findall(inner))
        return tuple(p.strip() for p in inner.split(",") if p.strip())
    return text


def parse_wmic_value(text: str) -> WmicRecords:
    records: list[dict[str, Value]] = []
    starts: list[int] = []
    current: dict[str, Value] = {}
    no_instances = False
    for n, ln in numbered(text):
        line = ln.strip().lstrip("\ufeff")
        if not line:
            continue
        m = _PROP.match(line)
        if not m:
            if any(marker in line.lower() for marker in _NO_INSTANCES):
                no_instances = True
                continue
            raise ParseError(f"not a 'Name=Value' line: {line[:60]!r}", line=n)
        key, raw = m.group(1), m.group(2)
        if key in current:
            records.append(current)
            current = {}
        if not current:
            starts.append(n)
        current[key] = _value(raw)
    if current:
        records.append(current)
    return WmicRecords(tuple(records), tuple(starts), no_instances)


def _bool(record: dict[str, Value], key: str, line: int) -> bool:
    raw = record.get(key)
    if not isinstance(raw, str) or raw.upper() not in ("TRUE", "FALSE"):
        raise ParseError(f"{key} must be TRUE or FALSE, not {raw!r}", line=line)
    return raw.upper() == "TRUE"


def _str(record: dict[str, Value], key: str) -> str:
    raw = record.get(key, "")
    return raw if isinstance(raw, str) else ",".join(raw)


def _tuple(record: dict[str, Value], key: str) -> tuple[str, ...]:
    raw = record.get(key, "")
    if isinstance(raw, tuple):
        return raw
    return (raw,) if raw else ()


def _require(parsed: WmicRecords, keys: tuple[str, ...]) -> None:
    for rec, line in zip(parsed.records, parsed.lines, strict=True):
        for key in keys:
            if key not in rec:
                raise ParseError(f"instance lacks property {key}", line=line)


# -- os ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class OsInfo:
    caption: str
    version: str
    build: int
    arch: str
    csd_version: str
    last_boot: str
    product_type: int | None   # 1 workstation, 2 domain controller, 3 server


def parse_os(text: str) -> OsInfo:
    parsed = parse_wmic_value(text)
    if len(parsed.records) != 1:
        raise ParseError(f"expected one operating system instance, found {len(parsed.records)}",
                         line=parsed.lines[1] if len(parsed.records) > 1 else 1)
    _require(parsed, ("Version", "BuildNumber"))
    rec, line = parsed.records[0], parsed.lines[0]
    version = _str(rec, "Version")
    if not re.match(r"^\d+\.\d+\.\d+$", version):
        raise ParseError(f"Version {version!r} is not N.N.N", line=line)
    product_type = None
    if _str(rec, "ProductType"):
        product_type = parse_int(_str(rec, "ProductType"), line, "ProductType")
    return OsInfo(
        caption=_str(rec, "Caption").strip(),
        version=version,
        build=parse_int(_str(rec, "BuildNumber"), line, "BuildNumber"),
        arch=_str(rec, "OSArchitecture"),
        csd_version=_str(rec, "CSDVersion"),
        last_boot=_str(rec, "LastBootUpTime"),
        product_type=product_type,
    )


# -- hotfixes -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Hotfix:
    id: str
    installed_on: str   # as printed: locale-dependent ("3/14/2017", "2017/3/14", "20170314")


@dataclass(frozen=True, slots=True)
class Hotfixes:
    items: tuple[Hotfix, ...]


def parse_hotfixes(text: str) -> Hotfixes:
    parsed = parse_wmic_value(text)
    _require(parsed, ("HotFixID",))
    return Hotfixes(tuple(Hotfix(_str(r, "HotFixID"), _str(r, "InstalledOn"))
                          for r in parsed.records))


# -- srv.sys ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SrvSys:
    present: bool
    version: str | None


_FOUR_PART = re.compile(r"^\d+\.\d+\.\d+\.\d+$")


def parse_srv_sys(text: str) -> SrvSys:
    """``wmic datafile … get Version``: nothing (or "No Instance(s)") = the file is absent."""
    parsed = parse_wmic_value(text)
    if not parsed.records:
        return SrvSys(present=False, version=None)
    if len(parsed.records) != 1:
        raise ParseError("more than one srv.sys instance", line=parsed.lines[1])
    _require(parsed, ("Version",))
    version = _str(parsed.records[0], "Version")
    if not _FOUR_PART.match(version):
        raise ParseError(f"srv.sys version {version!r} is not N.N.N.N", line=parsed.lines[0])
    return SrvSys(present=True, version=version)


# -- local users ----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LocalUser:
    name: str
    sid: str
    disabled: bool
    password_required: bool
    lockout: bool

    @property
    def rid(self) -> int | None:
        tail = self.sid.rsplit("-", 1)[-1]
        return int(tail) if is_digits(tail) else None


@dataclass(frozen=True, slots=True)
class LocalUsers:
    users: tuple[LocalUser, ...]


_SID = re.compile(r"^S-1-\d+(-\d+)+$")


def parse_local_users(text: str) -> LocalUsers:
    parsed = parse_wmic_value(text)
    if not parsed.records and text.strip() and not parsed.no_instances:
        raise ParseError("no user accounts in the output", line=1)
    _require(parsed, ("Name", "SID", "Disabled", "PasswordRequired"))
    users = []
    for rec, line in zip(parsed.records, parsed.lines, strict=True):
        sid = _str(rec, "SID")
        if not _SID.match(sid):
            raise ParseError(f"SID {sid!r} is not a SID", line=line)
        users.append(LocalUser(
            name=_str(rec, "Name"), sid=sid, disabled=_bool(rec, "Disabled", line),
            password_required=_bool(rec, "PasswordRequired", line),
            lockout=_bool(rec, "Lockout", line) if "Lockout" in rec else False,
        ))
    return LocalUsers(tuple(users))


# -- members of the local Administrators group (S-1-5-32-544) ------------------------
@dataclass(frozen=True, slots=True)
class GroupMember:
    kind: str      # user | group | system | other (from the WMI class)
    domain: str
    name: str

    @property
    def qualified(self) -> str:
        return f"{self.domain}\\{self.name}" if self.domain else self.name


@dataclass(frozen=True, slots=True)
class LocalAdmins:
    members: tuple[GroupMember, ...]


_PART = re.compile(r'(?:^|:)(Win32_\w+)\.(?:Domain="((?:[^"\\]|\\.)*)",Name="((?:[^"\\]|\\.)*)"'
                   r'|Name="((?:[^"\\]|\\.)*)",Domain="((?:[^"\\]|\\.)*)")\s*$')
_KINDS = {"win32_useraccount": "user", "win32_group": "group", "win32_systemaccount": "system"}


def parse_local_admins(text: str) -> LocalAdmins:
    """``wmic path win32_groupuser where (GroupComponent=…) get PartComponent /value``."""
    parsed = parse_wmic_value(text)
    _require(parsed, ("PartComponent",))
    members = []
    for rec, line in zip(parsed.records, parsed.lines, strict=True):
        raw = _str(rec, "PartComponent")
        m = _PART.search(raw)
        if not m:
            raise ParseError(f"PartComponent {raw[:80]!r} is not a WMI account path", line=line)
        cls = m.group(1).lower()
        domain = m.group(2) if m.group(2) is not None else m.group(5)
        name = m.group(3) if m.group(3) is not None else m.group(4)
        members.append(GroupMember(_KINDS.get(cls, "other"), domain.replace("\\\\", "\\"),
                                   name.replace("\\\\", "\\")))
    return LocalAdmins(tuple(members))


# -- SecurityCenter2 AntiVirusProduct -----------------------------------------------
@dataclass(frozen=True, slots=True)
class AvProduct:
    name: str
    product_state: int
    enabled: bool        # engine state 1 (on)
    up_to_date: bool     # signature bits 0 (up to date)
    windows_owned: bool  # owner bits 1 (Defender / Security Essentials)
    timestamp: str
    path: str


@dataclass(frozen=True, slots=True)
class AvProducts:
    products: tuple[AvProduct, ...]


def decode_product_state(state: int) -> tuple[bool, bool, bool]:
    """(enabled, up_to_date, windows_owned) from the undocumented productState bits
    (reference §2.5): engine = bits 12-15 (1 on), owner = bits 8-11 (1 Windows),
    signatures = bits 4-7 (0 up to date)."""
    engine = (state >> 12) & 0xF
    owner = (state >> 8) & 0xF
    sig = (state >> 4) & 0xF
    return engine == 1, sig == 0, owner == 1


def parse_antivirus(text: str) -> AvProducts:
    parsed = parse_wmic_value(text)
    _require(parsed, ("displayName", "productState"))
    products = []
    for rec, line in zip(parsed.records, parsed.lines, strict=True):
        state = parse_int(_str(rec, "productState"), line, "productState")
        if not 0 <= state <= 0xFFFFFF:
            raise ParseError(f"productState {state} out of range", line=line)
        enabled, fresh, owned = decode_product_state(state)
        products.append(AvProduct(
            name=_str(rec, "displayName"), product_state=state, enabled=enabled,
            up_to_date=fresh, windows_owned=owned, timestamp=_str(rec, "timestamp"),
            path=_str(rec, "pathToSignedProductExe"),
        ))
    return AvProducts(tuple(products))


# -- network adapter configuration ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class NicConfig:
    description: str
    mac: str | None
    addresses: tuple[str, ...]
    subnets: tuple[str, ...]
    gateways: tuple[str, ...]
    index: int | None


@dataclass(frozen=True, slots=True)
class NicConfigs:
    adapters: tuple[NicConfig, ...]


def parse_adapters_wmic(text: str) -> NicConfigs:
    """``wmic nicconfig where IPEnabled=True get Description,MACAddress,IPAddress,… /value``."""
    parsed = parse_wmic_value(text)
    if not parsed.records and text.strip() and not parsed.no_instances:
        raise ParseError("no adapter instances in the output", line=1)
    _require(parsed, ("Description", "IPAddress"))
    adapters = []
    for rec, line in zip(parsed.records, parsed.lines, strict=True):
        raw_mac = _str(rec, "MACAddress")
        mac = mac_norm(raw_mac) if raw_mac else None
        if raw_mac and mac is None:
            raise ParseError(f"MACAddress {raw_mac!r} is not a MAC address", line=line)
        index = parse_int(_str(rec, "Index"), line, "Index") if _str(rec, "Index") else None
        adapters.append(NicConfig(
            description=_str(rec, "Description"), mac=mac, addresses=_tuple(rec, "IPAddress"),
            subnets=_tuple(rec, "IPSubnet"), gateways=_tuple(rec, "DefaultIPGateway"),
            index=index,
        ))
    return NicConfigs(tuple(adapters))
