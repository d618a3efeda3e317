"""Manual items: a person answers, attaches evidence, carries answers over and confirms them.

Answering turns the organization-wide ``manual`` result into ``passed`` /
``failed`` / ``not_applicable`` (reason ``answered``), keeps the answer as an
observation, updates the inspection's counts and moves the finding ledger like an
automatic result (failed opens or keeps a finding, passed verifies it).

Uploads are checked by :mod:`zicha.web.core.uploads` before anything is written;
a refused file refuses the whole answer (neither file nor answer is stored).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from zicha.domain.errors import ZichaError
from zicha.web.audit.services import audit_record
from zicha.web.core import uploads
from zicha.web.findings.services import FindingInput, findings_record_results
from zicha.web.inspections.choices import (
    CheckKind,
    EvidenceKind,
    InspectionStatus,
    ManualAnswerChoice,
)
from zicha.web.inspections.models import CheckResult, Evidence, Inspection, ManualAnswer

__all__ = ["ManualAnswerError", "manual_answer_confirm", "manual_answer_record",
           "manual_answers_carry_over"]

ANSWER_FACT = "manual.answer"


class ManualAnswerError(ZichaError):
    """Codes: ``manual-not-manual`` (not a manual item), ``manual-answer-invalid``,
    ``manual-inspection-not-finished``, ``manual-nothing-to-confirm``."""

    code = "manual-answer"
    is_input_error = True


def _check_item(result: CheckResult) -> None:
    if result.asset_id is not None or result.check_definition.kind != CheckKind.MANUAL:
        raise ManualAnswerError("not an organization-wide manual item", code="manual-not-manual")
    if result.inspection.status != InspectionStatus.FINISHED:
        raise ManualAnswerError("the inspection has not finished",
                                code="manual-inspection-not-finished")


def _observation(answer: str, note: str) -> dict[str, Any]:
    ok = {ManualAnswerChoice.PASSED: True, ManualAnswerChoice.FAILED: False}.get(answer)
    obs: dict[str, Any] = {"fact": ANSWER_FACT, "op": "answered", "expected": None,
                           "actual": answer, "ok": ok}
    if note:
        obs["note"] = note
    return obs


def _apply(result: CheckResult, *, answer: str, note: str, actor: Any) -> dict[str, Any]:
    """Write the answer into the result, the inspection's counts and the findings."""
    old = result.status
    result.status = answer
    result.reason = "answered"
    result.evidence = [o for o in (result.evidence or [])
                       if not (isinstance(o, dict) and o.get("fact") == ANSWER_FACT)]
    result.evidence.append(_observation(answer, note))
    result.save(update_fields=["status", "reason", "evidence", "updated_at"])
    inspection = Inspection.objects.select_for_update().get(pk=result.inspection_id)
    summary = dict(inspection.summary or {})
    counts = dict(summary.get("results") or {})
    if old != answer:
        counts[old] = max(0, int(counts.get(old, 0)) - 1)
        counts[answer] = int(counts.get(answer, 0)) + 1
    summary["results"] = counts
    area = summary.get("areas", {}).get(result.check_definition.area)
    if area is not None and old != answer:
        area[old] = max(0, int(area.get(old, 0)) - 1)
        area[answer] = int(area.get(answer, 0)) + 1
    findings = findings_record_results(
        organization=inspection.organization, inspection=inspection, at=timezone.now(),
        results=[FindingInput(asset_id=None, check_id=result.check_definition.check_id,
                              status=answer, severity=result.severity)])
    Inspection.objects.filter(pk=inspection.pk).update(summary=summary)
    return {"old_status": old, "findings": findings}


def manual_answer_record(*, result: CheckResult, actor: Any, answer: str, note: str = "",
                         files: Sequence[Any] = ()) -> ManualAnswer:
    """Answer (or re-answer) a manual item, with optional evidence files."""
    if answer not in ManualAnswerChoice.values:
        raise ManualAnswerError(f"unknown answer {answer!r}", code="manual-answer-invalid")
    _check_item(result)
    note = (note or "").strip()
    accepted = uploads.validate_uploads(
        files, existing=Evidence.objects.filter(check_result=result).count()) if files else []
    stored = uploads.write_uploads(accepted, organization_id=result.inspection.organization_id)
    try:
        with transaction.atomic():
            row = CheckResult.objects.select_for_update().select_related(
                "check_definition", "inspection").get(pk=result.pk)
            existing = ManualAnswer.objects.filter(result=row).first()
            before = ({"answer": existing.answer, "note": existing.note,
                       "confirmed": existing.confirmed} if existing else {"status": row.status})
            item = existing or ManualAnswer(result=row)
            item.answer, item.note, item.confirmed = answer, note, True
            item.answered_by = actor if getattr(actor, "pk", None) else None
            item.answered_at = timezone.now()
            item.save()
            applied = _apply(row, answer=answer, note=note, actor=actor)
            files_rows = _evidence_rows(row, accepted, stored, actor)
            audit_record(actor=actor, action="manual.answer", target=row,
                         organization=row.inspection.organization, before=before,
                         after={"answer": answer, "note": note, "confirmed": True},
                         detail={**applied, "check_id": row.check_definition.check_id,
                                 "files": [{"name": e.source, "sha256": e.sha256}
                                           for e in files_rows]})
    except BaseException:
        uploads.remove_uploads(stored)
        raise
    return item


def _evidence_rows(result: CheckResult, accepted: Sequence[uploads.ValidatedUpload],
                   stored: Sequence[str], actor: Any) -> list[Evidence]:
    rows = [Evidence(inspection_id=result.inspection_id, check_result=result,
                     kind=EvidenceKind.UPLOAD, source=u.name, sha256=u.sha256, file=name,
                     content_type=u.content_type, size=u.size,
                     uploaded_by=actor if getattr(actor, "pk", None) else None)
            for u, name in zip(accepted, stored, strict=True)]
    return Evidence.objects.bulk_create(rows)


def manual_answers_carry_over(*, inspection: Inspection, actor: Any) -> int:
    """Pre-fill unanswered manual items from the latest earlier confirmed answer of each check.

    The copies are *unconfirmed* (待确认): nothing changes until a person confirms
    each. Evidence files are linked (not copied). Returns how many were carried over.
    """
    items = list(CheckResult.objects.filter(
        inspection=inspection, asset__isnull=True, check_definition__kind=CheckKind.MANUAL,
        manual_answer__isnull=True).select_related("check_definition"))
    if not items:
        return 0
    by_check = {r.check_definition.check_id: r for r in items}
    previous: dict[str, ManualAnswer] = {}
    earlier = (ManualAnswer.objects.filter(
        confirmed=True, result__inspection__organization_id=inspection.organization_id,
        result__check_definition__check_id__in=list(by_check),
        result__inspection__started_at__lt=inspection.started_at)
        .exclude(result__inspection=inspection)
        .select_related("result__check_definition")
        .order_by("-result__inspection__started_at", "-pk"))
    for answer in earlier:
        previous.setdefault(answer.result.check_definition.check_id, answer)
    if not previous:
        return 0
    with transaction.atomic():
        created = []
        for check_id, prev in previous.items():
            created.append(ManualAnswer.objects.create(
                result=by_check[check_id], answer=prev.answer, note=prev.note, confirmed=False,
                carried_over_from=prev, answered_by=prev.answered_by,
                answered_at=prev.answered_at))
        links = []
        for item in created:
            for ev in Evidence.objects.filter(check_result_id=item.carried_over_from.result_id,
                                              kind=EvidenceKind.UPLOAD):
                links.append(Evidence(inspection=inspection, check_result=item.result,
                                      kind=EvidenceKind.UPLOAD, source=ev.source,
                                      sha256=ev.sha256, file=ev.file.name,
                                      content_type=ev.content_type, size=ev.size,
                                      uploaded_by=ev.uploaded_by,
                                      content={"carried_over_from": ev.pk}))
        Evidence.objects.bulk_create(links)
        audit_record(actor=actor, action="manual.carry_over", target=inspection,
                     detail={"carried_over": sorted(previous)})
    return len(created)


def manual_answer_confirm(*, answer: ManualAnswer, actor: Any) -> ManualAnswer:
    """Confirm a carried-over answer: it now counts, as if answered today by ``actor``."""
    if answer.confirmed:
        raise ManualAnswerError("already confirmed", code="manual-nothing-to-confirm")
    result = CheckResult.objects.select_related("check_definition", "inspection").get(
        pk=answer.result_id)
    _check_item(result)
    with transaction.atomic():
        item = ManualAnswer.objects.select_for_update().get(pk=answer.pk)
        if item.confirmed:
            raise ManualAnswerError("already confirmed", code="manual-nothing-to-confirm")
        item.confirmed = True
        item.answered_by = actor if getattr(actor, "pk", None) else None
        item.answered_at = timezone.now()
        item.save(update_fields=["confirmed", "answered_by", "answered_at", "updated_at"])
        row = CheckResult.objects.select_for_update().select_related(
            "check_definition", "inspection").get(pk=result.pk)
        applied = _apply(row, answer=item.answer, note=item.note, actor=actor)
        audit_record(actor=actor, action="manual.confirm", target=row,
                     organization=row.inspection.organization,
                     after={"answer": item.answer, "confirmed": True},
                     detail={**applied, "check_id": row.check_definition.check_id,
                             "carried_over_from": item.carried_over_from_id})
    return item
