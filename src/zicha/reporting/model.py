"""The report's input: plain frozen dataclasses, no ORM objects.

:func:`from_outcome` builds a :class:`ReportData` from the engine's
:class:`~zicha.domain.inspection.InspectionOutcome`. The Django side builds the
same thing from stored rows; the renderers (docx, xlsx, html) only ever see a
ReportData, so every number in a report is computed from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "AssetRow",
    "CheckRow",
    "FindingRow",
    "InfoSystem",
    "ManualAnswer",
    "Narrative",
    "PreviousInspection",
    "ReportData",
    "ResultRow",
    "ScopeSummary",
    "ZoneCount",
    "from_outcome",
]

ORG_KEYS = frozenset({"org", "organization", ""})


@dataclass(frozen=True, slots=True)
class ZoneCount:
    zone: str
    servers: int = 0
    pcs: int = 0
    switches: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.servers + self.pcs + self.switches + self.other


@dataclass(frozen=True, slots=True)
class InfoSystem:
    """An information system and its 等保 grade (e.g. 第三级, 未定级)."""

    name: str
    grade: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ScopeSummary:
    zones: tuple[ZoneCount, ...] = ()
    systems: tuple[InfoSystem, ...] = ()


@dataclass(frozen=True, slots=True)
class AssetRow:
    key: str
    name: str
    ip: str | None
    zone: str
    role: str
    platform: str
    department: str | None = None
    registered: bool = True
    os_name: str | None = None


@dataclass(frozen=True, slots=True)
class CheckRow:
    id: str
    title_zh: str
    title_en: str
    area: str
    severity: str
    kind: str                         # auto | manual
    refs: tuple[str, ...] = ()
    remediation_zh: str = ""
    remediation_en: str = ""
    tags: tuple[str, ...] = ()

    @property
    def seeds(self) -> frozenset[str]:
        """Seed items this check covers (``seed:S20`` → ``S20``)."""
        return frozenset(r.split(":", 1)[1] for r in self.refs if r.startswith("seed:"))


@dataclass(frozen=True, slots=True)
class ResultRow:
    asset: str | None                 # asset key; None for organisation-wide items
    check_id: str
    status: str                       # passed | failed | not_applicable | manual | error
    evidence: str = ""
    finding: int | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class FindingRow:
    number: int
    asset: str | None                 # asset key; None for organisation-wide items
    asset_name: str
    department: str | None
    check_id: str
    title: str
    severity: str
    owner: str | None = None          # None → 待定
    due: dt.date | None = None        # None → 待定
    status: str = "open"              # open | in_progress | fixed | verified | accepted | closed
    measure: str = ""                 # 整改措施
    verification: str = ""            # 验证情况
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    change: str = "new"               # new | recurring | fixed

    @property
    def is_open(self) -> bool:
        return self.status not in ("fixed", "verified", "closed") and self.change != "fixed"


@dataclass(frozen=True, slots=True)
class ManualAnswer:
    answer: str | None                # passed | failed | not_applicable; None → 待确认
    note: str | None = None


@dataclass(frozen=True, slots=True)
class PreviousInspection:
    label: str
    date: dt.date
    counts: Mapping[str, int] = field(default_factory=dict)           # status → count
    compliance: Mapping[str, float | None] = field(default_factory=dict)  # area → %


@dataclass(frozen=True)
class Narrative:
    """The hospital's own words (narrative YAML file). Never written by zicha."""

    organization: str | None = None
    reporting_unit: str | None = None
    leader: str | None = None
    leading_group: tuple[str, ...] = ()
    contact: str | None = None
    inspectors: tuple[str, ...] = ()
    systems: tuple[InfoSystem, ...] = ()
    paragraphs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    source: str | None = None

    def paras(self, section: str) -> tuple[str, ...]:
        return tuple(self.paragraphs.get(section, ()))


@dataclass(frozen=True)
class ReportData:
    organization: str
    period_start: dt.date
    period_end: dt.date
    inspectors: tuple[str, ...]
    generated_at: dt.datetime
    inspection_id: str
    inspection_label: str
    scope: ScopeSummary
    assets: tuple[AssetRow, ...]
    checks: tuple[CheckRow, ...]
    results: tuple[ResultRow, ...]
    findings: tuple[FindingRow, ...]
    manual_answers: Mapping[str, ManualAnswer | None] = field(default_factory=dict)
    previous: tuple[PreviousInspection, ...] = ()
    narrative: Narrative | None = None

    def check(self, check_id: str) -> CheckRow | None:
        return self._check_index().get(check_id)

    def asset(self, key: str | None) -> AssetRow | None:
        return None if key is None else self._asset_index().get(key)

    def _check_index(self) -> dict[str, CheckRow]:
        cache = self.__dict__.get("_checks_by_id")
        if cache is None:
            cache = {c.id: c for c in self.checks}
            object.__setattr__(self, "_checks_by_id", cache)
        return cache

    def _asset_index(self) -> dict[str, AssetRow]:
        cache = self.__dict__.get("_assets_by_key")
        if cache is None:
            cache = {a.key: a for a in self.assets}
            object.__setattr__(self, "_assets_by_key", cache)
        return cache


# -- building from an InspectionOutcome ------------------------------------------------

def from_outcome(outcome, *, previous=None, findings=None, narrative=None) -> ReportData:
    """Build the report's input from the engine's ``InspectionOutcome``.

    ``previous``: earlier inspections, oldest first, each a :class:`PreviousInspection`
    or an ``InspectionOutcome`` (summarised here; the newest one also decides whether
    a derived finding is new or recurring, and which earlier findings are fixed).
    ``findings``: the rectification ledger (``FindingRow``s). Without it findings are
    derived from failed results: one per asset + check, owner and deadline unknown.
    ``narrative``: a :class:`Narrative` (see :mod:`zicha.reporting.narrative`).
    """
    from zicha.reporting import build  # local: keeps this module small

    return build.report_from_outcome(outcome, previous=previous, findings=findings,
                                     narrative=narrative)
