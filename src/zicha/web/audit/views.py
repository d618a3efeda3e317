"""The audit viewer: list with filters, one event, export, chain verification.

Read-only by design: there is no view that changes or deletes an event (the
permission-matrix test lists every URL of the project; the model admin refuses
add, change and delete).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from zicha.web.accounts.policy import capability_required
from zicha.web.audit.actions import action_label
from zicha.web.audit.export import CHUNK, csv_rows, jsonl_rows
from zicha.web.audit.forms import AuditFilterForm
from zicha.web.audit.selectors import (
    audit_actions,
    audit_event_list,
    audit_visible,
)
from zicha.web.audit.services import audit_record, audit_verify

__all__ = ["event_detail", "event_export", "event_list", "event_verify"]

CAPABILITY = "audit.view"
#: suggestions for the object-type filter (any value may be typed)
AUDITED_TYPES = ("accounts.user", "findings.finding", "inspections.inspection",
                 "inspections.checkresult", "inventory.asset", "api.apitoken")
PAGE_SIZE = 50


def _filter_form(request: HttpRequest) -> AuditFilterForm:
    return AuditFilterForm(request.GET or None)


@require_safe
@capability_required(CAPABILITY)
def event_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    qs = audit_event_list(user=request.user, **form.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.action_label = action_label(event.action)  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "audit/event_list.html", {
        "filters": form, "page": page, "querystring": params.urlencode(),
        "target_types": AUDITED_TYPES,
        "actions": [(code, action_label(code)) for code in audit_actions()],
    })


@require_safe
@capability_required(CAPABILITY)
def event_detail(request: HttpRequest, seq: int) -> HttpResponse:
    event = get_object_or_404(audit_visible(user=request.user).select_related("organization"),
                              seq=seq)
    return render(request, "audit/event_detail.html", {
        "event": event, "action_label": action_label(event.action)})


@require_safe
@capability_required(CAPABILITY)
def event_export(request: HttpRequest) -> StreamingHttpResponse:
    """``?format=csv`` (default, Excel-friendly) or ``?format=jsonl``; same filters as the list."""
    fmt = "jsonl" if request.GET.get("format") == "jsonl" else "csv"
    filters = _filter_form(request).filters()
    audit_record(actor=request.user, action="audit.exported",
                 organization=getattr(request.user, "organization", None),
                 detail={"format": fmt, "filters": filters})
    events = audit_event_list(user=request.user, **filters).iterator(chunk_size=CHUNK)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    if fmt == "jsonl":
        response = StreamingHttpResponse(jsonl_rows(events),
                                         content_type="application/jsonl; charset=utf-8")
        name = f"audit-{stamp}.jsonl"
    else:
        response = StreamingHttpResponse(csv_rows(events), content_type="text/csv; charset=utf-8")
        name = f"audit-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@capability_required(CAPABILITY)
def event_verify(request: HttpRequest) -> HttpResponse:
    """Walk the whole chain (every organization's events: there is one chain) and report."""
    result = audit_verify()
    content_changed = bool(result.problem and result.problem.startswith("content"))
    return render(request, "audit/event_verify.html", {
        "result": result, "content_changed": content_changed})
