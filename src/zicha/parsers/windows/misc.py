"""Small language-neutral sections: ``whoami /groups /fo csv /nh`` and the
optional PowerShell ``Get-MpComputerStatus`` section."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from zicha.domain.errors import ParseError
from zicha.parsers.windows._common import numbered

__all__ = ["DefenderStatus", "WhoamiGroups", "parse_ps_defender", "parse_whoami"]

_SID = re.compile(r"^S-1-\d+(?:-\d+)+$", re.ASCII)
#: mandatory integrity level SIDs (S-1-16-x)
_LEVELS = {4096: "low", 8192: "medium", 8448: "medium_plus", 12288: "high", 16384: "system",
           20480: "protected"}


@dataclass(frozen=True, slots=True)
class WhoamiGroups:
    sids: tuple[str, ...]
    integrity: str | None     # low | medium | high | system …

    @property
    def elevated(self) -> bool:
        return self.integrity in ("high", "system", "protected")


def parse_whoami(text: str) -> WhoamiGroups:
    """CSV rows ``"group name","type","SID","attributes"``; names and types are localized,
    the SID column is not."""
    sids: list[str] = []
    for n, ln in numbered(text):
        if not ln.strip():
            continue
        try:
            row = next(csv.reader([ln.strip()], strict=True))
        except (csv.Error, StopIteration) as exc:
            raise ParseError(f"bad CSV row: {exc}", line=n) from None
        if len(row) != 4:
            raise ParseError(f"expected 4 CSV fields, found {len(row)}", line=n)
        sid = row[2].strip()
        if not _SID.match(sid):
            raise ParseError(f"{sid[:40]!r} is not a SID", line=n)
        sids.append(sid)
    if not sids:
        raise ParseError("whoami output has no groups", line=1)
    integrity = None
    for sid in sids:
        if sid.startswith("S-1-16-"):
            integrity = _LEVELS.get(int(sid.rsplit("-", 1)[1]), "other")
    return WhoamiGroups(tuple(sids), integrity)


@dataclass(frozen=True, slots=True)
class DefenderStatus:
    antivirus_enabled: bool | None
    realtime_enabled: bool | None
    signature_age_days: int | None
    signature_version: str | None


_PS_LINE = re.compile(r"^([A-Za-z]+)\s*:\s?(.*)$")


def _ps_bool(value: str, line: int) -> bool | None:
    if not value:
        return None
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise ParseError(f"{value[:20]!r} is not True/False", line=line)


def parse_ps_defender(text: str) -> DefenderStatus:
    """``Get-MpComputerStatus | Format-List AntivirusEnabled,RealTimeProtectionEnabled,
    AntivirusSignatureAge,AntivirusSignatureVersion`` (property names are English)."""
    values: dict[str, tuple[str, int]] = {}
    for n, ln in numbered(text):
        if not ln.strip():
            continue
        m = _PS_LINE.match(ln.strip())
        if not m:
            raise ParseError(f"not a 'Name : Value' line: {ln.strip()[:60]!r}", line=n)
        values[m.group(1)] = (m.group(2).strip(), n)
    if "AntivirusSignatureAge" not in values:
        raise ParseError("no AntivirusSignatureAge in Get-MpComputerStatus output", line=1)
    age_raw, age_line = values["AntivirusSignatureAge"]
    if not re.match(r"^\d{1,10}$", age_raw, re.ASCII):
        raise ParseError(f"AntivirusSignatureAge {age_raw[:20]!r} is not a number", line=age_line)

    def flag(key: str) -> bool | None:
        return _ps_bool(*values[key]) if key in values else None

    return DefenderStatus(
        antivirus_enabled=flag("AntivirusEnabled"),
        realtime_enabled=flag("RealTimeProtectionEnabled"),
        signature_age_days=int(age_raw),
        signature_version=values.get("AntivirusSignatureVersion", ("", 0))[0] or None,
    )
