"""Small request helpers shared by the account views, middleware and backend."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

__all__ = ["client_ip", "safe_next"]


def client_ip(request: HttpRequest | None) -> str | None:
    """The peer address. Proxy headers are not trusted (they are set by the client)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def safe_next(request: HttpRequest, value: Any, default: str | None = None) -> str:
    """``value`` if it is a local URL, else ``default`` (``LOGIN_REDIRECT_URL``)."""
    fallback = resolve_url(default or settings.LOGIN_REDIRECT_URL)
    if isinstance(value, str) and value and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return value
    return fallback
