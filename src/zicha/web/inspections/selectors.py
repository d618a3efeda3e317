"""Inspection reads."""

from __future__ import annotations

from django.db.models import QuerySet

from zicha.web.inspections.choices import EvidenceKind
from zicha.web.inspections.models import CheckResult, Evidence, Inspection
from zicha.web.inventory.models import Organization

__all__ = ["bundle_evidence_find", "inspection_list", "inspection_results"]


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
