"""Excel export (streamed) and import (all rows valid, or nothing stored) of the assets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zicha.web.accounts.policy import capability_required
from zicha.web.inventory import selectors
from zicha.web.inventory.excel import (
    COLUMNS,
    MAX_IMPORT_BYTES,
    MAX_IMPORT_ROWS,
    write_asset_workbook,
)
from zicha.web.inventory.filtersets import AssetFilterForm
from zicha.web.inventory.forms import AssetImportForm
from zicha.web.inventory.imports import AssetImportError, assets_import_file

__all__ = ["asset_export", "asset_import"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _rows(assets: Any) -> Iterator[list[Any]]:
    """Values in the register's Chinese form (labels in Chinese whatever the UI language)."""
    with translation.override("zh-hans"):
        yes, no = "是", "否"
        for a in assets.iterator(chunk_size=2000):
            yield [a.name, a.ip or "", a.mac, a.zone.name if a.zone else "",
                   str(a.get_role_display()), str(a.get_platform_display()),
                   a.department.name if a.department else "", a.owner, a.vendor, a.notes,
                   yes if a.registered else no,
                   timezone.localtime(a.last_seen).strftime("%Y-%m-%d %H:%M")
                   if a.last_seen else ""]


@capability_required("inventory.view")
def asset_export(request: HttpRequest) -> HttpResponse:
    organizations = selectors.organizations_for(user=request.user)
    form = AssetFilterForm(request.GET or None, organizations=organizations)
    assets = selectors.asset_list(user=request.user, filters=form.filters())
    stream = write_asset_workbook(_rows(assets), sheet_title="资产台账")
    name = f"资产台账-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(stream, as_attachment=True, filename=name, content_type=XLSX)


@capability_required("inventory.edit")
def asset_import(request: HttpRequest) -> HttpResponse:
    organizations = selectors.organizations_for(user=request.user)
    form = AssetImportForm(request.POST or None, request.FILES or None,
                           organizations=organizations)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_IMPORT_BYTES + 1)
        try:
            result = assets_import_file(actor=request.user,
                                        organization=form.cleaned_data["organization"],
                                        data=data, filename=upload.name)
        except AssetImportError as exc:
            errors = exc.errors
        else:
            messages.success(request, _(
                "Imported %(rows)s rows: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged.") % {
                    "rows": result.rows, "created": result.created, "updated": result.updated,
                    "unchanged": result.unchanged})
            return redirect("inventory:asset_list")
    return render(request, "inventory/asset_import.html", {
        "form": form, "errors": errors, "headers": [h for h, _f in COLUMNS],
        "max_mb": MAX_IMPORT_BYTES // 2**20, "max_rows": MAX_IMPORT_ROWS},
        status=400 if errors else 200)
