"""Who may do what: roles → capabilities, in one place.

Views declare the capability they need (``capability_required`` /
``CapabilityRequiredMixin``); the permission-matrix test walks every role ×
every view against this table. Organisation and department scoping is done by
selectors (``organizations_visible_to``), not here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from zicha.web.accounts.choices import Role

__all__ = [
    "CAPABILITIES",
    "ROLE_CAPABILITIES",
    "CapabilityRequiredMixin",
    "capability_required",
    "has_capability",
]

CAPABILITIES = {
    "dashboard.view": "see dashboards",
    "inventory.view": "see zones, subnets, assets, information systems",
    "inventory.edit": "create and change inventory, import registers",
    "inspections.view": "browse inspections, results and evidence",
    "inspections.run": "start, cancel and schedule inspections; import bundles",
    "manual.answer": "answer manual items and upload their evidence",
    "findings.view": "see findings (department heads: their own department only)",
    "findings.update": "change a finding's state, comment, attach evidence",
    "findings.assign": "assign department, owner and due date",
    "findings.accept_risk": "accept a risk (with reason, approver and expiry)",
    "reports.view": "download reports",
    "reports.generate": "generate reports",
    "audit.view": "see and export the audit log",
    "accounts.manage": "create and change accounts and API tokens",
}

_READ = {"dashboard.view", "inventory.view", "inspections.view", "findings.view", "reports.view"}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(CAPABILITIES),
    Role.INSPECTOR: frozenset(CAPABILITIES) - {"accounts.manage"},
    Role.DEPARTMENT_HEAD: frozenset({"dashboard.view", "findings.view", "findings.update"}),
    Role.LEADERSHIP: frozenset(_READ | {"audit.view"}),
    Role.DISTRICT_AUDITOR: frozenset(_READ),
}


def has_capability(user: Any, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())


def capability_required(capability: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Function-view decorator: anonymous → login page, lacking the capability → 403."""
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not has_capability(request.user, capability):
                raise PermissionDenied(capability)
            return view(request, *args, **kwargs)

        wrapper.capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator


class CapabilityRequiredMixin(AccessMixin):
    """Class-view mixin; set ``capability = "findings.view"``."""

    capability: str = ""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_capability(request.user, self.capability):
            raise PermissionDenied(self.capability)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
