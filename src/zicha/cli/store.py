"""Storing an outcome in the console's database (the only CLI module that touches Django)."""

from __future__ import annotations

from zicha.domain.inspection import InspectionOutcome

__all__ = ["database_label", "store_outcome"]


def store_outcome(outcome: InspectionOutcome, *, org_code: str) -> int:
    """Store in one transaction; return the inspection's id. Nothing is stored on error."""
    from zicha.web.bootstrap import ensure_database, setup_django

    setup_django()
    ensure_database()
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
