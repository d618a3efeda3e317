"""Login attempts: lockout timing, the TOTP step, and what the audit log records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zicha.web.accounts import totp
from zicha.web.accounts.services import (
    LoginStatus,
    account_login_attempt,
    account_login_totp,
)
from zicha.web.audit.models import AuditEvent
from zicha.web.audit.services import audit_verify

from .support import PASSWORD, make_user

SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def actions(user=None):
    qs = AuditEvent.objects.order_by("seq")
    if user is not None:
        qs = qs.filter(target_type="accounts.user", target_id=str(user.pk))
    return list(qs.values_list("action", flat=True))


def attempt(user, password, now=None):
    return account_login_attempt(username=user.username, password=password, ip="127.0.0.1",
                                 now=now)


def test_success_resets_the_failure_count_and_is_audited(inspector):
    assert attempt(inspector, "wrong").status is LoginStatus.INVALID
    result = attempt(inspector, PASSWORD)
    assert result.ok and result.user == inspector
    inspector.refresh_from_db()
    assert inspector.failed_logins == 0
    assert actions(inspector) == ["account.login_failed", "account.login"]
    event = AuditEvent.objects.get(action="account.login")
    assert event.actor_label == inspector.username and event.detail["ip"] == "127.0.0.1"
    assert event.organization == inspector.organization


def test_five_failures_lock_and_the_right_password_is_then_refused(inspector):
    now = timezone.now()
    for n in range(1, 5):
        assert attempt(inspector, f"bad-{n}", now).status is LoginStatus.INVALID
    result = attempt(inspector, "bad-5", now)
    assert result.status is LoginStatus.LOCKED
    assert result.locked_until == now + dt.timedelta(minutes=15)
    assert attempt(inspector, PASSWORD, now + dt.timedelta(minutes=14)).status \
        is LoginStatus.LOCKED
    inspector.refresh_from_db()
    assert inspector.failed_logins == 5
    assert actions(inspector) == ["account.login_failed"] * 5 + [
        "account.locked", "account.login_failed"]
    refused = AuditEvent.objects.order_by("-seq").first()
    assert refused.detail["reason"] == "locked"


def test_after_the_lock_time_the_account_is_allowed_and_counts_afresh(inspector):
    for n in range(5):
        attempt(inspector, f"bad-{n}")
    inspector.refresh_from_db()
    assert inspector.locked_until is not None
    # freeze time by moving the lock into the past
    type(inspector).objects.filter(pk=inspector.pk).update(
        locked_until=timezone.now() - dt.timedelta(seconds=1))
    assert attempt(inspector, "bad-again").status is LoginStatus.INVALID   # 1 of 5, not 6
    assert attempt(inspector, PASSWORD).ok
    inspector.refresh_from_db()
    assert inspector.failed_logins == 0 and inspector.locked_until is None


def test_lock_settings_are_configurable(inspector, settings):
    settings.ZICHA_LOGIN_MAX_FAILURES = 2
    settings.ZICHA_LOGIN_LOCK_MINUTES = 60
    now = timezone.now()
    attempt(inspector, "bad", now)
    result = attempt(inspector, "bad", now)
    assert result.status is LoginStatus.LOCKED
    assert result.locked_until == now + dt.timedelta(hours=1)


def test_unknown_and_inactive_accounts(inspector, db):
    result = account_login_attempt(username="nobody", password="x", ip="127.0.0.9")
    assert result.status is LoginStatus.INVALID and result.user is None
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_label, event.detail["reason"], event.detail["username"]) \
        == ("account.login_failed", "anonymous", "unknown_user", "nobody")
    inspector.is_active = False
    inspector.save()
    result = attempt(inspector, PASSWORD)
    assert result.status is LoginStatus.INVALID and result.user is None
    assert AuditEvent.objects.order_by("-seq").first().detail["reason"] == "inactive"


def test_user_names_are_case_sensitive_as_django_stores_them(inspector):
    assert account_login_attempt(username=inspector.username.upper(),
                                 password=PASSWORD).status is LoginStatus.INVALID


def test_totp_is_the_second_step(organization):
    user = make_user("totp.user", organization=organization, totp_secret=SECRET)
    now = timezone.now()
    first = attempt(user, PASSWORD, now)
    assert first.status is LoginStatus.TOTP_REQUIRED
    assert "account.login" not in actions(user)          # not logged in yet
    code = totp.totp(totp.secret_bytes(SECRET), at=now.timestamp())
    result = account_login_totp(user_id=user.pk, code=code, now=now)
    assert result.ok
    assert AuditEvent.objects.get(action="account.login").detail["totp"] is True


def test_wrong_totp_codes_count_towards_the_lock(organization):
    user = make_user("totp.user", organization=organization, totp_secret=SECRET)
    now = timezone.now()
    good = totp.totp(totp.secret_bytes(SECRET), at=now.timestamp())
    bad = f"{(int(good) + 1) % 1_000_000:06d}"
    for _ in range(4):
        assert account_login_totp(user_id=user.pk, code=bad, now=now).status \
            is LoginStatus.INVALID
    assert account_login_totp(user_id=user.pk, code=bad, now=now).status is LoginStatus.LOCKED
    assert account_login_totp(user_id=user.pk, code=good, now=now).status is LoginStatus.LOCKED
    assert attempt(user, PASSWORD, now).status is LoginStatus.LOCKED


def test_totp_step_for_an_account_without_totp_is_refused(inspector):
    assert account_login_totp(user_id=inspector.pk, code="123456").status \
        is LoginStatus.INVALID


def test_every_attempt_keeps_the_chain_intact(inspector):
    for password in ("a", "b", PASSWORD, "c"):
        attempt(inspector, password)
    assert audit_verify().ok and audit_verify().checked == 4


@pytest.mark.parametrize("step", ["password", "totp"])
def test_a_lock_blocks_both_steps(organization, step):
    user = make_user("locked", organization=organization, totp_secret=SECRET)
    type(user).objects.filter(pk=user.pk).update(
        locked_until=timezone.now() + dt.timedelta(minutes=3))
    if step == "password":
        assert attempt(user, PASSWORD).status is LoginStatus.LOCKED
    else:
        code = totp.totp(totp.secret_bytes(SECRET))
        assert account_login_totp(user_id=user.pk, code=code).status is LoginStatus.LOCKED
