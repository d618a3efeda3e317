"""Which organisations and departments a person may see; which accounts an admin manages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from zicha.web.accounts.choices import Role
from zicha.web.inventory.models import Organization

__all__ = ["department_scope", "organizations_visible_to", "user_list"]


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


def user_list(*, actor: Any, q: str = "", role: str = "", active: bool | None = None
              ) -> QuerySet[Any]:
    """Accounts ``actor`` manages: a superuser all, an administrator their organization's."""
    User = get_user_model()
    qs = User._default_manager.select_related("organization", "department")
    if not getattr(actor, "is_superuser", False):
        if getattr(actor, "organization_id", None) is None:
            return qs.none()
        qs = qs.filter(organization_id=actor.organization_id)
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(first_name__icontains=q)
                       | Q(last_name__icontains=q) | Q(email__icontains=q))
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("organization__name", "username")
