"""The manual-item checklist of an inspection: answer, upload evidence, carry over, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicha.web.accounts.policy import capability_required, has_capability
from zicha.web.core.uploads import UploadsRejected, evidence_path
from zicha.web.inspections import selectors
from zicha.web.inspections.forms import ManualAnswerForm
from zicha.web.inspections.manual_services import (
    ManualAnswerError,
    manual_answer_confirm,
    manual_answer_record,
    manual_answers_carry_over,
)
from zicha.web.inspections.messages import request_error_message
from zicha.web.inspections.models import ManualAnswer


def _render_list(request: HttpRequest, inspection, *, forms=None, status=200,
                 errors=None) -> HttpResponse:
    items = list(selectors.manual_items(inspection=inspection))
    forms = forms or {}
    rows = []
    for item in items:
        answer = getattr(item, "manual_answer", None) if hasattr(item, "manual_answer") else None
        initial = {"answer": answer.answer, "note": answer.note} if answer else None
        rows.append({"item": item, "answer": answer,
                     "form": forms.get(item.pk) or ManualAnswerForm(initial=initial,
                                                                    prefix=f"r{item.pk}")})
    return render(request, "inspections/manual_list.html", {
        "inspection": inspection, "rows": rows, "errors": errors or {},
        "progress": selectors.manual_progress(inspection=inspection),
        "can_answer": has_capability(request.user, "manual.answer")}, status=status)


@capability_required("inspections.view")
def manual_list(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    return _render_list(request, inspection)


@require_POST
@capability_required("manual.answer")
def manual_answer(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    item = get_object_or_404(selectors.manual_items(inspection=inspection), pk=result_pk)
    form = ManualAnswerForm(request.POST, request.FILES, prefix=f"r{item.pk}")
    if form.is_valid():
        try:
            manual_answer_record(result=item, actor=request.user,
                                 answer=form.cleaned_data["answer"],
                                 note=form.cleaned_data["note"], files=form.all_files())
        except UploadsRejected as exc:
            for problem in exc.problems:
                form.add_error(None, problem.message)
            return _render_list(request, inspection, forms={item.pk: form}, status=400,
                                errors={item.pk: exc.codes})
        except ManualAnswerError as exc:
            form.add_error(None, request_error_message(exc))
            return _render_list(request, inspection, forms={item.pk: form}, status=400)
        messages.success(request, _("Answer saved: %(check)s") % {
            "check": item.check_definition.check_id})
        return redirect(reverse("inspections:manual_list", args=[inspection.pk])
                        + f"#r{item.pk}")
    return _render_list(request, inspection, forms={item.pk: form}, status=400)


@require_POST
@capability_required("manual.answer")
def manual_carry_over(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    count = manual_answers_carry_over(inspection=inspection, actor=request.user)
    messages.success(request, _("%(count)s answers were carried over from the previous "
                                "inspection; confirm each of them.") % {"count": count})
    return redirect("inspections:manual_list", pk=inspection.pk)


@require_POST
@capability_required("manual.answer")
def manual_confirm(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    answer = get_object_or_404(ManualAnswer.objects.select_related("result"),
                               pk=answer_pk, result__inspection=inspection)
    try:
        manual_answer_confirm(answer=answer, actor=request.user)
    except ManualAnswerError as exc:
        messages.error(request, request_error_message(exc))
    return redirect(reverse("inspections:manual_list", args=[inspection.pk])
                    + f"#r{answer.result_id}")


@capability_required("inspections.view")
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An uploaded evidence file, always as a download (never rendered by the browser)."""
    evidence = selectors.attachment_get(user=request.user, pk=pk)
    return attachment_response(evidence.file.name, evidence.source, evidence.content_type)


def attachment_response(stored: str, name: str, content_type: str) -> FileResponse:
    try:
        handle = evidence_path(stored).open("rb")
    except (OSError, ValueError):
        raise Http404("file missing") from None
    response = FileResponse(handle, as_attachment=True, filename=name or "evidence",
                            content_type=content_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
