"""The user admin shows the lock state read-only (the services write it, with an audit event)."""

from __future__ import annotations

from django.urls import reverse


def test_user_admin_renders_lock_fields_read_only(client, superuser, inspector):
    client.force_login(superuser)
    response = client.get(reverse("admin:accounts_user_change", args=[inspector.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "locked_until" not in form.fields and "failed_logins" not in form.fields
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
