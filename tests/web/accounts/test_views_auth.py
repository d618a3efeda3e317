"""Login, the TOTP step, logout, forced and expired password changes, idle sessions."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zicha.web.accounts import totp
from zicha.web.accounts.middleware import LAST_SEEN_KEY
from zicha.web.audit.models import AuditEvent

from .support import PASSWORD, make_user

LOGIN = reverse("accounts:login")
HOME = reverse("home")
CHANGE = reverse("accounts:password_change")
SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"


def login(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password, **extra})


def test_login_page_is_chinese(client, db):
    html = client.get(LOGIN).content.decode()
    assert "登录" in html and "用户名" in html and "密码" in html


def test_login_and_land_on_next(client, inspector):
    response = login(client, inspector.username, PASSWORD, next="/audit/")
    assert response.status_code == 302 and response["Location"] == "/audit/"
    assert client.get(HOME).status_code == 200
    assert AuditEvent.objects.filter(action="account.login").count() == 1


def test_next_may_not_leave_the_site(client, inspector, settings):
    from django.shortcuts import resolve_url

    response = login(client, inspector.username, PASSWORD, next="https://evil.example/")
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)


def test_wrong_password_shows_a_generic_error(client, inspector):
    response = login(client, inspector.username, "wrong")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_locked_account_gets_a_clear_message_even_with_the_right_password(client, inspector):
    for _ in range(5):
        login(client, inspector.username, "wrong")
    response = login(client, inspector.username, PASSWORD)
    html = response.content.decode()
    assert response.status_code == 200 and "已被锁定" in html
    assert "_auth_user_id" not in client.session


def test_first_login_forces_a_password_change_on_every_page(client, organization):
    user = make_user("first.login", organization=organization, must_change=True)
    response = login(client, user.username, PASSWORD)
    assert response["Location"].startswith(CHANGE)
    for url in (HOME, reverse("accounts:profile"), reverse("accounts:user_list")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(CHANGE), url
    page = client.get(CHANGE)
    assert page.status_code == 200 and "必须先设置新密码" in page.content.decode()
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": "Brand-New-2025",
                                    "new_password2": "Brand-New-2025", "next": HOME})
    assert response.status_code == 302 and response["Location"] == HOME
    assert client.get(HOME).status_code == 200                 # still logged in, free to go


def test_change_form_shows_policy_errors(client, inspector):
    client.force_login(inspector)
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": "abc",
                                    "new_password2": "abc"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password1"]
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": "Brand-New-2025",
                                    "new_password2": "Brand-New-2026"})
    assert response.context["form"].errors["new_password2"]


def test_an_expired_password_must_be_changed(client, organization):
    user = make_user("old.password", organization=organization, changed_days_ago=91)
    client.force_login(user)
    response = client.get(HOME)
    assert response["Location"].startswith(CHANGE)
    assert "已过期" in client.get(CHANGE).content.decode()


def test_totp_login(client, organization):
    user = make_user("two.factor", organization=organization, totp_secret=SECRET)
    response = login(client, user.username, PASSWORD, next="/audit/")
    assert response["Location"] == reverse("accounts:login_totp")
    assert "_auth_user_id" not in client.session
    assert client.get(HOME).status_code == 302                  # not logged in yet
    page = client.get(reverse("accounts:login_totp"))
    assert "验证码" in page.content.decode()
    response = client.post(reverse("accounts:login_totp"), {"code": "000000"})
    assert response.status_code == 200 and response.context["form"].errors["code"]
    code = totp.totp(totp.secret_bytes(SECRET))
    response = client.post(reverse("accounts:login_totp"), {"code": code})
    assert response.status_code == 302 and response["Location"] == "/audit/"
    assert int(client.session["_auth_user_id"]) == user.pk


def test_totp_step_without_a_pending_login_goes_back(client, db):
    assert client.get(reverse("accounts:login_totp"))["Location"] == LOGIN


def test_totp_pending_login_expires(client, organization):
    user = make_user("two.factor", organization=organization, totp_secret=SECRET)
    login(client, user.username, PASSWORD)
    session = client.session
    session["zicha_login_pending"]["at"] = time.time() - 301
    session.save()
    code = totp.totp(totp.secret_bytes(SECRET))
    response = client.post(reverse("accounts:login_totp"), {"code": code})
    assert response["Location"] == LOGIN and "_auth_user_id" not in client.session


def test_logout_is_post_only_and_audited(client, inspector):
    client.force_login(inspector)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.get().action == "account.logout"


def test_idle_session_is_logged_out(client, inspector, settings):
    settings.ZICHA_SESSION_IDLE_MINUTES = 30
    client.force_login(inspector)
    assert client.get(HOME).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 31 * 60
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get()
    assert (event.action, event.detail["reason"]) == ("account.logout", "idle")


def test_active_session_stays(client, inspector):
    client.force_login(inspector)
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 29 * 60
    session.save()
    assert client.get(HOME).status_code == 200


def test_deactivated_account_loses_its_session(client, admin, inspector):
    from zicha.web.accounts.services import account_set_active

    client.force_login(inspector)
    account_set_active(actor=admin, user=inspector, active=False)
    assert client.get(HOME).status_code == 302


def test_login_rotates_the_session_key(client, inspector):
    client.get(LOGIN)
    client.cookies["sessionid"] = "attacker-chosen"
    login(client, inspector.username, PASSWORD)
    assert client.cookies["sessionid"].value != "attacker-chosen"


@pytest.mark.parametrize("url_name", ["accounts:login", "accounts:password_change"])
def test_csrf_is_enforced(inspector, url_name):
    csrf_client = Client(enforce_csrf_checks=True)
    if url_name != "accounts:login":
        csrf_client.force_login(inspector)
    response = csrf_client.post(reverse(url_name), {"username": inspector.username,
                                                    "password": PASSWORD})
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="account.login").count() == 0


def test_admin_site_login_goes_through_the_policy(client, organization):
    user = make_user("staff", organization=organization, superuser=True)
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": user.username, "password": "wrong", "next": "/admin/"})
    user.refresh_from_db()
    assert user.locked_until is not None and user.locked_until > timezone.now()
    client.post(url, {"username": user.username, "password": PASSWORD, "next": "/admin/"})
    assert "_auth_user_id" not in client.session


def test_profile_page(client, inspector):
    inspector.password_changed_at = timezone.now() - dt.timedelta(days=10)
    inspector.save()
    client.force_login(inspector)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert inspector.username in html and "双因素" in html


def test_totp_enrolment_from_the_profile(client, inspector):
    client.force_login(inspector)
    url = reverse("accounts:totp_enable")
    page = client.get(url)
    html = page.content.decode()
    secret = client.session["zicha_totp_enrol"]
    assert " ".join(secret[i:i + 4] for i in range(0, 32, 4)) in html
    assert "otpauth://totp/zicha%3Ali.inspector?secret=" + secret in html
    assert client.get(url).content.decode().count(secret[:4]) >= 1      # same secret kept
    assert client.session["zicha_totp_enrol"] == secret
    response = client.post(url, {"code": "12"})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(url, {"code": totp.totp(totp.secret_bytes(secret))})
    assert response["Location"] == reverse("accounts:profile")
    inspector.refresh_from_db()
    assert inspector.totp_secret == secret
    assert client.get(url)["Location"] == reverse("accounts:profile")      # already on
    client.post(reverse("accounts:totp_disable"), {"password": "wrong"})
    inspector.refresh_from_db()
    assert inspector.totp_secret
    client.post(reverse("accounts:totp_disable"), {"password": PASSWORD})
    inspector.refresh_from_db()
    assert inspector.totp_secret == ""
