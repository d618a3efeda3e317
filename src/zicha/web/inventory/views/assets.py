"""Asset list, detail, create, edit, and entering a found asset into the IP register."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicha.web.accounts.policy import capability_required, has_capability
from zicha.web.inventory import selectors, services
from zicha.web.inventory.filtersets import AssetFilterForm
from zicha.web.inventory.forms import AssetForm
from zicha.web.inventory.models import Asset
from zicha.web.inventory.views.common import list_context

__all__ = ["asset_create", "asset_detail", "asset_edit", "asset_list", "asset_register"]


def _asset_or_404(request: HttpRequest, pk: int) -> Asset:
    try:
        return selectors.asset_get(user=request.user, pk=pk)
    except Asset.DoesNotExist:
        raise Http404 from None


@capability_required("inventory.view")
def asset_list(request: HttpRequest) -> HttpResponse:
    organizations = selectors.organizations_for(user=request.user)
    form = AssetFilterForm(request.GET or None, organizations=organizations)
    assets = selectors.asset_list(user=request.user, filters=form.filters())
    return render(request, "inventory/asset_list.html", list_context(
        request, assets, filter_form=form, multi_org=form.multi_org,
        can_edit=has_capability(request.user, "inventory.edit")))


@capability_required("inventory.view")
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _asset_or_404(request, pk)
    return render(request, "inventory/asset_detail.html", {
        "asset": asset,
        "results": selectors.asset_latest_results(asset=asset),
        "findings": selectors.asset_findings(asset=asset),
        "can_edit": has_capability(request.user, "inventory.edit"),
    })


@capability_required("inventory.edit")
def asset_create(request: HttpRequest) -> HttpResponse:
    organizations = selectors.organizations_for(user=request.user)
    form = AssetForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        asset = services.asset_create(actor=request.user, data=form.cleaned_data)
        messages.success(request, _("Asset %(name)s created.") % {"name": asset})
        return redirect("inventory:asset_detail", pk=asset.pk)
    return render(request, "inventory/form.html", {
        "form": form, "title": _("New asset"), "back": "inventory:asset_list"})


@capability_required("inventory.edit")
def asset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organizations = selectors.organizations_for(user=request.user)
    form = AssetForm(request.POST or None, instance=_asset_or_404(request, pk),
                     organizations=organizations)
    if request.method == "POST" and form.is_valid():
        # a fresh copy: the bound form has already written the new values onto its instance
        asset = services.asset_update(actor=request.user, asset=_asset_or_404(request, pk),
                                      data=form.cleaned_data)
        messages.success(request, _("Asset %(name)s saved.") % {"name": asset})
        return redirect("inventory:asset_detail", pk=asset.pk)
    return render(request, "inventory/form.html", {
        "form": form, "title": _("Edit asset"), "object": form.instance,
        "back": "inventory:asset_list"})


@capability_required("inventory.edit")
@require_POST
def asset_register(request: HttpRequest, pk: int) -> HttpResponse:
    asset = services.asset_register(actor=request.user, asset=_asset_or_404(request, pk))
    messages.success(request, _("%(name)s is now in the IP register.") % {"name": asset})
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("inventory:asset_detail", pk=asset.pk)
