"""Which organisations and departments a person may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zicha.web.accounts.choices import Role
from zicha.web.inventory.models import Organization

__all__ = ["department_scope", "organizations_visible_to"]


def organizations_visible_to(*, user: Any) -> QuerySet[Organization]:
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    if user.role == Role.DISTRICT_AUDITOR:
        return user.supervised_organizations.all()
    if user.organization_id is None:
        return Organization.objects.none()
    return Organization.objects.filter(pk=user.organization_id)


def department_scope(*, user: Any) -> int | None:
    """A department head's department id (their findings only), else None (no restriction)."""
    if getattr(user, "role", None) == Role.DEPARTMENT_HEAD:
        return user.department_id or -1
    return None
