"""Counting: everything the report says as a number is computed here from ReportData.

Compliance % of a set of results = passed / (passed + failed + error) × 100.
``not_applicable`` and unanswered manual items (待确认) are left out of the
denominator; ``error`` (无法判定) stays in it, so an undecidable check lowers
compliance instead of hiding — it is never counted as passed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from zicha.reporting.model import AssetRow, CheckRow, FindingRow, ReportData, ResultRow
from zicha.rules.schema import AREAS

__all__ = [
    "STATUSES",
    "AreaStats",
    "CheckStats",
    "ReportStats",
    "compliance",
    "compute",
]

STATUSES = ("passed", "failed", "not_applicable", "manual", "error")


def compliance(counts: Mapping[str, int]) -> float | None:
    """Percentage passed of decided+undecidable results; None when nothing counts."""
    p, f, e = counts.get("passed", 0), counts.get("failed", 0), counts.get("error", 0)
    total = p + f + e
    return None if total == 0 else round(100.0 * p / total, 1)


@dataclass
class CheckStats:
    check: CheckRow
    counts: Counter[str] = field(default_factory=Counter)
    #: asset keys per status (organisation-wide results are under None)
    assets: dict[str, list[str | None]] = field(default_factory=lambda: defaultdict(list))

    @property
    def checked(self) -> int:
        """Results that were actually examined (everything except 不适用)."""
        return sum(n for s, n in self.counts.items() if s != "not_applicable")

    @property
    def org_wide(self) -> bool:
        return all(a is None for lst in self.assets.values() for a in lst) and bool(self.assets)


@dataclass
class AreaStats:
    area: str
    checks: list[CheckStats] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    assets: set[str] = field(default_factory=set)   # assets examined in this area

    @property
    def compliance(self) -> float | None:
        return compliance(self.counts)

    @property
    def examined(self) -> bool:
        """Something in this area was really looked at (not all 不适用)."""
        return any(n for s, n in self.counts.items() if s != "not_applicable")


@dataclass
class ReportStats:
    areas: dict[str, AreaStats]
    counts: Counter[str]
    by_check: dict[str, CheckStats]
    open_findings: list[FindingRow]
    by_severity: Counter[str]
    by_department: Counter[str]
    changes: Counter[str]

    @property
    def compliance(self) -> float | None:
        return compliance(self.counts)


def area_order(areas: Iterable[str]) -> list[str]:
    extra = sorted(set(areas) - set(AREAS))
    return [*AREAS, *extra]


def compute(data: ReportData) -> ReportStats:
    """All counts the renderers need, in one pass over the results."""
    cached = data.__dict__.get("_stats")
    if cached is not None:
        return cached
    by_check: dict[str, CheckStats] = {c.id: CheckStats(c) for c in data.checks}
    #: (area, check id) → stats: a workstation check on an extranet PC reports under 外网终端
    per_area: dict[tuple[str, str], CheckStats] = {}
    for r in data.results:
        cs = by_check.get(r.check_id)
        if cs is None:                        # result for a check not in the list
            cs = by_check[r.check_id] = CheckStats(_placeholder(r))
        cs.counts[r.status] += 1
        cs.assets[r.status].append(r.asset)
        area = result_area(cs.check, data.asset(r.asset))
        ac = per_area.get((area, r.check_id))
        if ac is None:
            ac = per_area[(area, r.check_id)] = CheckStats(cs.check)
        ac.counts[r.status] += 1
        ac.assets[r.status].append(r.asset)
    for cs in by_check.values():              # checks with no result still show in their area
        if not cs.counts:
            per_area[(cs.check.area, cs.check.id)] = CheckStats(cs.check)
    areas = {a: AreaStats(a) for a in area_order(a for a, _ in per_area)}
    total: Counter[str] = Counter()
    for (area, _), cs in per_area.items():
        st = areas[area]
        st.checks.append(cs)
        st.counts.update(cs.counts)
        total.update(cs.counts)
        for status, keys in cs.assets.items():
            if status != "not_applicable":
                st.assets.update(k for k in keys if k is not None)
    for st in areas.values():
        st.checks.sort(key=lambda c: c.check.id)
    open_findings = [f for f in data.findings if f.is_open]
    stats = ReportStats(
        areas=areas,
        counts=total,
        by_check=by_check,
        open_findings=open_findings,
        by_severity=Counter(f.severity for f in open_findings),
        by_department=Counter(f.department or "待定" for f in open_findings),
        changes=Counter(f.change for f in data.findings),
    )
    object.__setattr__(data, "_stats", stats)
    return stats


def result_area(check: CheckRow, asset: AssetRow | None) -> str:
    """The report area of one result: workstation checks on extranet terminals go to 外网终端."""
    if check.area == "workstation" and asset is not None and asset.zone == "extranet":
        return "extranet"
    return check.area


def _placeholder(r: ResultRow) -> CheckRow:
    return CheckRow(id=r.check_id, title_zh=r.check_id, title_en=r.check_id, area="other",
                    severity="medium", kind="auto")


def area_compliance(pairs: Iterable[tuple[str, str]]) -> tuple[Counter[str], dict[str, float | None]]:
    """(area, status) pairs → (status counts, compliance % per area)."""
    counts: Counter[str] = Counter()
    per_area: dict[str, Counter[str]] = defaultdict(Counter)
    for area, status in pairs:
        counts[status] += 1
        per_area[area][status] += 1
    return counts, {a: compliance(c) for a, c in per_area.items()}
