"""Helpers shared by the inventory views: pagination and the query string around it."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

__all__ = ["PAGE_SIZE", "list_context", "paginate"]

PAGE_SIZE = 50


def paginate(request: HttpRequest, queryset: Any, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def list_context(request: HttpRequest, queryset: Any, **extra: Any) -> dict[str, Any]:
    """``page`` plus ``query`` (the current filters without ``page``, for the page links)."""
    params = request.GET.copy()
    params.pop("page", None)
    return {"page": paginate(request, queryset), "query": params.urlencode(), **extra}
