"""Inventory writes. Keyword-only arguments; callers own the transaction."""

from __future__ import annotations

from django.db import transaction

from zicha.web.inventory.choices import ZoneKind
from zicha.web.inventory.models import Department, Organization, Zone

__all__ = ["department_get_or_create", "organization_get_or_create", "zone_get_or_create"]


@transaction.atomic
def organization_get_or_create(*, name: str, code: str) -> Organization:
    """The organization with ``code``; created with ``name`` if missing (an existing name is kept)."""
    organization, _created = Organization.objects.get_or_create(code=code, defaults={"name": name})
    return organization


@transaction.atomic
def zone_get_or_create(*, organization: Organization, kind: str, name: str | None = None) -> Zone:
    """A zone of ``kind`` in ``organization``.

    With ``name``: the zone of that name (created with ``kind`` if missing).
    Without: the organization's first zone of that kind, or a new one named
    after the kind's stable value (rename it later in the admin).
    """
    if kind not in ZoneKind.values:
        raise ValueError(f"unknown zone kind {kind!r}; one of {ZoneKind.values}")
    if name:
        zone, _created = Zone.objects.get_or_create(organization=organization, name=name,
                                                    defaults={"kind": kind})
        return zone
    zone = Zone.objects.filter(organization=organization, kind=kind).order_by("pk").first()
    if zone is None:
        zone = Zone.objects.create(organization=organization, kind=kind, name=kind)
    return zone


@transaction.atomic
def department_get_or_create(*, organization: Organization, name: str) -> Department:
    """The department called ``name`` in ``organization``, created if missing."""
    department, _created = Department.objects.get_or_create(organization=organization, name=name)
    return department
