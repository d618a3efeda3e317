"""Inventory writes. Keyword-only arguments; every change made for a person is audited
in the same transaction (``audit_record``). The ``*_get_or_create`` helpers serve the
inspection store, which audits the inspection as a whole.

The Excel import lives in :mod:`zicha.web.inventory.imports`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models, transaction

from zicha.web.audit.services import audit_record
from zicha.web.inventory.choices import ZoneKind
from zicha.web.inventory.models import (
    Asset,
    Department,
    InformationSystem,
    Organization,
    Subnet,
    Zone,
)

__all__ = [
    "ASSET_FIELDS",
    "DEPARTMENT_FIELDS",
    "SUBNET_FIELDS",
    "SYSTEM_FIELDS",
    "ZONE_FIELDS",
    "asset_create",
    "asset_register",
    "asset_update",
    "department_create",
    "department_get_or_create",
    "department_update",
    "organization_get_or_create",
    "snapshot",
    "subnet_create",
    "subnet_update",
    "system_create",
    "system_update",
    "zone_create",
    "zone_get_or_create",
    "zone_update",
]

ZONE_FIELDS = ("organization", "kind", "name")
SUBNET_FIELDS = ("zone", "cidr", "name", "department")
DEPARTMENT_FIELDS = ("organization", "name")
ASSET_FIELDS = ("organization", "name", "ip", "mac", "platform", "role", "zone", "department",
                "owner", "vendor", "registered", "notes")
SYSTEM_FIELDS = ("organization", "name", "kind", "grade", "filing_number", "last_assessed",
                 "department", "owner", "vendor", "notes")


# -- helpers used by the inspection store (no audit: the inspection is the record) ---------

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


# -- generic create / update with audit ----------------------------------------------------

def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    return value


def snapshot(instance: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """The audited view of ``instance``: each field's value (related objects as id + label)."""
    return {f: _plain(getattr(instance, f)) for f in fields}


def _organization_of(instance: models.Model) -> Any:
    if isinstance(instance, Subnet):
        return instance.zone.organization
    return getattr(instance, "organization", None)


def _create(model: type[models.Model], *, actor: Any, action: str, fields: tuple[str, ...],
            data: Mapping[str, Any]) -> Any:
    instance = model(**{f: data[f] for f in fields if f in data})
    instance.full_clean()
    instance.save(force_insert=True)
    audit_record(actor=actor, action=action, target=instance,
                 organization=_organization_of(instance), after=snapshot(instance, fields))
    return instance


def _update(instance: Any, *, actor: Any, action: str, fields: tuple[str, ...],
            data: Mapping[str, Any]) -> Any:
    before = snapshot(instance, fields)
    for f in fields:
        if f in data:
            setattr(instance, f, data[f])
    if snapshot(instance, fields) == before:
        return instance
    instance.full_clean()          # may normalise values (a subnet's CIDR)
    after = snapshot(instance, fields)
    changed = {f for f in fields if before[f] != after[f]}
    if not changed:
        return instance
    instance.save()
    audit_record(actor=actor, action=action, target=instance,
                 organization=_organization_of(instance),
                 before={f: before[f] for f in sorted(changed)},
                 after={f: after[f] for f in sorted(changed)})
    return instance


@transaction.atomic
def zone_create(*, actor: Any, data: Mapping[str, Any]) -> Zone:
    return _create(Zone, actor=actor, action="inventory.zone_create", fields=ZONE_FIELDS,
                   data=data)


@transaction.atomic
def zone_update(*, actor: Any, zone: Zone, data: Mapping[str, Any]) -> Zone:
    return _update(zone, actor=actor, action="inventory.zone_update", fields=ZONE_FIELDS,
                   data=data)


@transaction.atomic
def subnet_create(*, actor: Any, data: Mapping[str, Any]) -> Subnet:
    return _create(Subnet, actor=actor, action="inventory.subnet_create", fields=SUBNET_FIELDS,
                   data=data)


@transaction.atomic
def subnet_update(*, actor: Any, subnet: Subnet, data: Mapping[str, Any]) -> Subnet:
    return _update(subnet, actor=actor, action="inventory.subnet_update", fields=SUBNET_FIELDS,
                   data=data)


@transaction.atomic
def department_create(*, actor: Any, data: Mapping[str, Any]) -> Department:
    return _create(Department, actor=actor, action="inventory.department_create",
                   fields=DEPARTMENT_FIELDS, data=data)


@transaction.atomic
def department_update(*, actor: Any, department: Department,
                      data: Mapping[str, Any]) -> Department:
    return _update(department, actor=actor, action="inventory.department_update",
                   fields=DEPARTMENT_FIELDS, data=data)


@transaction.atomic
def asset_create(*, actor: Any, data: Mapping[str, Any]) -> Asset:
    return _create(Asset, actor=actor, action="inventory.asset_create", fields=ASSET_FIELDS,
                   data=data)


@transaction.atomic
def asset_update(*, actor: Any, asset: Asset, data: Mapping[str, Any]) -> Asset:
    return _update(asset, actor=actor, action="inventory.asset_update", fields=ASSET_FIELDS,
                   data=data)


@transaction.atomic
def asset_register(*, actor: Any, asset: Asset) -> Asset:
    """Enter an asset a scan or a bundle found into the IP register."""
    return _update(asset, actor=actor, action="inventory.asset_register",
                   fields=("registered",), data={"registered": True})


@transaction.atomic
def system_create(*, actor: Any, data: Mapping[str, Any]) -> InformationSystem:
    return _create(InformationSystem, actor=actor, action="inventory.system_create",
                   fields=SYSTEM_FIELDS, data=data)


@transaction.atomic
def system_update(*, actor: Any, system: InformationSystem,
                  data: Mapping[str, Any]) -> InformationSystem:
    return _update(system, actor=actor, action="inventory.system_update", fields=SYSTEM_FIELDS,
                   data=data)
