"""Starting, following and cancelling background inspections."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicha.web.accounts.policy import capability_required
from zicha.web.accounts.selectors import organizations_visible_to
from zicha.web.inspections import selectors
from zicha.web.inspections.forms import InspectionStartForm
from zicha.web.inspections.messages import request_error_message
from zicha.web.inspections.run_services import (
    InspectionRequestError,
    inspection_request,
)
from zicha.web.inspections.run_services import (
    inspection_cancel as cancel_service,
)


@capability_required("inspections.run")
def inspection_start(request: HttpRequest) -> HttpResponse:
    organizations = organizations_visible_to(user=request.user)
    form = InspectionStartForm(request.POST or None, request.FILES or None,
                               organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = inspection_request(
                organization=form.cleaned_data["organization"], actor=request.user,
                parameters=form.parameters(), bundle_files=form.cleaned_data["bundle_files"])
        except InspectionRequestError as exc:
            form.add_error(None, request_error_message(exc))
        else:
            messages.success(request, _("Inspection #%(pk)s was queued.") % {"pk": inspection.pk})
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    return render(request, "inspections/inspection_start.html", {"form": form})


@capability_required("inspections.view")
def inspection_status(request: HttpRequest, pk: int) -> JsonResponse:
    """What the progress page polls: status and ``{stage, done, total}``."""
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    meta = inspection.meta or {}
    return JsonResponse({"id": inspection.pk, "status": inspection.status,
                         "cancel_requested": inspection.cancel_requested,
                         "progress": meta.get("progress", {}), "error": meta.get("error")})


@require_POST
@capability_required("inspections.run")
def inspection_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    try:
        cancel_service(inspection=inspection, actor=request.user)
    except InspectionRequestError as exc:
        messages.error(request, request_error_message(exc))
    else:
        messages.success(request, _("Cancellation requested."))
    return redirect("inspections:inspection_detail", pk=inspection.pk)
