"""The IP register: registered addresses against those seen on the network."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zicha.web.accounts.policy import capability_required, has_capability
from zicha.web.inventory import selectors
from zicha.web.inventory.filtersets import IpRegisterFilterForm
from zicha.web.inventory.views.common import list_context

__all__ = ["ipregister_list"]


@capability_required("inventory.view")
def ipregister_list(request: HttpRequest) -> HttpResponse:
    organizations = selectors.organizations_for(user=request.user)
    form = IpRegisterFilterForm(request.GET or None, organizations=organizations)
    filters = form.filters()
    assets = selectors.ip_register_list(user=request.user, filters=filters)
    counts = selectors.ip_register_counts(user=request.user, filters=filters)
    return render(request, "inventory/ipregister_list.html", list_context(
        request, assets, filter_form=form, counts=counts, multi_org=form.multi_org,
        can_edit=has_capability(request.user, "inventory.edit")))
