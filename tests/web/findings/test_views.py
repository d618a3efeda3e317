"""The ledger in the console: scoping, filters, overdue, detail actions, uploads, export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from zicha.web.findings.models import Finding, FindingAttachment, FindingComment
from zicha.web.inventory.models import Department

from ..inspections.support import PDF_BYTES, jpeg_bytes, stored_files, upload, zip_bomb_docx
from ..outcomes import full_outcome


@pytest.fixture
def ledger(store):
    """Seven open findings over four departments (信息科, 检验科, 护理部, 财务科) and none."""
    store(full_outcome())
    return Finding.objects.select_related("department", "asset")


def dept(name):
    return Department.objects.get(name=name)


def test_list_shows_visible_findings(ledger, logged_in, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = logged_in.get(reverse("findings:list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == ledger.count() == 7


def test_department_head_sees_only_own_department(ledger, client, make_user):
    nursing = dept("护理部")
    head = make_user("nurse-head", "department_head", department=nursing)
    client.force_login(head)
    rows = client.get(reverse("findings:list")).context["page"].object_list
    assert rows and {f.department_id for f in rows} == {nursing.pk}
    foreign = ledger.exclude(department=nursing).first()
    assert client.get(reverse("findings:finding_detail", args=[foreign.pk])).status_code == 404
    own = ledger.filter(department=nursing).first()
    assert client.get(reverse("findings:finding_detail", args=[own.pk])).status_code == 200
    # department heads may update (start, comment) but not assign or accept risks
    assert client.post(reverse("findings:finding_transition", args=[own.pk]),
                       {"action": "start"}).status_code == 302
    own.refresh_from_db()
    assert own.status == "in_progress"
    assert client.post(reverse("findings:finding_transition", args=[foreign.pk]),
                       {"action": "start"}).status_code == 404
    assert client.post(reverse("findings:finding_assign", args=[own.pk]), {}).status_code == 403
    assert client.post(reverse("findings:finding_accept_risk",
                               args=[own.pk]), {}).status_code == 403


def test_department_head_without_department_sees_nothing(ledger, client, make_user):
    client.force_login(make_user("lost-head", "department_head"))
    assert client.get(reverse("findings:list")).context["page"].paginator.count == 0


def test_leadership_reads_only(ledger, client, make_user):
    client.force_login(make_user("boss", "leadership"))
    finding = ledger.first()
    assert client.get(reverse("findings:finding_detail", args=[finding.pk])).status_code == 200
    assert client.post(reverse("findings:finding_transition", args=[finding.pk]),
                       {"action": "start"}).status_code == 403


def test_filters(ledger, logged_in):
    url = reverse("findings:list")
    critical = logged_in.get(url, {"severity": "critical"}).context["page"].object_list
    assert critical and {f.severity for f in critical} == {"critical"}
    lab = dept("检验科")
    rows = logged_in.get(url, {"department": lab.pk}).context["page"].object_list
    assert {f.department_id for f in rows} == {lab.pk}
    some = ledger.first()
    assert logged_in.get(url, {"check": some.check_id}).context["page"].paginator.count >= 1
    assert logged_in.get(url, {"status": "verified"}).context["page"].paginator.count == 0
    assert logged_in.get(url, {"asset": some.asset_id}).context["page"].paginator.count >= 1


def test_overdue_view(ledger, logged_in):
    late = ledger.first()
    Finding.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    Finding.objects.exclude(pk=late.pk).update(due_date=timezone.localdate() + dt.timedelta(days=5))
    rows = logged_in.get(reverse("findings:overdue")).context["page"].object_list
    assert [f.pk for f in rows] == [late.pk]
    rows = logged_in.get(reverse("findings:list"), {"overdue": "on"}).context["page"].object_list
    assert [f.pk for f in rows] == [late.pk]


def test_assign_and_accept_risk_through_the_views(ledger, logged_in, make_user, inspector):
    approver = make_user("zhang-approver", "admin")
    finding = ledger.first()
    nursing = dept("护理部")
    due = timezone.localdate() + dt.timedelta(days=20)
    response = logged_in.post(reverse("findings:finding_assign", args=[finding.pk]), {
        "department": nursing.pk, "owner": "厂商工程师 王工", "due_date": due.isoformat()})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.department, finding.owner, finding.due_date) == (nursing, "厂商工程师 王工", due)

    page = logged_in.get(reverse("findings:finding_detail", args=[finding.pk]))
    approvers = list(page.context["risk_form"].fields["approver"].queryset)
    assert approver in approvers and inspector not in approvers
    response = logged_in.post(reverse("findings:finding_accept_risk", args=[finding.pk]), {
        "reason": "PACS 厂商需要 445 端口", "approver": approver.pk,
        "expires_on": (timezone.localdate() + dt.timedelta(days=400)).isoformat()})
    assert response.status_code == 400
    finding.refresh_from_db()
    assert finding.status == "open"
    response = logged_in.post(reverse("findings:finding_accept_risk", args=[finding.pk]), {
        "reason": "PACS 厂商需要 445 端口", "approver": approver.pk,
        "expires_on": (timezone.localdate() + dt.timedelta(days=180)).isoformat()})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "risk_accepted" and finding.risk_approved_by == approver


class TestCommentUploads:
    def test_comment_with_photo(self, ledger, logged_in, media):
        finding = ledger.first()
        response = logged_in.post(reverse("findings:finding_comment", args=[finding.pk]), {
            "body": "已关闭 445 端口", "photos": [upload("after.jpg", jpeg_bytes())]})
        assert response.status_code == 302
        [attachment] = FindingAttachment.objects.all()
        assert attachment.comment.body == "已关闭 445 端口"
        download = logged_in.get(reverse("findings:attachment_download", args=[attachment.pk]))
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert len(stored_files(media)) == 1

    @pytest.mark.parametrize(("files", "code"), [
        (lambda: [upload("good.pdf", PDF_BYTES), upload("bad.jpg", PDF_BYTES)], "type-mismatch"),
        (lambda: [upload("bomb.docx", zip_bomb_docx())], "zip-bomb"),
        (lambda: [upload(f"{i}.pdf", PDF_BYTES) for i in range(11)], "too-many"),
    ])
    def test_refused_upload_stores_no_comment_and_no_file(self, ledger, logged_in, media,
                                                          files, code):
        finding = ledger.first()
        with translation.override("en"):
            response = logged_in.post(reverse("findings:finding_comment", args=[finding.pk]),
                                      {"body": "整改照片", "files": files()})
        assert response.status_code == 400
        assert f'data-codes="{code}' in response.content.decode()
        assert not FindingComment.objects.exists() and not FindingAttachment.objects.exists()
        assert stored_files(media) == []

    def test_department_head_cannot_download_other_departments_files(self, ledger, client,
                                                                     make_user, inspector,
                                                                     media):
        from zicha.web.findings.evidence_services import finding_comment_add

        nursing = dept("护理部")
        foreign = ledger.exclude(department=nursing).first()
        finding_comment_add(finding=foreign, actor=inspector, files=[upload("a.pdf", PDF_BYTES)])
        attachment = FindingAttachment.objects.get()
        client.force_login(make_user("nurse-head", "department_head", department=nursing))
        url = reverse("findings:attachment_download", args=[attachment.pk])
        assert client.get(url).status_code == 404


def test_export_xlsx_and_csv(ledger, logged_in):
    from openpyxl import load_workbook

    with translation.override("zh-hans"):
        response = logged_in.get(reverse("findings:finding_export"), {"format": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 7
    csv_response = logged_in.get(reverse("findings:finding_export"),
                                 {"format": "csv", "severity": "critical"})
    text = csv_response.content.decode("utf-8-sig")
    assert text.count("\n") == 1 + ledger.filter(severity="critical").count()


def test_list_load_expires_risk_acceptances(ledger, logged_in):
    finding = ledger.first()
    Finding.objects.filter(pk=finding.pk).update(
        status="risk_accepted", risk_expires_on=timezone.localdate() - dt.timedelta(days=2))
    logged_in.get(reverse("findings:list"))
    finding.refresh_from_db()
    assert finding.status == "open"
