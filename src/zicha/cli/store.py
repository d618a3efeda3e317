"""Storing an outcome in the console's database (the only CLI module that touches Django)."""

from __future__ import annotations

import functools

from zicha.domain.inspection import InspectionOutcome

__all__ = ["database_label", "django_ready", "store_outcome"]


@functools.cache
def django_ready() -> None:
    """Set Django up and bring the database schema up to date, once per process
    (``zicha import`` asks about every bundle; the migration check must not repeat)."""
    from zicha.web.bootstrap import ensure_database, setup_django

    setup_django()
    ensure_database()


def store_outcome(outcome: InspectionOutcome, *, org_code: str) -> int:
    """Store in one transaction; return the inspection's id. Nothing is stored on error."""
    django_ready()
    from zicha.web.inspections.services import inspection_store
    from zicha.web.inventory.services import organization_get_or_create

    organization = organization_get_or_create(name=outcome.organization, code=org_code)
    return int(inspection_store(organization=organization, outcome=outcome).pk)


def database_label() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        return f"SQLite {db['NAME']}"
    return f"PostgreSQL {db.get('HOST', '')}:{db.get('PORT', '')}/{db['NAME']}"


def _organization(*, org_code: str, name: str | None) -> object:
    django_ready()
    from zicha.web.inventory.models import Organization
    from zicha.web.inventory.services import organization_get_or_create

    existing = Organization.objects.filter(code=org_code).first()
    if existing is not None:
        return existing
    return organization_get_or_create(name=name or org_code, code=org_code)


def already_imported(*, org_code: str, sha256: str) -> bool:
    django_ready()
    from zicha.web.inspections.selectors import bundle_evidence_find
    from zicha.web.inventory.models import Organization

    organization = Organization.objects.filter(code=org_code).first()
    return organization is not None and bundle_evidence_find(
        organization=organization, sha256=sha256) is not None


def organization_register(*, org_code: str, name: str | None):  # -> Register
    """The organisation's registered assets, as the engine's Register."""
    import ipaddress

    from zicha.engine.register import Register, RegisterAsset
    from zicha.web.inventory.models import Asset, Subnet

    organization = _organization(org_code=org_code, name=name)
    register = Register(organization=organization.name, source="database")
    for subnet in Subnet.objects.filter(zone__organization=organization).select_related("zone"):
        register.zones.setdefault(subnet.zone.kind, []).append(
            ipaddress.ip_network(subnet.cidr, strict=False))
    assets = (Asset.objects.filter(organization=organization, registered=True)
              .select_related("zone", "department"))
    for a in assets:
        register.assets.append(RegisterAsset(
            name=a.name, ip=a.ip, mac=(a.mac or "").lower() or None,
            zone=a.zone.kind if a.zone else "intranet", role=a.role, platform=a.platform,
            department=a.department.name if a.department else None))
    return register
