"""End-of-life data for Linux distributions (catalogue/eol/linux.yaml).

:func:`load_eol_table` reads the packaged table (the only I/O here);
:func:`find_eol` is a pure lookup by os-release ID / VERSION_ID / NAME.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from zicha.domain.errors import Location, ZichaError

__all__ = ["DEFAULT_EOL_FILE", "EolEntry", "find_eol", "load_eol_table"]

DEFAULT_EOL_FILE = Path(__file__).resolve().parents[2] / "catalogue" / "eol" / "linux.yaml"


@dataclass(frozen=True, slots=True)
class EolEntry:
    product: str
    ids: tuple[str, ...]
    version: str
    eol_date: dt.date
    source: str
    uncertain: bool = False
    name_contains: str | None = None

    def matches(self, os_id: str, version_id: str, name: str) -> bool:
        if os_id.lower() not in self.ids:
            return False
        vid, want = version_id.lower(), self.version.lower()
        if not (vid == want or vid.startswith(want + ".")):
            return False
        return self.name_contains is None or self.name_contains.lower() in name.lower()


def _entry(raw: Any, index: int, file: str) -> EolEntry:
    def bad(msg: str) -> ZichaError:
        return ZichaError(f"eol entry {index}: {msg}", code="eol-table-invalid",
                          location=Location(file=file, field=f"entries.{index}"))

    if not isinstance(raw, dict):
        raise bad("not a mapping")
    for key in ("product", "ids", "version", "eol_date", "source"):
        if key not in raw:
            raise bad(f"missing {key!r}")
    eol = raw["eol_date"]
    if isinstance(eol, str):
        try:
            eol = dt.date.fromisoformat(eol)
        except ValueError:
            raise bad(f"eol_date {eol!r} is not YYYY-MM-DD") from None
    if not isinstance(eol, dt.date):
        raise bad("eol_date must be a date")
    ids = raw["ids"]
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise bad("ids must be a list of strings")
    return EolEntry(product=str(raw["product"]), ids=tuple(i.lower() for i in ids),
                    version=str(raw["version"]), eol_date=eol, source=str(raw["source"]),
                    uncertain=bool(raw.get("uncertain", False)),
                    name_contains=raw.get("name_contains"))


def load_eol_table(path: Path | None = None) -> tuple[EolEntry, ...]:
    path = path or DEFAULT_EOL_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ZichaError("eol table has no 'entries' list", code="eol-table-invalid",
                         location=Location(file=str(path)))
    return tuple(_entry(e, i, str(path)) for i, e in enumerate(entries))


def find_eol(table: tuple[EolEntry, ...], os_id: str | None, version_id: str | None,
             name: str | None = None) -> EolEntry | None:
    if not os_id or not version_id:
        return None
    return next((e for e in table if e.matches(os_id, version_id, name or "")), None)
