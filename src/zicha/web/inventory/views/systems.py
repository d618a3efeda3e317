"""Information systems (HIS, EMR, PACS, LIS …) with their MLPS grade, filing and assessment."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zicha.web.accounts.policy import capability_required, has_capability
from zicha.web.dashboard.periods import assessment_due
from zicha.web.inventory import selectors, services
from zicha.web.inventory.filtersets import SystemFilterForm
from zicha.web.inventory.forms import SystemForm
from zicha.web.inventory.models import InformationSystem
from zicha.web.inventory.views.common import list_context

__all__ = ["system_create", "system_detail", "system_edit", "system_list"]


def _system_or_404(request: HttpRequest, pk: int) -> InformationSystem:
    try:
        return selectors.system_get(user=request.user, pk=pk)
    except InformationSystem.DoesNotExist:
        raise Http404 from None


@capability_required("inventory.view")
def system_list(request: HttpRequest) -> HttpResponse:
    organizations = selectors.organizations_for(user=request.user)
    form = SystemFilterForm(request.GET or None, organizations=organizations)
    context = list_context(request, selectors.system_list(user=request.user,
                                                          filters=form.filters()),
                           filter_form=form, multi_org=form.multi_org,
                           can_edit=has_capability(request.user, "inventory.edit"))
    today = timezone.localdate()
    for system in context["page"].object_list:
        system.next_assessment = assessment_due(grade=system.grade,
                                                last_assessed=system.last_assessed)
        system.assessment_overdue = (system.next_assessment is not None
                                     and system.next_assessment < today)
    return render(request, "inventory/system_list.html", context)


@capability_required("inventory.view")
def system_detail(request: HttpRequest, pk: int) -> HttpResponse:
    system = _system_or_404(request, pk)
    due = assessment_due(grade=system.grade, last_assessed=system.last_assessed)
    return render(request, "inventory/system_detail.html", {
        "system": system, "next_assessment": due,
        "assessment_overdue": due is not None and due < timezone.localdate(),
        "can_edit": has_capability(request.user, "inventory.edit")})


@capability_required("inventory.edit")
def system_create(request: HttpRequest) -> HttpResponse:
    organizations = selectors.organizations_for(user=request.user)
    form = SystemForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        system = services.system_create(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("%(object)s created.") % {"object": system})
        return redirect("inventory:system_detail", pk=system.pk)
    return render(request, "inventory/form.html", {
        "form": form, "title": _("New information system"), "back": "inventory:system_list"})


@capability_required("inventory.edit")
def system_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organizations = selectors.organizations_for(user=request.user)
    form = SystemForm(request.POST or None, instance=_system_or_404(request, pk),
                      organizations=organizations)
    if request.method == "POST" and form.is_valid():
        system = services.system_update(actor=request.user, system=_system_or_404(request, pk),
                                        data=form.cleaned_data)
        messages.success(request, _("%(object)s saved.") % {"object": system})
        return redirect("inventory:system_detail", pk=system.pk)
    return render(request, "inventory/form.html", {
        "form": form, "title": _("Edit information system"), "object": form.instance,
        "back": "inventory:system_list"})
