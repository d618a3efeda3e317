"""Scheduled inspections: list, create, change, delete."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicha.domain.errors import ZichaError
from zicha.web.accounts.policy import capability_required, has_capability
from zicha.web.accounts.selectors import organizations_visible_to
from zicha.web.inspections import selectors
from zicha.web.inspections.forms import ScheduleForm
from zicha.web.inspections.messages import request_error_message
from zicha.web.inspections.schedule_services import (
    schedule_create as create_service,
)
from zicha.web.inspections.schedule_services import (
    schedule_delete as delete_service,
)
from zicha.web.inspections.schedule_services import (
    schedule_update,
)


@capability_required("inspections.view")
def schedule_list(request: HttpRequest) -> HttpResponse:
    return render(request, "inspections/schedule_list.html", {
        "schedules": selectors.schedules_visible(user=request.user),
        "can_run": has_capability(request.user, "inspections.run")})


def _values(form: ScheduleForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {"name": data["name"], "frequency": data["frequency"], "weekday": data["weekday"],
            "every_days": data["every_days"], "time": data["time"],
            "enabled": data["enabled"], "parameters": form.parameters()}


@capability_required("inspections.run")
def schedule_create(request: HttpRequest) -> HttpResponse:
    form = ScheduleForm(request.POST or None,
                        organizations=organizations_visible_to(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            create_service(organization=form.cleaned_data["organization"], actor=request.user,
                           **_values(form))
        except ZichaError as exc:
            form.add_error(None, request_error_message(exc))
        else:
            messages.success(request, _("Schedule saved."))
            return redirect("inspections:schedule_list")
    return render(request, "inspections/schedule_form.html", {"form": form})


@capability_required("inspections.run")
def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_object_or_404(selectors.schedules_visible(user=request.user), pk=pk)
    initial = {**schedule.parameters, "name": schedule.name, "frequency": schedule.frequency,
               "weekday": schedule.weekday, "every_days": schedule.every_days,
               "time": schedule.time, "enabled": schedule.enabled,
               "organization": schedule.organization}
    for key in ("scope", "exclude", "targets"):
        if isinstance(initial.get(key), list):
            initial[key] = "\n".join(initial[key])
    organizations = organizations_visible_to(user=request.user).filter(
        pk=schedule.organization_id)
    form = ScheduleForm(request.POST or None, initial=initial, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            schedule_update(schedule=schedule, actor=request.user, **_values(form))
        except ZichaError as exc:
            form.add_error(None, request_error_message(exc))
        else:
            messages.success(request, _("Schedule saved."))
            return redirect("inspections:schedule_list")
    return render(request, "inspections/schedule_form.html", {"form": form,
                                                              "schedule": schedule})


@require_POST
@capability_required("inspections.run")
def schedule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    schedule = get_object_or_404(selectors.schedules_visible(user=request.user), pk=pk)
    delete_service(schedule=schedule, actor=request.user)
    messages.success(request, _("Schedule deleted."))
    return redirect("inspections:schedule_list")
