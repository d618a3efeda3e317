"""Account management by administrators, TOTP enrolment, and the first administrator."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from zicha.web.accounts import totp
from zicha.web.accounts.choices import Role
from zicha.web.accounts.models import User
from zicha.web.accounts.services import (
    account_create,
    account_create_superuser,
    account_login_attempt,
    account_set_active,
    account_totp_disable,
    account_totp_enable,
    account_unlock,
    account_update,
)
from zicha.web.audit.models import AuditEvent
from zicha.web.audit.services import audit_verify

from .support import PASSWORD, make_user


def test_create_gives_a_one_time_password_that_must_be_changed(admin, department):
    user, password = account_create(actor=admin, username="zhou.nurse",
                                    role=Role.DEPARTMENT_HEAD,
                                    organization=admin.organization, department=department,
                                    first_name="周")
    assert user.must_change_password and user.check_password(password)
    assert user.password_history.count() == 1
    event = AuditEvent.objects.get(action="account.created")
    assert event.actor == admin and event.after["role"] == "department_head"
    assert event.after["department"] == "信息科" and password not in str(event.after)
    assert account_login_attempt(username="zhou.nurse", password=password).ok


def test_create_checks_what_the_admin_may_assign(admin, other_organization, organization):
    with pytest.raises(PermissionDenied):
        account_create(actor=admin, username="x1", role=Role.INSPECTOR,
                       organization=other_organization)
    with pytest.raises(PermissionDenied):
        account_create(actor=admin, username="x2", role=Role.DISTRICT_AUDITOR,
                       organization=organization)
    from zicha.web.inventory.services import department_get_or_create
    foreign = department_get_or_create(organization=other_organization, name="外科")
    with pytest.raises(ValidationError):
        account_create(actor=admin, username="x3", role=Role.INSPECTOR,
                       organization=organization, department=foreign)
    with pytest.raises(ValidationError):
        account_create(actor=admin, username="x4", role=Role.DEPARTMENT_HEAD,
                       organization=organization)
    with pytest.raises(ValidationError):
        account_create(actor=admin, username=admin.username.upper(), role=Role.INSPECTOR,
                       organization=organization)
    assert not AuditEvent.objects.exists()


def test_non_admins_cannot_create(inspector):
    with pytest.raises(PermissionDenied):
        account_create(actor=inspector, username="x", role=Role.INSPECTOR,
                       organization=inspector.organization)


def test_superuser_creates_a_district_auditor(superuser, organization, other_organization):
    user, _ = account_create(actor=superuser, username="district", role=Role.DISTRICT_AUDITOR,
                             supervised_organizations=[organization])
    assert list(user.supervised_organizations.all()) == [organization]


def test_update_audits_only_what_changed(admin, inspector, department):
    account_update(actor=admin, user=inspector, data={"first_name": "李", "department": department,
                                                      "email": inspector.email})
    event = AuditEvent.objects.get()
    assert event.action == "account.updated"
    assert event.before == {"first_name": "", "department": None}
    assert event.after == {"first_name": "李", "department": "信息科"}
    account_update(actor=admin, user=inspector, data={"first_name": "李"})
    assert AuditEvent.objects.count() == 1                     # nothing changed: no event


def test_update_refuses_own_role_and_foreign_accounts(admin, other_organization):
    with pytest.raises(ValidationError):
        account_update(actor=admin, user=admin, data={"role": Role.INSPECTOR})
    stranger = make_user("stranger", organization=other_organization)
    with pytest.raises(PermissionDenied):
        account_update(actor=admin, user=stranger, data={"first_name": "x"})
    root = make_user("root2", organization=admin.organization, superuser=True)
    with pytest.raises(PermissionDenied):
        account_update(actor=admin, user=root, data={"first_name": "x"})


def test_deactivate_and_reactivate(admin, inspector):
    account_set_active(actor=admin, user=inspector, active=False)
    assert not account_login_attempt(username=inspector.username, password=PASSWORD).ok
    account_set_active(actor=admin, user=inspector, active=True)
    assert account_login_attempt(username=inspector.username, password=PASSWORD).ok
    assert [e for e in AuditEvent.objects.values_list("action", flat=True)
            if not e.startswith("account.login")] == ["account.deactivated", "account.activated"]
    with pytest.raises(ValidationError):
        account_set_active(actor=admin, user=admin, active=False)


def test_unlock(admin, inspector):
    for _ in range(5):
        account_login_attempt(username=inspector.username, password="bad")
    inspector.refresh_from_db()
    account_unlock(actor=admin, user=inspector)
    assert account_login_attempt(username=inspector.username, password=PASSWORD).ok
    assert AuditEvent.objects.filter(action="account.unlocked", actor=admin).count() == 1


def test_totp_enrolment_needs_a_valid_code(inspector):
    secret = totp.generate_secret()
    with pytest.raises(ValidationError):
        account_totp_enable(user=inspector, secret=secret, code="000000x")
    code = totp.totp(totp.secret_bytes(secret))
    account_totp_enable(user=inspector, secret=secret, code=code)
    inspector.refresh_from_db()
    assert inspector.totp_secret == secret
    event = AuditEvent.objects.get()
    assert event.action == "account.totp_enabled" and secret not in str(event.after)


def test_totp_disable_by_self_needs_the_password_by_admin_not(admin, inspector):
    inspector.totp_secret = totp.generate_secret()
    inspector.save()
    with pytest.raises(ValidationError):
        account_totp_disable(actor=inspector, user=inspector, password="wrong")
    account_totp_disable(actor=inspector, user=inspector, password=PASSWORD)
    inspector.totp_secret = totp.generate_secret()
    inspector.save()
    account_totp_disable(actor=admin, user=inspector)
    inspector.refresh_from_db()
    assert inspector.totp_secret == ""
    assert list(AuditEvent.objects.values_list("actor__username", flat=True)) == [
        inspector.username, admin.username]


def test_create_superuser_service(organization):
    user = account_create_superuser(username="boss", password="Kq7#vRw2-mTz",
                                    organization=organization)
    assert user.is_superuser and user.is_staff and user.role == Role.ADMIN
    assert not user.must_change_password and user.password_changed_at <= timezone.now()
    with pytest.raises(ValidationError):
        account_create_superuser(username="weak", password="password")
    assert audit_verify().ok


def test_zicha_createadmin_command(db, monkeypatch, capsys):
    monkeypatch.setenv("ZICHA_ADMIN_PASSWORD", "Kq7#vRw2-mTz")
    call_command("zicha_createadmin", "--username", "admin", "--noinput")
    user = User.objects.get(username="admin")
    assert user.is_superuser and not user.must_change_password
    with pytest.raises(CommandError):
        call_command("zicha_createadmin", "--username", "admin", "--noinput")
    monkeypatch.setenv("ZICHA_ADMIN_PASSWORD", "weak")
    with pytest.raises(CommandError, match="密码太短"):
        call_command("zicha_createadmin", "--username", "admin2", "--noinput")
    with pytest.raises(CommandError, match="organization"):
        call_command("zicha_createadmin", "--username", "admin3", "--noinput",
                     "--organization", "nope")


def test_zicha_createadmin_interactive(db, monkeypatch):
    answers = iter(["Kq7#vRw2-mTz", "Kq7#vRw2-mTz"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr("builtins.input", lambda prompt="": "chief")
    call_command("zicha_createadmin")
    assert User.objects.get(username="chief").is_superuser


def test_the_proposed_manager_makes_createsuperuser_an_admin(db):
    from zicha.web.accounts.managers import UserManager

    manager = UserManager()
    manager.model = User
    user = manager.create_superuser("root9", "root@example.invalid", "Root-Pass-2025")
    assert user.role == Role.ADMIN and not user.must_change_password
    assert user.password_changed_at is not None
