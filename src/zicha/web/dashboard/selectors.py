"""Dashboard reads: compliance of the latest inspection, the trend, overdue rectification,
and the overview of several organizations (district auditors).

Compliance = passed / (passed + failed). ``error`` (undecided), ``manual`` and
``not_applicable`` results are not counted either way; ``error`` is shown beside
the figure so an undecided check is never mistaken for a pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from zicha.domain.results import Severity as DomainSeverity
from zicha.web.core.choices import Severity
from zicha.web.findings.choices import FindingStatus
from zicha.web.findings.models import Finding
from zicha.web.inspections.choices import CheckArea, InspectionStatus, ResultStatus
from zicha.web.inspections.models import CheckDefinition, CheckResult, Inspection
from zicha.web.inventory.labels import zone_label
from zicha.web.inventory.models import Department, Organization, Zone

__all__ = [
    "OVERDUE_STATUSES",
    "Compliance",
    "TrendPoint",
    "compliance_by",
    "compliance_groups",
    "compliance_trend",
    "findings_counts",
    "latest_inspection",
    "organizations_overview",
    "overdue_findings",
    "overdue_findings_page",
]

#: a finding past its due date in one of these states is overdue
OVERDUE_STATUSES = (FindingStatus.OPEN, FindingStatus.IN_PROGRESS)

_COUNTS = {
    "passed": Count("pk", filter=Q(status=ResultStatus.PASSED)),
    "failed": Count("pk", filter=Q(status=ResultStatus.FAILED)),
    "error": Count("pk", filter=Q(status=ResultStatus.ERROR)),
}


def percent(passed: int, failed: int) -> float | None:
    decided = passed + failed
    return round(100.0 * passed / decided, 1) if decided else None


@dataclass(frozen=True)
class Compliance:
    key: Any
    label: str
    passed: int
    failed: int
    error: int = 0

    @property
    def percent(self) -> float | None:
        return percent(self.passed, self.failed)


@dataclass(frozen=True)
class TrendPoint:
    inspection_id: int
    day: dt.date | None
    passed: int
    failed: int

    @property
    def percent(self) -> float | None:
        return percent(self.passed, self.failed)


def latest_inspection(*, organization: Organization) -> Inspection | None:
    return (Inspection.objects.filter(organization=organization,
                                      status=InspectionStatus.FINISHED)
            .order_by("-finished_at", "-pk").first())


def _results(inspection: Inspection, department_id: int | None) -> QuerySet[CheckResult]:
    qs = CheckResult.objects.filter(inspection=inspection)
    if department_id is not None:
        qs = qs.filter(asset__department_id=department_id)
    return qs


def _label(by: str, key: Any) -> str:
    if by == "area":
        return str(CheckArea(key).label) if key in CheckArea.values else str(key)
    if by == "severity":
        return str(Severity(key).label) if key in Severity.values else str(key)
    if key is None:
        return _("Organization-wide") if by == "zone" else _("Unassigned")
    return zone_label(str(key)) if by == "zone" else str(key)


def _order(by: str, rows: list[Compliance]) -> list[Compliance]:
    if by == "area":
        rank = {v: i for i, v in enumerate(CheckArea.values)}
        return sorted(rows, key=lambda r: rank.get(r.key, len(rank)))
    if by == "severity":
        ranks = {s.value: s.rank for s in DomainSeverity}
        return sorted(rows, key=lambda r: -ranks.get(r.key, -1))
    return sorted(rows, key=lambda r: (r.key is None, r.label))


def compliance_by(*, inspection: Inspection, by: str,
                  department_id: int | None = None) -> list[Compliance]:
    """Passed / failed / error counts of ``inspection`` grouped by area, zone, department or
    severity."""
    return compliance_groups(inspection=inspection, department_id=department_id)[by]


def _tally(rows: list[dict[str, Any]], by: str, key: Any) -> list[Compliance]:
    totals: dict[Any, list[int]] = {}
    for r in rows:
        t = totals.setdefault(key(r), [0, 0, 0])
        t[0] += r["passed"]
        t[1] += r["failed"]
        t[2] += r["error"]
    return _order(by, [Compliance(key=k, label=_label(by, k), passed=p, failed=f, error=e)
                       for k, (p, f, e) in totals.items() if p or f or e])


def compliance_groups(*, inspection: Inspection,
                      department_id: int | None = None) -> dict[str, list[Compliance]]:
    """The four groupings at once, from two grouped scans of the inspection's results that
    return few rows: by (check, severity) — no join — and by the asset's (zone, department);
    then small look-ups for the names."""
    results = _results(inspection, department_id)
    by_check = list(results.values("check_definition_id", "severity").annotate(**_COUNTS)
                    .order_by())
    by_place = list(results.values("asset__zone_id", "asset__department_id")
                    .annotate(**_COUNTS).order_by())
    areas = dict(CheckDefinition.objects.filter(
        pk__in={r["check_definition_id"] for r in by_check}).values_list("pk", "area"))
    zones = dict(Zone.objects.filter(pk__in={r["asset__zone_id"] for r in by_place} - {None})
                 .values_list("pk", "name"))
    departments = dict(Department.objects.filter(
        pk__in={r["asset__department_id"] for r in by_place} - {None})
        .values_list("pk", "name"))
    return {
        "area": _tally(by_check, "area", lambda r: areas.get(r["check_definition_id"])),
        "severity": _tally(by_check, "severity", lambda r: r["severity"]),
        "zone": _tally(by_place, "zone", lambda r: zones.get(r["asset__zone_id"])),
        "department": _tally(by_place, "department",
                             lambda r: departments.get(r["asset__department_id"])),
    }


def compliance_trend(*, organization: Organization, department_id: int | None = None,
                     limit: int = 10) -> list[TrendPoint]:
    """The last ``limit`` finished inspections, oldest first. Whole-organization figures come
    from each inspection's stored summary; a department's need one grouped query."""
    inspections = list(Inspection.objects.filter(
        organization=organization, status=InspectionStatus.FINISHED)
        .order_by("-finished_at", "-pk")[:limit])
    inspections.reverse()
    if department_id is None:
        return [TrendPoint(i.pk, _day(i), int((i.summary.get("results") or {}).get("passed", 0)),
                           int((i.summary.get("results") or {}).get("failed", 0)))
                for i in inspections]
    counts = {r["inspection"]: r for r in
              CheckResult.objects.filter(inspection__in=[i.pk for i in inspections],
                                         asset__department_id=department_id)
              .values("inspection").annotate(**_COUNTS).order_by()}
    return [TrendPoint(i.pk, _day(i), counts.get(i.pk, {}).get("passed", 0),
                       counts.get(i.pk, {}).get("failed", 0)) for i in inspections]


def _day(inspection: Inspection) -> dt.date | None:
    from django.utils import timezone

    when = inspection.finished_at or inspection.started_at
    return timezone.localtime(when).date() if when else None


def overdue_findings(*, organization: Organization, today: dt.date,
                     department_id: int | None = None) -> QuerySet[Finding]:
    """Open or in-progress findings past their due date, the longest overdue first."""
    qs = Finding.objects.filter(organization=organization, status__in=OVERDUE_STATUSES,
                                due_date__lt=today)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs.order_by("due_date", "check_id", "pk")


def overdue_findings_page(*, organization: Organization, today: dt.date,
                          department_id: int | None = None, limit: int = 20) -> list[Finding]:
    """The first ``limit`` overdue findings with their asset and department: the ids are
    sorted on the finding table alone, the joins are made for those rows only."""
    ids = list(overdue_findings(organization=organization, today=today,
                                department_id=department_id)
               .values_list("pk", flat=True)[:limit])
    rows = Finding.objects.filter(pk__in=ids).select_related("asset", "department").in_bulk()
    return [rows[pk] for pk in ids]


def findings_counts(*, organizations: Iterable[Any], today: dt.date,
                    department_id: int | None = None) -> dict[int, dict[str, int]]:
    """Per organization id: active (open / in progress / rectified) and overdue findings."""
    qs = Finding.objects.filter(organization__in=organizations,
                                status__in=(*OVERDUE_STATUSES, FindingStatus.RECTIFIED))
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    rows = qs.values("organization").annotate(
        active=Count("pk", filter=Q(status__in=(*OVERDUE_STATUSES, FindingStatus.RECTIFIED))),
        overdue=Count("pk", filter=Q(status__in=OVERDUE_STATUSES, due_date__lt=today)),
    ).order_by()
    return {r["organization"]: {"active": r["active"], "overdue": r["overdue"]} for r in rows}


def organizations_overview(*, organizations: QuerySet[Organization],
                           today: dt.date) -> list[dict[str, Any]]:
    """Each organization with its latest finished inspection's compliance and its findings."""
    latest = (Inspection.objects.filter(organization=OuterRef("pk"),
                                        status=InspectionStatus.FINISHED)
              .order_by("-finished_at", "-pk").values("pk")[:1])
    orgs = list(organizations.annotate(latest_id=Subquery(latest)).order_by("name"))
    inspections = Inspection.objects.in_bulk([o.latest_id for o in orgs if o.latest_id])
    counts = findings_counts(organizations=[o.pk for o in orgs], today=today)
    rows = []
    for org in orgs:
        inspection = inspections.get(org.latest_id)
        results = (inspection.summary.get("results") or {}) if inspection else {}
        rows.append({
            "organization": org, "inspection": inspection,
            "day": _day(inspection) if inspection else None,
            "percent": percent(int(results.get("passed", 0)), int(results.get("failed", 0)))
            if inspection else None,
            "failed": int(results.get("failed", 0)),
            "error": int(results.get("error", 0)),
            **counts.get(org.pk, {"active": 0, "overdue": 0}),
        })
    return rows
