"""The home page: behind a login, recent inspections of the visible organisations only."""

from __future__ import annotations

from django.urls import reverse


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_home_lists_inspections(admin_client, store):
    from outcomes import full_outcome

    inspection = store(full_outcome(day=1))
    html = admin_client.get(reverse("home")).content.decode()
    assert f">#{inspection.pk}</a>" in html and "示例医院" in html


def test_home_shows_only_visible_organizations(client, store, django_user_model):
    from outcomes import full_outcome

    from zicha.web.inventory.services import organization_get_or_create

    store(full_outcome(day=1))                      # belongs to the test organisation
    other = organization_get_or_create(name="另一医院", code="other")
    user = django_user_model.objects.create_user(username="lead2", password="x" * 12,
                                                 organization=other, role="leadership",
                                                 must_change_password=False)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "示例医院" not in response.content.decode()
