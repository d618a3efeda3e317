"""Reports in the console: generate from a stored inspection, download the files."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicha.web.accounts.policy import capability_required, has_capability
from zicha.web.accounts.selectors import organizations_visible_to
from zicha.web.inspections.models import Inspection
from zicha.web.reports.services import report_files, report_generate


def _inspections(request: HttpRequest):
    return (Inspection.objects.filter(organization__in=organizations_visible_to(user=request.user),
                                      status="finished")
            .select_related("organization").order_by("-pk"))


@capability_required("reports.view")
def report_list(request: HttpRequest) -> HttpResponse:
    rows = [{"inspection": i, "files": [p.name for p in report_files(i)]}
            for i in _inspections(request)[:50]]
    return render(request, "reports/report_list.html", {
        "rows": rows, "can_generate": has_capability(request.user, "reports.generate")})


@require_POST
@capability_required("reports.generate")
def report_generate_view(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(_inspections(request), pk=pk)
    files = report_generate(inspection=inspection, actor=request.user)
    messages.success(request, _("Report generated: {n} files.").format(n=len(files)))
    return redirect("reports:list")


@capability_required("reports.view")
def report_download(request: HttpRequest, pk: int, name: str) -> FileResponse:
    inspection = get_object_or_404(_inspections(request), pk=pk)
    match = next((p for p in report_files(inspection) if p.name == name), None)
    if match is None:
        raise Http404(name)
    content_type = mimetypes.guess_type(match.name)[0] or "application/octet-stream"
    response = FileResponse(match.open("rb"), as_attachment=True, filename=match.name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
