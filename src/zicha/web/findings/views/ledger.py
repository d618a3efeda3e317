"""The ledger list, the overdue view and the export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zicha.web.accounts.policy import capability_required
from zicha.web.accounts.selectors import department_scope, organizations_visible_to
from zicha.web.findings import selectors
from zicha.web.findings.choices import FindingStatus
from zicha.web.findings.export import ledger_csv, ledger_rows, ledger_xlsx
from zicha.web.findings.forms import FindingFilterForm
from zicha.web.findings.workflow_services import findings_expire_risks

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _filtered(request: HttpRequest, *, overdue: bool = False):
    organizations = organizations_visible_to(user=request.user)
    findings_expire_risks(organizations=organizations)
    form = FindingFilterForm(request.GET or None, organizations=organizations,
                             department_scope=department_scope(user=request.user))
    filters = form.filters()
    if overdue:
        filters["overdue"] = True
    return form, filters, selectors.findings_filtered(user=request.user, filters=filters)


def _render(request: HttpRequest, *, overdue: bool) -> HttpResponse:
    form, _filters, findings = _filtered(request, overdue=overdue)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    titles = selectors.finding_check_titles(check_ids={f.check_id for f in page.object_list})
    return render(request, "findings/finding_list.html", {
        "form": form, "page": page, "titles": titles, "overdue_view": overdue,
        "today": timezone.localdate(), "statuses": FindingStatus,
        "query": request.GET.urlencode()})


@capability_required("findings.view")
def finding_list(request: HttpRequest) -> HttpResponse:
    return _render(request, overdue=False)


@capability_required("findings.view")
def finding_overdue(request: HttpRequest) -> HttpResponse:
    return _render(request, overdue=True)


@capability_required("findings.view")
def finding_export(request: HttpRequest) -> HttpResponse:
    """The filtered ledger as ``?format=xlsx`` (default) or ``csv``."""
    _form, _filters, findings = _filtered(request, overdue=request.GET.get("overdue") == "on")
    rows = ledger_rows(findings[:EXPORT_LIMIT])
    stamp = timezone.localtime().strftime("%Y%m%d")
    if request.GET.get("format") == "csv":
        response = HttpResponse(ledger_csv(rows), content_type="text/csv; charset=utf-8")
        name = f"zhenggai-{stamp}.csv"
    else:
        response = HttpResponse(ledger_xlsx(rows), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        name = f"zhenggai-{stamp}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
