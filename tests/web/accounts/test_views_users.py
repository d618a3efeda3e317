"""Account management pages: scoped to the administrator's organization, passwords shown once."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zicha.web.accounts.choices import Role
from zicha.web.accounts.models import User
from zicha.web.audit.models import AuditEvent

from .support import make_user

LIST = reverse("accounts:user_list")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def one_time_password(response) -> str:
    match = re.search(r'class="one-time-password"[^>]*>([^<]+)<', response.content.decode())
    assert match, response.content.decode()[:500]
    return match.group(1)


def test_list_is_scoped_and_filterable(admin_client, admin, inspector, other_organization):
    make_user("stranger", organization=other_organization)
    response = admin_client.get(LIST)
    names = [u.username for u in response.context["page"]]
    assert names == sorted([admin.username, inspector.username])
    response = admin_client.get(LIST, {"role": Role.ADMIN})
    assert [u.username for u in response.context["page"]] == [admin.username]
    response = admin_client.get(LIST, {"q": "inspect"})
    assert [u.username for u in response.context["page"]] == [inspector.username]


def test_list_queries_do_not_grow_with_the_number_of_accounts(admin_client, organization,
                                                              department):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(LIST).status_code == 200
        return len(ctx)

    make_user("u0", organization=organization, department=department)
    few = count()
    for n in range(1, 30):
        make_user(f"u{n}", organization=organization, department=department)
    assert count() == few


def test_list_is_paginated(admin_client, organization):
    User.objects.bulk_create([User(username=f"bulk{n:03d}", organization=organization)
                              for n in range(60)])
    response = admin_client.get(LIST)
    assert len(response.context["page"]) == 50
    assert len(admin_client.get(LIST, {"page": 2}).context["page"]) == 11


def test_create_shows_the_password_once_and_the_person_must_change_it(admin_client, client,
                                                                      department):
    response = admin_client.post(reverse("accounts:user_create"), {
        "username": "chen.head", "first_name": "陈", "role": Role.DEPARTMENT_HEAD,
        "department": department.pk})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = one_time_password(response)
    user = User.objects.get(username="chen.head")
    assert user.organization == department.organization and user.must_change_password
    # the one-time password is nowhere to be seen again
    assert password not in admin_client.get(LIST).content.decode()
    assert password not in str(list(AuditEvent.objects.values_list("after", "detail")))
    from django.test import Client
    newcomer = Client()
    response = newcomer.post(reverse("accounts:login"), {"username": "chen.head",
                                                         "password": password})
    assert response["Location"].startswith(reverse("accounts:password_change"))
    assert newcomer.get(reverse("home"))["Location"].startswith(
        reverse("accounts:password_change"))


def test_create_form_errors(admin_client, admin):
    response = admin_client.post(reverse("accounts:user_create"), {
        "username": admin.username, "role": Role.INSPECTOR})
    assert response.status_code == 200 and response.context["form"].errors
    response = admin_client.post(reverse("accounts:user_create"), {
        "username": "x", "role": Role.DISTRICT_AUDITOR})
    assert "role" in response.context["form"].errors        # not offered to org admins


def test_edit(admin_client, inspector, department):
    url = reverse("accounts:user_edit", args=[inspector.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"first_name": "李", "last_name": "四", "email": "",
                                       "role": Role.LEADERSHIP, "department": department.pk})
    assert response.status_code == 302
    inspector.refresh_from_db()
    assert inspector.role == Role.LEADERSHIP and inspector.department == department
    event = AuditEvent.objects.get(action="account.updated")
    assert event.before["role"] == "inspector" and event.after["role"] == "leadership"


def test_edit_unlocks(admin_client, inspector):
    from zicha.web.accounts.services import account_login_attempt
    for _ in range(5):
        account_login_attempt(username=inspector.username, password="bad")
    url = reverse("accounts:user_edit", args=[inspector.pk])
    assert "unlock" in admin_client.get(url).context["form"].fields
    admin_client.post(url, {"role": Role.INSPECTOR, "unlock": "on"})
    inspector.refresh_from_db()
    assert inspector.locked_until is None


def test_deactivate_and_reactivate(admin_client, inspector):
    url = reverse("accounts:user_deactivate", args=[inspector.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url).status_code == 302
    inspector.refresh_from_db()
    assert not inspector.is_active
    admin_client.post(url)
    inspector.refresh_from_db()
    assert inspector.is_active


def test_cannot_deactivate_oneself(admin_client, admin):
    admin_client.post(reverse("accounts:user_deactivate", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.is_active


def test_reset_password(admin_client, inspector):
    url = reverse("accounts:user_reset_password", args=[inspector.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url)
    password = one_time_password(response)
    inspector.refresh_from_db()
    assert inspector.check_password(password) and inspector.must_change_password


@pytest.mark.parametrize("name", ["accounts:user_edit", "accounts:user_deactivate",
                                  "accounts:user_reset_password"])
def test_another_organizations_account_is_not_found(admin_client, other_organization, name):
    stranger = make_user("stranger", organization=other_organization)
    assert admin_client.get(reverse(name, args=[stranger.pk])).status_code == 404
    assert admin_client.post(reverse(name, args=[stranger.pk])).status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active and not stranger.must_change_password


def test_superuser_accounts_are_out_of_an_org_admins_reach(admin_client, organization):
    root = make_user("root2", organization=organization, superuser=True)
    assert admin_client.post(reverse("accounts:user_reset_password",
                                     args=[root.pk])).status_code == 403


def test_superuser_manages_every_organization(client, superuser, other_organization):
    stranger = make_user("stranger", organization=other_organization)
    client.force_login(superuser)
    assert client.get(reverse("accounts:user_edit", args=[stranger.pk])).status_code == 200
    response = client.get(reverse("accounts:user_create"))
    assert "supervised_organizations" in response.context["form"].fields


def test_inspectors_may_not_manage_accounts(client, inspector):
    client.force_login(inspector)
    assert client.get(LIST).status_code == 403
    assert client.post(reverse("accounts:user_create"), {"username": "x",
                                                         "role": "admin"}).status_code == 403
