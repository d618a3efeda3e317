"""API token management (capability accounts.manage) and the offline API description page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zicha.web.accounts.policy import capability_required
from zicha.web.accounts.selectors import organizations_visible_to
from zicha.web.api import selectors, services
from zicha.web.api.forms import TokenCreateForm

__all__ = ["docs", "token_create", "token_list", "token_revoke"]


@capability_required("accounts.manage")
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = list(selectors.token_list(user=request.user)[:500])
    now = timezone.now()
    for token in tokens:
        token.expired = bool(token.expires_at and token.expires_at <= now)
    return render(request, "api/token_list.html", {"tokens": tokens})


@capability_required("accounts.manage")
def token_create(request: HttpRequest) -> HttpResponse:
    organizations = organizations_visible_to(user=request.user).order_by("name")
    form = TokenCreateForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        token, raw = services.token_create(
            actor=request.user, organization=form.cleaned_data["organization"],
            name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at())
        response = render(request, "api/token_created.html", {"token": token, "raw": raw})
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "api/token_form.html", {"form": form})


@capability_required("accounts.manage")
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_list(user=request.user).filter(pk=pk).first()
    if token is None:
        raise Http404
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token %(name)s revoked.") % {"name": token})
    return redirect("api:token_list")


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            out.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [{"name": p.get("name"), "in": p.get("in"),
                                "required": p.get("required", False),
                                "type": (p.get("schema") or {}).get("type", "")}
                               for p in op.get("parameters", [])],
                "responses": sorted(op.get("responses", {}).keys()),
            })
    return out


def docs(request: HttpRequest) -> HttpResponse:
    """The API described in plain HTML — no Swagger UI, no CDN (the network is offline)."""
    from zicha.web.api.v1 import api

    schema = api.get_openapi_schema()
    return render(request, "api/docs.html", {
        "info": schema.get("info", {}), "operations": _operations(schema),
        "openapi_url": reverse("api:v1:openapi-json")})

