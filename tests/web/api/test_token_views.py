"""Token management pages: accounts.manage only, organization-scoped, audited, shown once."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from zicha.web.api.models import ApiToken
from zicha.web.api.services import hash_token, token_create
from zicha.web.audit.models import AuditEvent

PAGES = ("api:token_list", "api:token_create")


@pytest.mark.parametrize("who, status", [
    ("admin", 200), ("inspector", 403), ("department_head", 403), ("leadership", 403),
    ("district_auditor", 403),
])
def test_only_account_managers_manage_tokens(login, who, status):
    client = login(who)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == status


def test_anonymous_is_sent_to_log_in(client, db):
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_create_shows_the_token_once(login, organization):
    client = login("admin")
    response = client.post(reverse("api:token_create"), {
        "organization": organization.pk, "name": "collector on his-app-01",
        "scopes": ["upload"], "expires_on": ""})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    raw = re.search(r"zc_[A-Za-z0-9_\-]+", response.content.decode()).group(0)
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw) and token.scopes == ["upload"]
    assert token.created_by.username == "admin" and token.organization == organization
    listing = client.get(reverse("api:token_list")).content.decode()
    assert raw not in listing and token.prefix in listing
    assert AuditEvent.objects.filter(action="api.token_create").count() == 1


def test_create_validates(login, organization, other_organization):
    client = login("admin")
    response = client.post(reverse("api:token_create"), {
        "organization": other_organization.pk, "name": "x", "scopes": ["read"]})
    assert "organization" in response.context["form"].errors
    response = client.post(reverse("api:token_create"), {
        "organization": organization.pk, "name": "x", "scopes": [],
        "expires_on": "2000-01-01"})
    assert {"scopes", "expires_on"} <= set(response.context["form"].errors)
    assert not ApiToken.objects.exists()


def test_expiry_date_is_the_end_of_that_day(login, organization):
    login("admin").post(reverse("api:token_create"), {
        "organization": organization.pk, "name": "x", "scopes": ["read"],
        "expires_on": "2099-05-01"})
    from django.utils import timezone

    expires = timezone.localtime(ApiToken.objects.get().expires_at)
    assert (expires.year, expires.month, expires.day, expires.hour) == (2099, 5, 2, 0)


def test_revoke_is_audited_and_scoped(login, people, organization, other_organization):
    ours, _raw = token_create(actor=people["admin"], organization=organization, name="a",
                              scopes=["read"])
    theirs, _raw = token_create(actor=None, organization=other_organization, name="b",
                                scopes=["read"])
    client = login("admin")
    assert client.get(reverse("api:token_revoke", args=[ours.pk])).status_code == 405
    assert client.post(reverse("api:token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[ours.pk])).status_code == 302
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert ours.revoked and ours.revoked_at and not theirs.revoked
    event = AuditEvent.objects.get(action="api.token_revoke")
    assert event.actor.username == "admin" and event.target_id == str(ours.pk)
    names = [t.name for t in client.get(reverse("api:token_list")).context["tokens"]]
    assert names == ["a"]


def test_revoke_needs_csrf(people, organization):
    token, _raw = token_create(actor=None, organization=organization, name="a", scopes=["read"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["admin"])
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 403
    token.refresh_from_db()
    assert not token.revoked
