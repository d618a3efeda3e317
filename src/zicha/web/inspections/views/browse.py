"""Browsing inspections, results by area, a result's evidence, an asset's history."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zicha.web.accounts.policy import capability_required, has_capability
from zicha.web.inspections import selectors
from zicha.web.inspections.choices import CheckArea, InspectionStatus
from zicha.web.inspections.forms import ResultFilterForm

PAGE_SIZE = 50
RUNNING = (InspectionStatus.QUEUED, InspectionStatus.RUNNING)


@capability_required("inspections.view")
def inspection_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.inspections_visible(user=request.user)
    status = request.GET.get("status")
    if status in InspectionStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/inspection_list.html", {
        "page": page, "statuses": InspectionStatus.choices, "status": status or "",
        "can_run": has_capability(request.user, "inspections.run")})


@capability_required("inspections.view")
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(user=request.user, pk=pk)
    context = {"inspection": inspection, "progress": (inspection.meta or {}).get("progress", {}),
               "can_run": has_capability(request.user, "inspections.run"),
               "can_answer": has_capability(request.user, "manual.answer")}
    if inspection.status in RUNNING:
        return render(request, "inspections/inspection_progress.html", context)
    form = ResultFilterForm(request.GET or None,
                            choices=selectors.inspection_filter_choices(inspection=inspection))
    filters = form.filters()
    results = selectors.inspection_results_filtered(inspection=inspection, filters=filters)
    areas = (inspection.summary or {}).get("areas") or selectors.inspection_area_counts(
        inspection=inspection)
    context.update({
        "form": form, "filters": filters,
        "page": Paginator(results, PAGE_SIZE).get_page(request.GET.get("page")),
        "areas": [(value, label, areas.get(value, {})) for value, label in CheckArea.choices],
        "area": filters.get("area") or "",
        "manual": selectors.manual_progress(inspection=inspection),
        "problems": (inspection.meta or {}).get("problems") or [],
    })
    return render(request, "inspections/inspection_detail.html", context)


@capability_required("inspections.view")
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
    result = selectors.result_get(user=request.user, pk=pk)
    facts = selectors.result_facts(result=result)
    history = None
    if result.asset_id:
        history = selectors.asset_history(asset=result.asset,
                                          check_id=result.check_definition.check_id)[:20]
    return render(request, "inspections/result_detail.html", {
        "result": result, "facts": facts, "history": history,
        "attachments": selectors.result_attachments(result=result),
        "answer": getattr(result, "manual_answer", None)
        if hasattr(result, "manual_answer") else None})


@capability_required("inspections.view")
def asset_history(request: HttpRequest, pk: int) -> HttpResponse:
    asset = selectors.asset_get(user=request.user, pk=pk)
    check = request.GET.get("check") or None
    rows = selectors.asset_history(asset=asset, check_id=check)
    return render(request, "inspections/asset_history.html", {
        "asset": asset, "check": check,
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))})
