"""Manual items: answer with evidence, refused uploads leave nothing, carry over, confirm."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from zicha.web.findings.models import Finding
from zicha.web.inspections.manual_services import (
    ManualAnswerError,
    manual_answer_confirm,
    manual_answer_record,
    manual_answers_carry_over,
)
from zicha.web.inspections.models import CheckResult, Evidence, ManualAnswer

from ..outcomes import ORG_CHECKS, full_outcome
from .support import PDF_BYTES, jpeg_bytes, png_bytes, stored_files, upload, zip_bomb_docx

M1 = ORG_CHECKS[0].id


def item(inspection, check_id=M1):
    return CheckResult.objects.select_related("check_definition", "inspection").get(
        inspection=inspection, asset__isnull=True, check_definition__check_id=check_id)


def answer_url(inspection, result):
    return reverse("inspections:manual_answer", args=[inspection.pk, result.pk])


def post_answer(client, inspection, result, answer="passed", note="", files=()):
    prefix = f"r{result.pk}-"
    data = {prefix + "answer": answer, prefix + "note": note}
    if files:
        data[prefix + "files"] = list(files)
    return client.post(answer_url(inspection, result), data)


class TestAnswerService:
    def test_answer_passes_the_item_updates_counts_and_keeps_the_answer(self, store, inspector,
                                                                        media):
        inspection = store(full_outcome())
        r = item(inspection)
        manual_answer_record(result=r, actor=inspector, answer="passed", note="UPS 测试 2 小时",
                             files=[upload("ups.jpg", jpeg_bytes())])
        r.refresh_from_db()
        assert (r.status, r.reason) == ("passed", "answered")
        assert r.evidence[-1] == {"fact": "manual.answer", "op": "answered", "expected": None,
                                  "actual": "passed", "ok": True, "note": "UPS 测试 2 小时"}
        answer = ManualAnswer.objects.get(result=r)
        assert answer.answered_by == inspector and answer.confirmed and answer.answered_at
        inspection.refresh_from_db()
        assert inspection.summary["results"]["manual"] == 2
        assert inspection.summary["results"]["passed"] == 16
        assert inspection.summary["areas"]["people"]["passed"] == 1
        [ev] = Evidence.objects.filter(check_result=r)
        assert (ev.kind, ev.source, ev.content_type, ev.uploaded_by) == (
            "upload", "ups.jpg", "image/jpeg", inspector)
        assert ev.file.name.startswith(f"evidence/{inspection.organization_id}/")
        assert (media / ev.file.name).read_bytes() == jpeg_bytes()

    def test_failed_answer_opens_a_finding_and_passing_later_verifies_it(self, store, inspector):
        inspection = store(full_outcome())
        manual_answer_record(result=item(inspection), actor=inspector, answer="failed",
                             note="没有应急预案")
        finding = Finding.objects.get(check_id=M1)
        assert finding.asset is None and finding.status == "open" and finding.due_date
        manual_answer_record(result=item(inspection), actor=inspector, answer="passed")
        finding.refresh_from_db()
        assert finding.status == "verified"
        assert ManualAnswer.objects.count() == 1

    def test_only_manual_items_can_be_answered(self, store, inspector):
        inspection = store(full_outcome())
        auto = CheckResult.objects.filter(inspection=inspection, asset__isnull=False).first()
        with pytest.raises(ManualAnswerError) as exc:
            manual_answer_record(result=auto, actor=inspector, answer="passed")
        assert exc.value.code == "manual-not-manual"

    def test_audit_event_is_written(self, store, inspector):
        from zicha.web.audit.models import AuditEvent

        inspection = store(full_outcome())
        manual_answer_record(result=item(inspection), actor=inspector, answer="not_applicable")
        event = AuditEvent.objects.filter(action="manual.answer").get()
        assert event.actor == inspector and event.after["answer"] == "not_applicable"


class TestRefusedUploadsStoreNothing:
    """Too large, a forbidden type renamed .jpg, a zip-bomb .docx, too many files: the answer
    is refused, no row changes and no file is left on disk."""

    @pytest.fixture
    def setup(self, store, logged_in, media):
        inspection = store(full_outcome())
        return logged_in, inspection, item(inspection), media

    def assert_nothing_stored(self, result, media):
        result.refresh_from_db()
        assert result.status == "manual"
        assert not ManualAnswer.objects.exists()
        assert not Evidence.objects.filter(kind="upload").exists()
        assert stored_files(media) == []
        assert not Finding.objects.filter(check_id=M1).exists()

    @pytest.mark.parametrize(("files", "code", "name"), [
        (lambda: [upload("ok.png", png_bytes()), upload("fake.jpg", PDF_BYTES)],
         "type-mismatch", "fake.jpg"),
        (lambda: [upload("炸弹.docx", zip_bomb_docx())], "zip-bomb", "炸弹.docx"),
        (lambda: [upload(f"p{i}.pdf", PDF_BYTES) for i in range(11)], "too-many", ""),
        (lambda: [upload("virus.exe", b"MZ" + b"\0" * 100)], "type-forbidden", "virus.exe"),
    ], ids=["renamed-jpg", "zip-bomb", "too-many", "exe"])
    def test_refused(self, setup, files, code, name):
        client, inspection, result, media = setup
        with translation.override("en"):
            response = post_answer(client, inspection, result, "failed", files=files())
        assert response.status_code == 400
        body = response.content.decode()
        assert f'data-codes="{code}' in body
        assert name in body
        self.assert_nothing_stored(result, media)

    def test_too_large(self, setup, monkeypatch):
        from zicha.web.core import uploads

        monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 1024)
        client, inspection, result, media = setup
        response = post_answer(client, inspection, result, "passed",
                               files=[upload("scan.pdf", PDF_BYTES + b"\0" * 4096)])
        assert response.status_code == 400 and b"too-large" in response.content
        self.assert_nothing_stored(result, media)

    def test_database_failure_removes_written_files(self, setup, monkeypatch, inspector):
        from zicha.web.inspections import manual_services

        _client, _inspection, result, media = setup

        def explode(*args, **kwargs):
            raise RuntimeError("database gone")

        monkeypatch.setattr(manual_services, "_apply", explode)
        with pytest.raises(RuntimeError):
            manual_answer_record(result=result, actor=inspector, answer="passed",
                                 files=[upload("a.png", png_bytes())])
        self.assert_nothing_stored(result, media)

    def test_chinese_message_names_file_and_reason(self, setup):
        client, inspection, result, _media = setup
        with translation.override("zh-hans"):
            response = post_answer(client, inspection, result, "passed",
                                   files=[upload("照片.jpg", PDF_BYTES)])
        assert "照片.jpg" in response.content.decode()


class TestChecklistView:
    def test_checklist_is_tablet_friendly(self, store, logged_in):
        inspection = store(full_outcome())
        response = logged_in.get(reverse("inspections:manual_list", args=[inspection.pk]))
        body = response.content.decode()
        assert response.status_code == 200
        assert body.count('capture="environment"') == 3
        assert 'accept="image/*"' in body
        assert body.count('enctype="multipart/form-data"') == 3

    def test_answer_with_photo_through_the_view(self, store, logged_in, media):
        inspection = store(full_outcome())
        result = item(inspection)
        prefix = f"r{result.pk}-"
        response = logged_in.post(answer_url(inspection, result), {
            prefix + "answer": "passed", prefix + "note": "机房巡检正常",
            prefix + "photos": [upload("IMG_0001.jpg", jpeg_bytes())]})
        assert response.status_code == 302
        result.refresh_from_db()
        assert result.status == "passed"
        assert len(stored_files(media)) == 1

    def test_download_is_an_attachment_with_nosniff(self, store, logged_in, inspector, media):
        inspection = store(full_outcome())
        manual_answer_record(result=item(inspection), actor=inspector, answer="passed",
                             files=[upload("预案.pdf", PDF_BYTES)])
        ev = Evidence.objects.get(kind="upload")
        response = logged_in.get(reverse("inspections:evidence_download", args=[ev.pk]))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BYTES

    def test_download_needs_permission_and_the_organization(self, store, client, make_user,
                                                            inspector, media):
        from zicha.web.inventory.services import organization_get_or_create

        inspection = store(full_outcome())
        manual_answer_record(result=item(inspection), actor=inspector, answer="passed",
                             files=[upload("预案.pdf", PDF_BYTES)])
        ev = Evidence.objects.get(kind="upload")
        url = reverse("inspections:evidence_download", args=[ev.pk])
        assert client.get(url).status_code == 302                    # anonymous → login
        client.force_login(make_user("head", "department_head"))
        assert client.get(url).status_code == 403
        other = organization_get_or_create(name="另一家医院", code="other")
        client.force_login(make_user("stranger", "inspector", org=other))
        assert client.get(url).status_code == 404

    def test_leadership_sees_but_cannot_answer(self, store, client, make_user):
        inspection = store(full_outcome())
        client.force_login(make_user("boss", "leadership"))
        assert client.get(reverse("inspections:manual_list", args=[inspection.pk])).status_code == 200
        response = post_answer(client, inspection, item(inspection))
        assert response.status_code == 403


class TestCarryOver:
    def test_carry_over_then_confirm(self, store, inspector, media):
        first = store(full_outcome(day=1))
        manual_answer_record(result=item(first), actor=inspector, answer="passed",
                             note="年度演练已完成", files=[upload("drill.pdf", PDF_BYTES)])
        manual_answer_record(result=item(first, ORG_CHECKS[1].id), actor=inspector,
                             answer="failed")
        second = store(full_outcome(day=8))
        assert manual_answers_carry_over(inspection=second, actor=inspector) == 2
        carried = ManualAnswer.objects.get(result=item(second))
        assert not carried.confirmed and carried.answer == "passed"
        assert item(second).status == "manual"           # 待确认: nothing changed yet
        assert Evidence.objects.filter(check_result=item(second)).count() == 1
        assert len(stored_files(media)) == 1             # linked, not copied
        assert manual_answers_carry_over(inspection=second, actor=inspector) == 0

        manual_answer_confirm(answer=carried, actor=inspector)
        carried.refresh_from_db()
        assert carried.confirmed and carried.answered_by == inspector
        assert item(second).status == "passed"
        with pytest.raises(ManualAnswerError):
            manual_answer_confirm(answer=carried, actor=inspector)

    def test_unconfirmed_answers_are_not_carried_again(self, store, inspector):
        first = store(full_outcome(day=1))
        manual_answer_record(result=item(first), actor=inspector, answer="passed")
        second = store(full_outcome(day=8))
        manual_answers_carry_over(inspection=second, actor=inspector)
        third = store(full_outcome(day=15))
        manual_answers_carry_over(inspection=third, actor=inspector)
        assert ManualAnswer.objects.get(result=item(third)).carried_over_from.result.inspection == first

    def test_views_show_pending_and_confirm(self, store, logged_in, inspector):
        first = store(full_outcome(day=1))
        manual_answer_record(result=item(first), actor=inspector, answer="passed")
        second = store(full_outcome(day=8))
        response = logged_in.post(reverse("inspections:manual_carry_over", args=[second.pk]))
        assert response.status_code == 302
        page = logged_in.get(reverse("inspections:manual_list", args=[second.pk]))
        assert 'class="item pending"' in page.content.decode()
        answer = ManualAnswer.objects.get(result__inspection=second)
        response = logged_in.post(reverse("inspections:manual_confirm",
                                          args=[second.pk, answer.pk]))
        assert response.status_code == 302
        assert item(second).status == "passed"
