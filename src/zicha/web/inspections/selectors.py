"""Inspection reads."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from zicha.web.accounts.selectors import organizations_visible_to
from zicha.web.inspections.choices import CheckKind, EvidenceKind, ResultStatus
from zicha.web.inspections.models import (
    BundleUpload,
    CheckDefinition,
    CheckResult,
    Evidence,
    Inspection,
    InspectionSchedule,
)
from zicha.web.inventory.models import Asset, Department, Organization, Zone

__all__ = [
    "RESULT_FILTERS",
    "asset_get",
    "asset_history",
    "attachment_get",
    "bundle_evidence_find",
    "bundle_uploads_unused",
    "inspection_area_counts",
    "inspection_filter_choices",
    "inspection_get",
    "inspection_list",
    "inspection_results",
    "inspection_results_filtered",
    "inspections_visible",
    "manual_items",
    "manual_progress",
    "result_attachments",
    "result_facts",
    "result_get",
    "schedules_visible",
]


def inspection_list(*, organization: Organization | None = None) -> QuerySet[Inspection]:
    """Inspections, newest first; all organizations unless one is given."""
    qs = Inspection.objects.select_related("organization").order_by("-started_at", "-pk")
    if organization is not None:
        qs = qs.filter(organization=organization)
    return qs


def inspection_results(*, inspection: Inspection) -> QuerySet[CheckResult]:
    """The results of ``inspection`` by check, then asset (organization-wide ones first)."""
    return (CheckResult.objects.filter(inspection=inspection)
            .select_related("asset", "check_definition")
            .order_by("check_definition__check_id", "asset__name", "asset__ip", "pk"))


def bundle_evidence_find(*, organization: Organization, sha256: str) -> Evidence | None:
    """The earliest record of a collector bundle with this hash, if it was imported before."""
    return (Evidence.objects.filter(inspection__organization=organization,
                                    kind=EvidenceKind.BUNDLE, sha256=sha256.lower())
            .select_related("inspection", "asset").order_by("pk").first())


# -- the console's reads (scoped to what a person may see) --------------------------------

def inspections_visible(*, user: Any) -> QuerySet[Inspection]:
    """Inspections of the organizations ``user`` may see, newest first."""
    return inspection_list().filter(organization__in=organizations_visible_to(user=user))


def inspection_get(*, user: Any, pk: int) -> Inspection:
    """One visible inspection (404 otherwise)."""
    return get_object_or_404(inspections_visible(user=user), pk=pk)


RESULT_FILTERS = ("area", "zone", "department", "asset", "check", "status", "severity")


def inspection_results_filtered(*, inspection: Inspection,
                                filters: dict[str, Any] | None = None) -> QuerySet[CheckResult]:
    """Results of ``inspection`` narrowed by area, zone, department, asset, check, status.

    Ordered by check then asset along the ``inspections_result_chk_idx`` index, so a
    page of 50 out of 100,000 is read without sorting them all.
    """
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    qs = CheckResult.objects.filter(inspection=inspection)
    if "area" in filters:
        qs = qs.filter(check_definition__area=filters["area"])
    if "zone" in filters:
        qs = qs.filter(asset__zone_id=filters["zone"])
    if "department" in filters:
        qs = qs.filter(asset__department_id=filters["department"])
    if "asset" in filters:
        qs = qs.filter(asset_id=filters["asset"])
    if "check" in filters:
        qs = qs.filter(check_definition__check_id=filters["check"])
    if "status" in filters:
        qs = qs.filter(status=filters["status"])
    if "severity" in filters:
        qs = qs.filter(severity=filters["severity"])
    return (qs.select_related("asset", "asset__zone", "asset__department", "check_definition")
            .order_by("check_definition_id", "asset_id", "pk"))


def inspection_area_counts(*, inspection: Inspection) -> dict[str, dict[str, int]]:
    """``{area: {status: n, "total": n}}`` in one aggregate query."""
    out: dict[str, dict[str, int]] = {}
    rows = (CheckResult.objects.filter(inspection=inspection)
            .values_list("check_definition__area", "status").annotate(n=Count("pk"))
            .order_by())
    for area, status, n in rows:
        bucket = out.setdefault(area, {"total": 0})
        bucket[status] = n
        bucket["total"] += n
    return out


def inspection_filter_choices(*, inspection: Inspection) -> dict[str, list[tuple[Any, str]]]:
    """Zones, departments and checks present in the inspection's organization, for filters."""
    org = inspection.organization_id
    checks = (inspection.summary or {}).get("checks")
    if checks is None:
        checks = list(CheckDefinition.objects.filter(results__inspection=inspection)
                      .values_list("check_id", flat=True).distinct().order_by("check_id"))
    return {
        "zone": [(z.pk, str(z)) for z in Zone.objects.filter(organization_id=org)],
        "department": [(d.pk, str(d)) for d in Department.objects.filter(organization_id=org)],
        "check": [(c, c) for c in checks],
    }


def result_get(*, user: Any, pk: int) -> CheckResult:
    """One visible result with its asset, check and inspection."""
    qs = CheckResult.objects.select_related(
        "asset", "asset__zone", "asset__department", "check_definition",
        "inspection", "inspection__organization").filter(
        inspection__organization__in=organizations_visible_to(user=user))
    return get_object_or_404(qs, pk=pk)


def result_facts(*, result: CheckResult) -> Evidence | None:
    """The facts snapshot the result was decided on (Evidence kind=facts of its asset)."""
    qs = Evidence.objects.filter(inspection_id=result.inspection_id, kind=EvidenceKind.FACTS)
    qs = qs.filter(asset_id=result.asset_id) if result.asset_id else qs.filter(asset__isnull=True)
    return qs.order_by("pk").first()


def result_attachments(*, result: CheckResult) -> QuerySet[Evidence]:
    return (Evidence.objects.filter(check_result=result, kind=EvidenceKind.UPLOAD)
            .select_related("uploaded_by").order_by("pk"))


def asset_get(*, user: Any, pk: int) -> Asset:
    return get_object_or_404(Asset.objects.select_related("zone", "department", "organization")
                             .filter(organization__in=organizations_visible_to(user=user)), pk=pk)


def asset_history(*, asset: Asset, check_id: str | None = None) -> QuerySet[CheckResult]:
    """The asset's results across inspections, newest inspection first."""
    qs = CheckResult.objects.filter(asset=asset)
    if check_id:
        qs = qs.filter(check_definition__check_id=check_id)
    return (qs.select_related("inspection", "check_definition")
            .order_by("-inspection__started_at", "-inspection_id", "check_definition_id"))


def manual_items(*, inspection: Inspection) -> QuerySet[CheckResult]:
    """The organization-wide manual items of ``inspection`` with their answers and files."""
    return (CheckResult.objects.filter(inspection=inspection, asset__isnull=True,
                                       check_definition__kind=CheckKind.MANUAL)
            .select_related("check_definition", "manual_answer", "manual_answer__answered_by")
            .prefetch_related(Prefetch("attachments",
                                       queryset=Evidence.objects.filter(kind=EvidenceKind.UPLOAD)
                                       .order_by("pk")))
            .order_by("check_definition__check_id"))


def manual_progress(*, inspection: Inspection) -> dict[str, int]:
    """How many manual items there are, still unanswered, and waiting for confirmation."""
    agg = CheckResult.objects.filter(
        inspection=inspection, asset__isnull=True,
        check_definition__kind=CheckKind.MANUAL).aggregate(
        total=Count("pk"), unanswered=Count("pk", filter=Q(status=ResultStatus.MANUAL)),
        pending=Count("pk", filter=Q(manual_answer__confirmed=False)))
    return {k: int(v or 0) for k, v in agg.items()}


def attachment_get(*, user: Any, pk: int) -> Evidence:
    """An uploaded evidence file the user may see (404 otherwise)."""
    qs = Evidence.objects.filter(kind=EvidenceKind.UPLOAD).exclude(file="").filter(
        inspection__organization__in=organizations_visible_to(user=user))
    return get_object_or_404(qs, pk=pk)


def bundle_uploads_unused(*, organization: Organization) -> QuerySet[BundleUpload]:
    return BundleUpload.objects.filter(organization=organization,
                                       inspection__isnull=True).order_by("-created_at", "-pk")


def schedules_visible(*, user: Any) -> QuerySet[InspectionSchedule]:
    return (InspectionSchedule.objects.filter(
        organization__in=organizations_visible_to(user=user))
        .select_related("organization").order_by("organization__name", "name"))
