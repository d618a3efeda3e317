"""Finding reads. Department heads see only their department's findings."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zicha.web.accounts.selectors import department_scope, organizations_visible_to
from zicha.web.core.choices import severity_rank
from zicha.web.findings.choices import ACTIVE_STATUSES
from zicha.web.findings.due import local_date
from zicha.web.findings.models import Finding, FindingAttachment, FindingComment
from zicha.web.inspections.models import CheckDefinition, CheckResult
from zicha.web.inventory.models import Organization

__all__ = [
    "FINDING_FILTERS",
    "finding_attachment_get",
    "finding_check_titles",
    "finding_comments",
    "finding_get",
    "finding_history",
    "findings_filtered",
    "findings_open",
    "findings_visible",
]

FINDING_FILTERS = ("status", "severity", "department", "zone", "overdue", "check", "asset", "q")


def findings_open(*, organization: Organization) -> QuerySet[Finding]:
    """Findings still needing work or verification (open, in progress, rectified).

    Most severe first, then oldest. Each row carries ``severity_rank`` (critical = 4).
    """
    return (Finding.objects.filter(organization=organization, status__in=ACTIVE_STATUSES)
            .select_related("asset", "department", "last_seen_inspection")
            .annotate(severity_rank=severity_rank())
            .order_by("-severity_rank", "opened_at", "check_id", "pk"))


def findings_visible(*, user: Any) -> QuerySet[Finding]:
    """Every finding ``user`` may see: their organizations, and for a department head only
    their own department's."""
    qs = Finding.objects.filter(organization__in=organizations_visible_to(user=user))
    department = department_scope(user=user)
    if department is not None:
        qs = qs.filter(department_id=department)
    return qs


def findings_filtered(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Finding]:
    """The ledger: visible findings narrowed by status, severity, department, zone, overdue,
    check, asset; most severe and most overdue first."""
    filters = {k: v for k, v in (filters or {}).items() if v not in (None, "", False)}
    qs = findings_visible(user=user)
    if "status" in filters:
        qs = qs.filter(status=filters["status"])
    if "severity" in filters:
        qs = qs.filter(severity=filters["severity"])
    if "department" in filters:
        qs = qs.filter(department_id=filters["department"])
    if "zone" in filters:
        qs = qs.filter(asset__zone_id=filters["zone"])
    if "check" in filters:
        qs = qs.filter(check_id=filters["check"])
    if "asset" in filters:
        qs = qs.filter(asset_id=filters["asset"])
    if filters.get("overdue"):
        qs = qs.filter(status__in=ACTIVE_STATUSES, due_date__lt=local_date())
    if "q" in filters:
        text = str(filters["q"]).strip()
        qs = qs.filter(Q(check_id__icontains=text) | Q(asset__name__icontains=text)
                       | Q(asset__ip__startswith=text) | Q(owner__icontains=text))
    return (qs.select_related("organization", "asset", "asset__zone", "department", "owner_user")
            .annotate(severity_rank=severity_rank())
            .order_by("-severity_rank", "due_date", "opened_at", "pk"))


def finding_get(*, user: Any, pk: int) -> Finding:
    qs = findings_visible(user=user).select_related(
        "organization", "asset", "asset__zone", "department", "owner_user",
        "first_seen_inspection", "last_seen_inspection", "risk_approved_by",
        "risk_requested_by", "rectified_by")
    return get_object_or_404(qs, pk=pk)


def finding_history(*, finding: Finding) -> QuerySet[CheckResult]:
    """The finding's check on its asset (or the organization) in every inspection."""
    qs = CheckResult.objects.filter(inspection__organization_id=finding.organization_id,
                                    check_definition__check_id=finding.check_id)
    qs = qs.filter(asset_id=finding.asset_id) if finding.asset_id else qs.filter(
        asset__isnull=True)
    return (qs.select_related("inspection", "check_definition")
            .order_by("-inspection__started_at", "-inspection_id"))


def finding_comments(*, finding: Finding) -> QuerySet[FindingComment]:
    return (FindingComment.objects.filter(finding=finding).select_related("author")
            .prefetch_related("attachments").order_by("created_at", "pk"))


def finding_attachment_get(*, user: Any, pk: int) -> FindingAttachment:
    qs = FindingAttachment.objects.filter(finding__in=findings_visible(user=user))
    return get_object_or_404(qs, pk=pk)


def finding_check_titles(*, check_ids: set[str]) -> dict[str, dict[str, str]]:
    """The latest title of each check id (one query)."""
    out: dict[str, dict[str, str]] = {}
    for check_id, title in (CheckDefinition.objects.filter(check_id__in=sorted(check_ids))
                            .order_by("check_id", "version").values_list("check_id", "title")):
        out[check_id] = title or {}
    return out
