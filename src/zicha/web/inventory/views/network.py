"""Zones, subnets and departments: list, create, edit (same shape, so one small factory)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicha.web.accounts.policy import capability_required, has_capability
from zicha.web.inventory import selectors, services
from zicha.web.inventory.filtersets import OrgFilterForm
from zicha.web.inventory.forms import DepartmentForm, SubnetForm, ZoneForm
from zicha.web.inventory.views.common import list_context

__all__ = [
    "department_create", "department_edit", "department_list",
    "subnet_create", "subnet_edit", "subnet_list",
    "zone_create", "zone_edit", "zone_list",
]

View = Callable[..., HttpResponse]


def _views(*, name: str, template: str, form_class: Any, list_selector: Any, get_selector: Any,
           create: Any, update: Any, update_kw: str, titles: tuple[Any, Any]) -> tuple[View, ...]:
    list_url = f"inventory:{name}_list"

    def get_or_404(request: HttpRequest, pk: int) -> Any:
        try:
            return get_selector(user=request.user, pk=pk)
        except ObjectDoesNotExist:
            raise Http404 from None

    @capability_required("inventory.view")
    def list_view(request: HttpRequest) -> HttpResponse:
        organizations = selectors.organizations_for(user=request.user)
        form = OrgFilterForm(request.GET or None, organizations=organizations)
        rows = list_selector(user=request.user, filters=form.filters())
        return render(request, template, list_context(
            request, rows, filter_form=form, multi_org=form.multi_org,
            can_edit=has_capability(request.user, "inventory.edit")))

    @capability_required("inventory.edit")
    def create_view(request: HttpRequest) -> HttpResponse:
        organizations = selectors.organizations_for(user=request.user)
        form = form_class(request.POST or None, organizations=organizations)
        if request.method == "POST" and form.is_valid():
            obj = create(actor=request.user, data=form.cleaned_data)
            messages.success(request, _("%(object)s created.") % {"object": obj})
            return redirect(list_url)
        return render(request, "inventory/form.html",
                      {"form": form, "title": titles[0], "back": list_url})

    @capability_required("inventory.edit")
    def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
        organizations = selectors.organizations_for(user=request.user)
        form = form_class(request.POST or None, instance=get_or_404(request, pk),
                          organizations=organizations)
        if request.method == "POST" and form.is_valid():
            obj = update(actor=request.user, data=form.cleaned_data,
                         **{update_kw: get_or_404(request, pk)})
            messages.success(request, _("%(object)s saved.") % {"object": obj})
            return redirect(list_url)
        return render(request, "inventory/form.html",
                      {"form": form, "title": titles[1], "object": form.instance,
                       "back": list_url})

    for view, suffix in ((list_view, "list"), (create_view, "create"), (edit_view, "edit")):
        view.__name__ = view.__qualname__ = f"{name}_{suffix}"
    return list_view, create_view, edit_view


zone_list, zone_create, zone_edit = _views(
    name="zone", template="inventory/zone_list.html", form_class=ZoneForm,
    list_selector=selectors.zone_list, get_selector=selectors.zone_get,
    create=services.zone_create, update=services.zone_update, update_kw="zone",
    titles=(gettext_lazy("New zone"), gettext_lazy("Edit zone")))

subnet_list, subnet_create, subnet_edit = _views(
    name="subnet", template="inventory/subnet_list.html", form_class=SubnetForm,
    list_selector=selectors.subnet_list, get_selector=selectors.subnet_get,
    create=services.subnet_create, update=services.subnet_update, update_kw="subnet",
    titles=(gettext_lazy("New subnet"), gettext_lazy("Edit subnet")))

department_list, department_create, department_edit = _views(
    name="department", template="inventory/department_list.html", form_class=DepartmentForm,
    list_selector=selectors.department_list, get_selector=selectors.department_get,
    create=services.department_create, update=services.department_update,
    update_kw="department",
    titles=(gettext_lazy("New department"), gettext_lazy("Edit department")))
