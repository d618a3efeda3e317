"""The audit viewer: filters, scoping, export (CSV with BOM, JSON lines), verification."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zicha.web.accounts.choices import Role
from zicha.web.accounts.services import account_login_attempt, account_password_reset
from zicha.web.audit.models import AuditEvent
from zicha.web.audit.services import audit_record

from ..accounts.support import make_user

LIST = reverse("audit:list")
EXPORT = reverse("audit:export")
VERIFY = reverse("audit:verify")


@pytest.fixture
def leader(organization):
    return make_user("leader", role=Role.LEADERSHIP, organization=organization)


@pytest.fixture
def events(admin, inspector, other_organization):
    """A few events in the organization, one in another, one without an organization."""
    stranger = make_user("stranger", organization=other_organization)
    account_login_attempt(username=inspector.username, password="bad")          # org A
    account_password_reset(actor=admin, user=inspector)                           # org A
    audit_record(actor=admin, action="finding.assign", organization=admin.organization,
                 before={"department": None}, after={"department": "检验科"})  # org A
    audit_record(actor=stranger, action="finding.assign", organization=other_organization)
    account_login_attempt(username="ghost", password="x")                         # no org
    return AuditEvent.objects.order_by("seq")


def listed(response):
    return [e.action for e in response.context["page"]]


def test_list_shows_the_organizations_events_newest_first(client, leader, events):
    client.force_login(leader)
    response = client.get(LIST)
    assert response.status_code == 200
    assert listed(response) == ["finding.assign", "account.password_reset",
                                "account.login_failed"]
    html = response.content.decode()
    assert "检验科" in html and "审计日志" in html


def test_superuser_sees_everything(client, superuser, events):
    client.force_login(superuser)
    assert len(listed(client.get(LIST))) == 5


@pytest.mark.parametrize(("params", "expected"), [
    ({"actor": "wang"}, ["finding.assign", "account.password_reset"]),
    ({"action": "account.password_reset"}, ["account.password_reset"]),
    ({"action": "account"}, ["account.password_reset", "account.login_failed"]),
    ({"target_type": "accounts.user"}, ["account.password_reset", "account.login_failed"]),
    ({"target": "li.insp"}, ["account.password_reset", "account.login_failed"]),
    ({"date_from": "2000-01-01", "date_to": "2000-01-02"}, []),
    ({"action": "no-such-action"}, []),
    ({"date_from": "not a date"}, ["finding.assign", "account.password_reset",
                                   "account.login_failed"]),          # ignored, not an error
])
def test_filters(client, leader, events, params, expected):
    client.force_login(leader)
    assert listed(client.get(LIST, params)) == expected


def test_date_filter_uses_local_days(client, leader, events):
    client.force_login(leader)
    today = timezone.localdate().isoformat()
    assert len(listed(client.get(LIST, {"date_from": today, "date_to": today}))) == 3
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert listed(client.get(LIST, {"date_from": tomorrow})) == []


def test_target_id_filter(client, leader, inspector, events):
    client.force_login(leader)
    response = client.get(LIST, {"target_type": "accounts.user", "target_id": inspector.pk})
    assert len(listed(response)) == 2


def test_list_is_paginated_with_a_fixed_number_of_queries(client, leader, organization):
    for n in range(120):
        audit_record(actor=leader, action="test.bulk", organization=organization,
                     after={"n": n})
    client.force_login(leader)
    with CaptureQueriesContext(connection) as few:
        response = client.get(LIST)
    assert len(response.context["page"]) == 50
    with CaptureQueriesContext(connection) as page3:
        response = client.get(LIST, {"page": 3, "action": "test.bulk"})
    assert len(response.context["page"]) == 20
    assert len(page3) <= len(few) + 1


def test_detail_is_scoped(client, leader, events, other_organization):
    client.force_login(leader)
    mine = events.filter(organization=leader.organization).first()
    theirs = events.filter(organization=other_organization).first()
    response = client.get(reverse("audit:event_detail", args=[mine.seq]))
    assert response.status_code == 200 and mine.hash in response.content.decode()
    assert client.get(reverse("audit:event_detail", args=[theirs.seq])).status_code == 404


def test_csv_export_opens_in_excel(client, leader, events):
    client.force_login(leader)
    response = client.get(EXPORT, {"format": "csv", "action": "finding"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:3] == ["序号", "时间", "操作人"]
    assert len(rows) == 2 and rows[1][4] == "finding.assign"
    assert json.loads(rows[1][10]) == {"department": "检验科"}


def test_jsonl_export_carries_the_chain(client, leader, events):
    client.force_login(leader)
    response = client.get(EXPORT, {"format": "jsonl"})
    lines = [json.loads(line) for line in
             b"".join(response.streaming_content).decode().splitlines()]
    # the export's own record comes first: it was written before the rows were read
    assert [line["action"] for line in lines] == ["audit.exported", "finding.assign",
                                                  "account.password_reset",
                                                  "account.login_failed"]
    stored = AuditEvent.objects.get(seq=lines[1]["seq"])
    assert lines[1]["hash"] == stored.hash and lines[1]["prev_hash"] == stored.prev_hash
    assert lines[1]["after"] == {"department": "检验科"}


def test_export_is_itself_audited(client, leader, events):
    client.force_login(leader)
    b"".join(client.get(EXPORT, {"format": "csv", "actor": "wang"}).streaming_content)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "audit.exported" and event.actor == leader
    assert event.detail == {"format": "csv", "filters": {"actor": "wang"}}


def test_verify_page(client, leader, events):
    client.force_login(leader)
    response = client.get(VERIFY)
    assert response.context["result"].ok and "完好" in response.content.decode()
    seq = events[1].seq
    AuditEvent.objects.filter(seq=seq).update(after={"forged": True})
    response = client.get(VERIFY)
    assert response.context["result"].first_bad_seq == seq
    assert response.context["content_changed"]
    assert f"#{seq}" in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("name", ["audit:list", "audit:export", "audit:verify",
                                  "audit:event_detail"])
def test_no_audit_url_accepts_a_change(client, superuser, events, method, name):
    client.force_login(superuser)
    args = [events[0].seq] if name == "audit:event_detail" else []
    before = list(AuditEvent.objects.values_list("seq", "hash"))
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 405
    assert list(AuditEvent.objects.values_list("seq", "hash")) == before


def test_department_heads_and_auditors_cannot_read_the_log(client, organization, events):
    from zicha.web.inventory.services import department_get_or_create

    dept = department_get_or_create(organization=organization, name="检验科")
    for user in (make_user("head", role=Role.DEPARTMENT_HEAD, organization=organization,
                           department=dept),
                 make_user("district", role=Role.DISTRICT_AUDITOR,
                           supervised=(organization,))):
        client.force_login(user)
        assert client.get(LIST).status_code == 403
        assert client.get(EXPORT).status_code == 403


def test_admin_cannot_change_events(client, superuser, events):
    client.force_login(superuser)
    seq = events[0].seq
    assert client.get(reverse("admin:audit_auditevent_change", args=[seq])).status_code == 200
    client.post(reverse("admin:audit_auditevent_change", args=[seq]), {"action": "x"})
    client.post(reverse("admin:audit_auditevent_delete", args=[seq]), {"post": "yes"})
    assert AuditEvent.objects.get(seq=seq).action == events[0].action
