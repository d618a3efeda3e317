"""Changing, resetting and ageing passwords."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zicha.web.accounts.history import PasswordHistory
from zicha.web.accounts.services import (
    account_login_attempt,
    account_password_change,
    account_password_reset,
    password_is_expired,
)
from zicha.web.accounts.validators import character_classes
from zicha.web.audit.models import AuditEvent

from .support import PASSWORD, make_user

NEW = "Fresh-Pass-2025"


def test_change_needs_the_current_password(inspector):
    with pytest.raises(ValidationError) as exc:
        account_password_change(user=inspector, old_password="nope", new_password=NEW)
    assert "old_password" in exc.value.error_dict
    assert not AuditEvent.objects.exists()


def test_change_applies_the_policy(inspector):
    with pytest.raises(ValidationError) as exc:
        account_password_change(user=inspector, old_password=PASSWORD, new_password="short")
    assert {e.code for e in exc.value.error_dict["new_password1"]} >= {"password_too_short"}
    with pytest.raises(ValidationError):
        account_password_change(user=inspector, old_password=PASSWORD, new_password=PASSWORD)


def test_change_clears_the_forced_change_and_is_audited(organization):
    user = make_user("new.person", organization=organization, must_change=True,
                     changed_days_ago=200)
    account_password_change(user=user, old_password=PASSWORD, new_password=NEW)
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.must_change_password
    assert timezone.now() - user.password_changed_at < dt.timedelta(minutes=1)
    assert PasswordHistory.objects.filter(user=user).count() == 1
    event = AuditEvent.objects.get()
    assert event.action == "account.password_changed" and event.actor == user
    assert "password" not in str(event.after).replace("password_changed_at", "").replace(
        "must_change_password", "")


def test_reset_gives_a_one_time_password_and_lifts_a_lock(admin, inspector):
    type(inspector).objects.filter(pk=inspector.pk).update(
        failed_logins=5, locked_until=timezone.now() + dt.timedelta(minutes=10))
    inspector.refresh_from_db()
    one_time = account_password_reset(actor=admin, user=inspector)
    assert character_classes(one_time) == 4
    inspector.refresh_from_db()
    assert inspector.must_change_password and inspector.locked_until is None
    assert not inspector.check_password(PASSWORD) and inspector.check_password(one_time)
    assert account_login_attempt(username=inspector.username, password=one_time).ok
    event = AuditEvent.objects.get(action="account.password_reset")
    assert event.actor == admin and one_time not in str(event.after) + str(event.detail)
    # the one-time password cannot be kept by "changing" to it
    with pytest.raises(ValidationError):
        account_password_change(user=inspector, old_password=one_time, new_password=one_time)


def test_reset_is_limited_to_the_admins_organization(admin, inspector, other_organization):
    stranger = make_user("stranger", organization=other_organization)
    with pytest.raises(PermissionDenied):
        account_password_reset(actor=admin, user=stranger)
    with pytest.raises(PermissionDenied):
        account_password_reset(actor=inspector, user=admin)     # no accounts.manage


def test_superusers_reset_anyone(superuser, inspector):
    account_password_reset(actor=superuser, user=inspector)


def test_password_age(inspector, settings):
    now = timezone.now()
    inspector.password_changed_at = now - dt.timedelta(days=89)
    assert not password_is_expired(inspector, now=now)
    inspector.password_changed_at = now - dt.timedelta(days=91)
    assert password_is_expired(inspector, now=now)
    settings.ZICHA_PASSWORD_MAX_AGE_DAYS = 0
    assert not password_is_expired(inspector, now=now)
    settings.ZICHA_PASSWORD_MAX_AGE_DAYS = 30
    inspector.password_changed_at = now - dt.timedelta(days=31)
    assert password_is_expired(inspector, now=now)
    inspector.password_changed_at = None
    assert not password_is_expired(inspector, now=now)
