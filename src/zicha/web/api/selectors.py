"""API reads: everything scoped to the token's organization, in a stable order for paging."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zicha.web.accounts.selectors import organizations_visible_to
from zicha.web.api.models import ApiToken
from zicha.web.findings.models import Finding
from zicha.web.inspections.models import CheckResult, Inspection
from zicha.web.inventory.models import Asset, Organization
from zicha.web.inventory.selectors import search_asset_q

__all__ = [
    "api_assets",
    "api_findings",
    "api_inspection_get",
    "api_inspections",
    "api_results",
    "token_list",
]


def api_assets(*, organization: Organization, registered: bool | None = None,
               q: str | None = None) -> QuerySet[Asset]:
    qs = Asset.objects.filter(organization=organization).select_related("zone", "department")
    if registered is not None:
        qs = qs.filter(registered=registered)
    if q:
        qs = qs.filter(search_asset_q(q))
    return qs.order_by("pk")


def api_inspections(*, organization: Organization,
                    status: str | None = None) -> QuerySet[Inspection]:
    qs = Inspection.objects.filter(organization=organization)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-pk")


def api_inspection_get(*, organization: Organization, pk: int) -> Inspection | None:
    return Inspection.objects.filter(organization=organization, pk=pk).first()


def api_results(*, inspection: Inspection, status: str | None = None, check: str | None = None,
                asset: int | None = None) -> QuerySet[CheckResult]:
    qs = (CheckResult.objects.filter(inspection=inspection)
          .select_related("asset", "check_definition"))
    if status:
        qs = qs.filter(status=status)
    if check:
        qs = qs.filter(check_definition__check_id=check)
    if asset is not None:
        qs = qs.filter(asset_id=asset)
    return qs.order_by("pk")


def api_findings(*, organization: Organization, status: str | None = None) -> QuerySet[Finding]:
    qs = Finding.objects.filter(organization=organization).select_related("asset", "department")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("pk")


def token_list(*, user: Any) -> QuerySet[ApiToken]:
    """The tokens of the organizations ``user`` may see, newest first."""
    return (ApiToken.objects.filter(organization__in=organizations_visible_to(user=user))
            .select_related("organization", "created_by").order_by("organization__name",
                                                                    "-created_at"))
