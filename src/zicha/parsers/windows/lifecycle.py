"""Windows product identification, end-of-support lookup and the MS17-010 table.

The end-of-support dates are data (``catalogue/eol/windows.yaml``), loaded once;
the MS17-010 minimum ``srv.sys`` versions are Microsoft's KB4023262 table
(reference §2.4) and never change.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "MS17_010_KBS",
    "EolEntry",
    "load_eol_table",
    "lookup_eol",
    "ms17_010_status",
    "track_of",
]

EOL_FILE = Path(__file__).resolve().parents[2] / "catalogue" / "eol" / "windows.yaml"


@dataclass(frozen=True, slots=True)
class EolEntry:
    product: str
    kind: str
    version: str
    build_min: int | None
    build_max: int | None
    tracks: tuple[str, ...]
    eol: dt.date
    esu: dt.date | None
    uncertain: bool


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@functools.lru_cache(maxsize=4)
def load_eol_table(path: Path = EOL_FILE) -> tuple[EolEntry, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = []
    for raw in data["entries"]:
        entries.append(EolEntry(
            product=str(raw["product"]), kind=str(raw["kind"]), version=str(raw["version"]),
            build_min=raw.get("build_min"), build_max=raw.get("build_max"),
            tracks=tuple(raw.get("track") or ()), eol=_date(raw["eol"]),
            esu=_date(raw["esu"]) if raw.get("esu") else None,
            uncertain=bool(raw.get("uncertain", False)),
        ))
    return tuple(entries)


_ENTERPRISE_WORDS = ("enterprise", "education", "企业版", "教育版")


def track_of(edition_id: str | None, caption: str) -> str:
    """general | enterprise | ltsc | iot_ltsc | sac, from EditionID (or the caption)."""
    ed = (edition_id or "").strip()
    low = ed.lower()
    if ed:
        if low.startswith("server") and low.endswith("acor"):
            return "sac"
        if low.startswith("iotenterprises"):
            return "iot_ltsc"
        if re.match(r"^enterprises(n)?$", low):
            return "ltsc"
        if low.startswith(("enterprise", "education", "iotenterprise")):
            return "enterprise"
        return "general"
    cap = caption.lower()
    if "ltsc" in cap or "ltsb" in cap:
        return "iot_ltsc" if "iot" in cap else "ltsc"
    if any(w in cap for w in _ENTERPRISE_WORDS):
        return "enterprise"
    return "general"


def lookup_eol(*, version: str, build: int, server: bool, track: str,
               table: tuple[EolEntry, ...] | None = None) -> EolEntry | None:
    major_minor = ".".join(version.split(".")[:2])
    kind = "server" if server else "workstation"
    for entry in table if table is not None else load_eol_table():
        if entry.kind != kind or entry.version != major_minor:
            continue
        if entry.build_min is not None and build < entry.build_min:
            continue
        if entry.build_max is not None and build > entry.build_max:
            continue
        if entry.tracks and track not in entry.tracks:
            continue
        return entry
    return None


# -- MS17-010 ----------------------------------------------------------------------
#: minimum patched srv.sys per (major, minor, build) — KB4023262 method 2
_MS17_010_MIN: dict[tuple[int, int, int], int] = {
    (5, 1, 2600): 7208,       # XP
    (5, 2, 3790): 6021,       # Server 2003 SP2 / XP x64
    (6, 1, 7601): 23689,      # 7 SP1 / 2008 R2 SP1
    (6, 2, 9200): 22099,      # 8 / 2012
    (6, 3, 9600): 18604,      # 8.1 / 2012 R2
    (10, 0, 10240): 17319,    # 10 1507
    (10, 0, 10586): 839,      # 10 1511
    (10, 0, 14393): 953,      # 10 1607 / Server 2016
}
#: Vista / 2008 SP2: GDR branch (revision < 20000) and LDR branch
_VISTA_GDR, _VISTA_LDR = 19743, 24067
#: first build that shipped with the fix (10 1703, Server 2019 and later)
FIRST_FIXED_BUILD = 15063

#: KBs Microsoft's own MS17-010 check accepts (reference §2.4); evidence only — later
#: rollups supersede them, so their absence proves nothing.
MS17_010_KBS = frozenset("""
KB3205409 KB3210720 KB3210721 KB3212646 KB3213986 KB4012212 KB4012213 KB4012214 KB4012215
KB4012216 KB4012217 KB4012218 KB4012220 KB4012598 KB4012606 KB4013198 KB4013389 KB4013429
KB4015217 KB4015438 KB4015546 KB4015547 KB4015548 KB4015549 KB4015550 KB4015551 KB4015552
KB4015553 KB4015554 KB4016635 KB4019213 KB4019214 KB4019215 KB4019216 KB4019263 KB4019264
KB4019472 KB4015221 KB4019474 KB4015219 KB4019473
""".split())


def ms17_010_status(srv_version: str | None, *, os_build: int | None,
                    srv_present: bool) -> tuple[bool | None, str]:
    """(fixed, reason). ``fixed`` None: no rule for this build (the builder reports an error)."""
    if os_build is not None and os_build >= FIRST_FIXED_BUILD:
        return True, "build-not-affected"
    if not srv_present:
        return True, "smb1-server-absent"
    if srv_version is None:
        return None, "srv-sys-version-unknown"
    parts = tuple(int(p) for p in srv_version.split("."))
    if len(parts) != 4:
        return None, "srv-sys-version-unknown"
    base, rev = parts[:3], parts[3]
    if base[:2] == (10, 0) and base[2] >= FIRST_FIXED_BUILD:
        return True, "build-not-affected"
    if base == (6, 0, 6003):
        return True, "srv-sys-version"          # the 2019+ Server 2008 SP2 build line
    if base == (6, 0, 6002):
        minimum = _VISTA_LDR if rev >= 20000 else _VISTA_GDR
        return rev >= minimum, "srv-sys-version"
    if base == (6, 1, 7600):
        return False, "no-fix-for-rtm"           # Windows 7 / 2008 R2 without SP1
    if base in _MS17_010_MIN:
        return rev >= _MS17_010_MIN[base], "srv-sys-version"
    return None, "srv-sys-version-unknown"
