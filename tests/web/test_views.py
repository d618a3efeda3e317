"""The home page: a list of inspections with their counts, behind a login."""

from __future__ import annotations

from django.urls import reverse

from .outcomes import full_outcome


def test_home_requires_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_home_lists_inspections_with_counts(admin_client, store):
    store(full_outcome(day=1))
    store(full_outcome(day=2))
    response = admin_client.get(reverse("home"))
    assert response.status_code == 200
    assert len(response.context["inspections"]) == 2
    html = response.content.decode()
    assert "自查" in html and "示例医院" in html and "2025-03-02 09:00" in html
    assert '<td class="num">15</td>' in html      # passed


def test_home_without_inspections(admin_client):
    response = admin_client.get(reverse("home"))
    assert response.status_code == 200
    assert "尚无" in response.content.decode()


def test_language_switch(admin_client):
    response = admin_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "No inspections yet" in admin_client.get(reverse("home")).content.decode()
