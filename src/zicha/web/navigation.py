"""The console's top navigation: only the entries whose route exists and the user may use."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from zicha.web.accounts.policy import has_capability

__all__ = ["NAV", "navigation"]

#: (url name, label, capability)
NAV = (
    ("dashboard:index", _("Dashboard"), "dashboard.view"),
    ("inspections:list", _("Inspections"), "inspections.view"),
    ("findings:list", _("Rectification ledger"), "findings.view"),
    ("inventory:asset_list", _("Inventory"), "inventory.view"),
    ("reports:list", _("Reports"), "reports.view"),
    ("audit:list", _("Audit log"), "audit.view"),
    ("accounts:user_list", _("Accounts"), "accounts.manage"),
    ("api:token_list", _("API tokens"), "accounts.manage"),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"zicha_nav": []}
    items = []
    for name, label, capability in NAV:
        if not has_capability(user, capability):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"zicha_nav": items}
