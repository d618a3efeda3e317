"""The outcome of one inspection, as the engines hand it to storage and reports.

This is the seam between the pure engines and the Django adapter: the web
layer stores an :class:`InspectionOutcome` in one transaction, the reporting
engine renders one. Nothing here knows about Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from zicha.domain.facts import FactSet
from zicha.domain.results import CheckResult

__all__ = ["AssetRecord", "CheckInfo", "InspectionOutcome", "SourceProblem"]


@dataclass(frozen=True, slots=True)
class AssetRecord:
    """An asset as seen by this inspection (matched to the register or not)."""

    key: str                   # stable key inside the inspection: "ip:127.20.1.10" / "host:his-app-01" / "org"
    name: str
    platform: str              # linux | windows | network_device | printer | other
    zone: str                  # intranet | extranet | dmz
    role: str                  # server | workstation | switch | printer | …
    ip: str | None = None
    mac: str | None = None
    department: str | None = None
    registered: bool = True    # in the organisation's IP/asset register
    sources: tuple[str, ...] = ()   # "scan", "bundle:<sha256>", "register", "local"


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """Snapshot of a check definition as used (results keep the version that decided them)."""

    id: str
    version: int
    kind: str
    area: str
    severity: str
    scope: str
    title: dict[str, str]
    remediation: dict[str, str]
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SourceProblem:
    """A bundle or input that could not be used, with where and why."""

    source: str
    code: str
    message: str
    line: int | None = None


@dataclass
class InspectionOutcome:
    organization: str
    started_at: dt.datetime
    finished_at: dt.datetime
    assets: list[AssetRecord] = field(default_factory=list)
    checks: dict[str, CheckInfo] = field(default_factory=dict)
    results: list[CheckResult] = field(default_factory=list)
    facts: dict[str, FactSet] = field(default_factory=dict)     # asset key → facts
    problems: list[SourceProblem] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)          # scope, vantage, versions…

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.results:
            out[r.status.value] = out.get(r.status.value, 0) + 1
        return out
