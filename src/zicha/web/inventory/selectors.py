"""Inventory reads, always scoped to the organizations the person may see.

Every selector takes ``user`` and filters by ``organizations_visible_to``; the
lists are shaped for pagination (``select_related`` the columns they show, no
per-row queries).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, When

from zicha.web.accounts.selectors import organizations_visible_to
from zicha.web.inventory.models import (
    Asset,
    Department,
    InformationSystem,
    Organization,
    Subnet,
    Zone,
)

__all__ = [
    "asset_findings",
    "asset_get",
    "asset_latest_results",
    "asset_list",
    "department_get",
    "department_list",
    "ip_register_counts",
    "ip_register_list",
    "organizations_for",
    "search_asset_q",
    "subnet_get",
    "subnet_list",
    "system_get",
    "system_list",
    "zone_get",
    "zone_list",
]


def organizations_for(*, user: Any) -> QuerySet[Organization]:
    """The organizations ``user`` may see, by name."""
    return organizations_visible_to(user=user).order_by("name")


def _orgs(user: Any) -> QuerySet[Organization]:
    return organizations_visible_to(user=user)


def _apply_org(qs: QuerySet[Any], filters: Mapping[str, Any], field: str = "organization"
               ) -> QuerySet[Any]:
    org = filters.get("organization")
    return qs.filter(**{field: org}) if org else qs


# -- zones, subnets, departments -------------------------------------------------------------

def zone_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Zone]:
    filters = filters or {}
    qs = (Zone.objects.filter(organization__in=_orgs(user)).select_related("organization")
          .annotate(asset_count=Count("assets", distinct=True),
                    subnet_count=Count("subnets", distinct=True)))
    return _apply_org(qs, filters).order_by("organization__name", "kind", "name")


def zone_get(*, user: Any, pk: int) -> Zone:
    return Zone.objects.select_related("organization").get(pk=pk, organization__in=_orgs(user))


def subnet_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Subnet]:
    filters = filters or {}
    qs = Subnet.objects.filter(zone__organization__in=_orgs(user)).select_related(
        "zone", "zone__organization", "department")
    qs = _apply_org(qs, filters, "zone__organization")
    if filters.get("zone"):
        qs = qs.filter(zone=filters["zone"])
    return qs.order_by("zone__organization__name", "zone__name", "cidr")


def subnet_get(*, user: Any, pk: int) -> Subnet:
    return Subnet.objects.select_related("zone", "zone__organization", "department").get(
        pk=pk, zone__organization__in=_orgs(user))


def department_list(*, user: Any, filters: Mapping[str, Any] | None = None
                    ) -> QuerySet[Department]:
    filters = filters or {}
    qs = (Department.objects.filter(organization__in=_orgs(user)).select_related("organization")
          .annotate(asset_count=Count("assets", distinct=True)))
    return _apply_org(qs, filters).order_by("organization__name", "name")


def department_get(*, user: Any, pk: int) -> Department:
    return Department.objects.select_related("organization").get(
        pk=pk, organization__in=_orgs(user))


# -- assets -------------------------------------------------------------------------------

def search_asset_q(text: str) -> Q:
    """Name, IP address (exact or prefix) or MAC address containing ``text``."""
    text = text.strip()
    q = Q(name__icontains=text)
    try:
        q |= Q(ip=str(ipaddress.ip_address(text)))
    except ValueError:
        if text.replace(".", "").isdigit() or ":" in text:
            q |= Q(ip__startswith=text)
    mac = "".join(ch for ch in text.lower() if ch in "0123456789abcdef")
    if len(mac) >= 4 and len(mac) == len(text.replace(":", "").replace("-", "")):
        q |= Q(mac__icontains=text)
    return q


def asset_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Asset]:
    """Assets by name. ``filters``: organization, zone, department, role, platform,
    registered (True/False/None), q (name / IP / MAC)."""
    filters = filters or {}
    qs = Asset.objects.filter(organization__in=_orgs(user)).select_related(
        "organization", "zone", "department")
    qs = _apply_org(qs, filters)
    for key in ("zone", "department"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    for key in ("role", "platform"):
        if filters.get(key):
            qs = qs.filter(**{key: filters[key]})
    if filters.get("registered") is not None:
        qs = qs.filter(registered=filters["registered"])
    if filters.get("q"):
        qs = qs.filter(search_asset_q(filters["q"]))
    # by organization id, not name: the (organization, name) index then serves the page
    return qs.order_by("organization_id", "name", "pk")


def asset_get(*, user: Any, pk: int) -> Asset:
    return Asset.objects.select_related("organization", "zone", "department").get(
        pk=pk, organization__in=_orgs(user))


def asset_latest_results(*, asset: Asset, limit: int = 200) -> list[Any]:
    """The asset's results in the latest inspection that has any, failures first."""
    from zicha.web.inspections.models import CheckResult

    latest = (CheckResult.objects.filter(asset=asset).order_by("-inspection_id")
              .values_list("inspection_id", flat=True).first())
    if latest is None:
        return []
    order = Case(When(status="failed", then=0), When(status="error", then=1), default=2)
    return list(CheckResult.objects.filter(asset=asset, inspection_id=latest)
                .select_related("check_definition", "inspection")
                .order_by(order, "check_definition__check_id")[:limit])


def asset_findings(*, asset: Asset, limit: int = 100) -> list[Any]:
    """The asset's findings, active ones first."""
    from zicha.web.findings.choices import ACTIVE_STATUSES
    from zicha.web.findings.models import Finding

    active = Case(When(status__in=ACTIVE_STATUSES, then=0), default=1)
    return list(Finding.objects.filter(asset=asset).select_related("department")
                .order_by(active, "due_date", "check_id")[:limit])


# -- the IP register ----------------------------------------------------------------------

def ip_register_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Asset]:
    """Assets with an address: per organization, those not registered first, then by address
    (the (organization, registered, ip) index serves the page)."""
    filters = filters or {}
    qs = asset_list(user=user, filters=filters).filter(ip__isnull=False)
    if filters.get("seen") is True:
        qs = qs.filter(last_seen__isnull=False)
    elif filters.get("seen") is False:
        qs = qs.filter(last_seen__isnull=True)
    return qs.order_by("organization_id", "registered", "ip", "pk")


def ip_register_counts(*, user: Any, filters: Mapping[str, Any] | None = None) -> dict[str, int]:
    """How many addresses are registered, seen, seen without being registered, and
    registered but never seen — in one query."""
    filters = filters or {}
    qs = _apply_org(Asset.objects.filter(organization__in=_orgs(user), ip__isnull=False), filters)
    seen = Q(last_seen__isnull=False)
    counts = qs.aggregate(
        n_total=Count("pk"),
        n_registered=Count("pk", filter=Q(registered=True)),
        n_seen=Count("pk", filter=seen),
        n_unregistered_seen=Count("pk", filter=Q(registered=False) & seen),
        n_registered_unseen=Count("pk", filter=Q(registered=True, last_seen__isnull=True)),
    )
    return {key.removeprefix("n_"): value for key, value in counts.items()}


# -- information systems -----------------------------------------------------------------

def system_list(*, user: Any, filters: Mapping[str, Any] | None = None
                ) -> QuerySet[InformationSystem]:
    filters = filters or {}
    qs = InformationSystem.objects.filter(organization__in=_orgs(user)).select_related(
        "organization", "department")
    qs = _apply_org(qs, filters)
    if filters.get("grade"):
        qs = qs.filter(grade=filters["grade"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("q"):
        text = filters["q"].strip()
        qs = qs.filter(Q(name__icontains=text) | Q(filing_number__icontains=text)
                       | Q(vendor__icontains=text))
    return qs.order_by("organization__name", "-grade", "name")


def system_get(*, user: Any, pk: int) -> InformationSystem:
    return InformationSystem.objects.select_related("organization", "department").get(
        pk=pk, organization__in=_orgs(user))
