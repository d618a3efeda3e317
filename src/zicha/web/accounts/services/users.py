"""Accounts managed by administrators: create, change, deactivate, unlock.

An administrator manages the accounts of their own organization; a superuser
manages all. Only a superuser may touch a superuser or make a district auditor
(whose reach spans organizations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zicha.web.accounts.choices import Role
from zicha.web.accounts.policy import has_capability
from zicha.web.audit.services import audit_record

__all__ = [
    "account_create",
    "account_create_superuser",
    "account_set_active",
    "account_unlock",
    "account_update",
    "ensure_manageable",
    "user_snapshot",
]

#: fields an administrator may change with ``account_update``
EDITABLE = ("first_name", "last_name", "email", "role", "department", "organization",
            "supervised_organizations")


def user_snapshot(user: Any) -> dict[str, Any]:
    """What the audit log keeps of an account (never a password hash or a TOTP secret)."""
    supervised = (sorted(str(o) for o in user.supervised_organizations.all())
                  if user.pk is not None else [])
    return {
        "username": user.username, "first_name": user.first_name,
        "last_name": user.last_name, "email": user.email, "role": user.role,
        "organization": str(user.organization) if user.organization_id else None,
        "department": str(user.department) if user.department_id else None,
        "supervised_organizations": supervised, "is_active": user.is_active,
        "totp_enabled": bool(user.totp_secret),
    }


def _changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def ensure_manageable(*, actor: Any, user: Any) -> None:
    """Refuse (PermissionDenied) unless ``actor`` may manage ``user``'s account."""
    if not has_capability(actor, "accounts.manage"):
        raise PermissionDenied("accounts.manage")
    if actor.is_superuser:
        return
    if user.is_superuser or user.organization_id != actor.organization_id:
        raise PermissionDenied("accounts.manage")


def _check_assignment(*, actor: Any, role: str, organization: Any, department: Any,
                      supervised: Iterable[Any]) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if not actor.is_superuser:
        if organization is None or organization.pk != actor.organization_id:
            raise PermissionDenied("accounts.manage")
        if role == Role.DISTRICT_AUDITOR or list(supervised):
            raise PermissionDenied("accounts.manage")
    if department is not None and (organization is None
                                   or department.organization_id != organization.pk):
        raise ValidationError({"department": _("The department belongs to another "
                                               "organization.")})
    if role == Role.DEPARTMENT_HEAD and department is None:
        raise ValidationError({"department": _("A department head needs a department.")})


def account_create(*, actor: Any, username: str, role: str, organization: Any = None,
                   department: Any = None, first_name: str = "", last_name: str = "",
                   email: str = "", supervised_organizations: Iterable[Any] = (),
                   now: dt.datetime | None = None) -> tuple[Any, str]:
    """Create an account with a one-time password; returns ``(user, password)``.

    The password is shown to the administrator once and must be changed at the
    first login (``must_change_password``): no initial password survives it.
    """
    from zicha.web.accounts.services.passwords import (
        _store,
        generate_one_time_password,
    )

    if not has_capability(actor, "accounts.manage"):
        raise PermissionDenied("accounts.manage")
    supervised = list(supervised_organizations)
    _check_assignment(actor=actor, role=role, organization=organization, department=department,
                      supervised=supervised)
    User = get_user_model()
    if User._default_manager.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("An account with this user name already exists.")})
    now = now or timezone.now()
    password = generate_one_time_password()
    with transaction.atomic():
        user = User(username=username, role=role, organization=organization,
                    department=department, first_name=first_name, last_name=last_name,
                    email=email, is_active=True)
        user.set_unusable_password()
        user.save()
        if supervised:
            user.supervised_organizations.set(supervised)
        _store(user, password, must_change=True, now=now)
        audit_record(actor=actor, action="account.created", target=user,
                     after=user_snapshot(user))
    return user, password


def account_update(*, actor: Any, user: Any, data: dict[str, Any]) -> Any:
    """Change the fields in ``data`` (a subset of ``EDITABLE``); audit before → after.

    Works on a fresh copy from the database (a bound ModelForm has already written
    its values onto the instance it was given) and returns it.
    """
    user = get_user_model()._default_manager.get(pk=user.pk)
    ensure_manageable(actor=actor, user=user)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    role = data.get("role", user.role)
    organization = data.get("organization", user.organization)
    department = data.get("department", user.department)
    supervised = data.get("supervised_organizations")
    _check_assignment(actor=actor, role=role, organization=organization, department=department,
                      supervised=supervised or ())
    if user.pk == actor.pk and role != user.role:
        raise ValidationError({"role": _("You cannot change your own role.")})
    with transaction.atomic():
        before = user_snapshot(user)
        for field in ("first_name", "last_name", "email", "role", "department", "organization"):
            if field in data:
                setattr(user, field, data[field])
        user.save()
        if supervised is not None:
            user.supervised_organizations.set(list(supervised))
        changed_before, changed_after = _changes(before, user_snapshot(user))
        if changed_after:
            audit_record(actor=actor, action="account.updated", target=user,
                         before=changed_before, after=changed_after)
    return user


def account_set_active(*, actor: Any, user: Any, active: bool) -> Any:
    """Deactivate (sessions end at their next request) or reactivate an account."""
    ensure_manageable(actor=actor, user=user)
    if user.pk == actor.pk and not active:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.is_active == active:
        return user
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, action="account.activated" if active else "account.deactivated",
                     target=user, before={"is_active": not active}, after={"is_active": active})
    return user


def account_unlock(*, actor: Any, user: Any) -> Any:
    """Lift a lock and clear the failure count."""
    ensure_manageable(actor=actor, user=user)
    if not user.locked_until and not user.failed_logins:
        return user
    with transaction.atomic():
        before = {"locked_until": user.locked_until, "failed_logins": user.failed_logins}
        user.locked_until = None
        user.failed_logins = 0
        user.save(update_fields=["locked_until", "failed_logins"])
        audit_record(actor=actor, action="account.unlocked", target=user, before=before,
                     after={"locked_until": None, "failed_logins": 0})
    return user


def account_create_superuser(*, username: str, password: str, email: str = "",
                             organization: Any = None, via: str = "zicha_createadmin",
                             now: dt.datetime | None = None) -> Any:
    """The first administrator, created from the command line by the person who typed the
    password: role admin, superuser, no forced change (the password passed the policy)."""
    from django.contrib.auth.password_validation import validate_password

    from zicha.web.accounts.services.passwords import _store
    from zicha.web.accounts.validators import password_validators

    User = get_user_model()
    if User._default_manager.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("An account with this user name already exists.")})
    probe = User(username=username, email=email)
    validate_password(password, probe, password_validators=password_validators())
    now = now or timezone.now()
    with transaction.atomic():
        user = User(username=username, email=email, role=Role.ADMIN, organization=organization,
                    is_staff=True, is_superuser=True, is_active=True)
        user.set_unusable_password()
        user.save()
        _store(user, password, must_change=False, now=now)
        audit_record(actor=None, action="account.created", target=user,
                     after={**user_snapshot(user), "is_superuser": True}, detail={"via": via})
    return user
