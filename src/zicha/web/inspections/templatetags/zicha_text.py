"""Template helpers: pick the current language from ``{"zh-hans": …, "en": …}`` texts."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def localized(values: Any) -> str:
    """The text for the active language, else Chinese, else English, else anything."""
    if not isinstance(values, dict):
        return "" if values is None else str(values)
    lang = (get_language() or "zh-hans").lower()
    for key in (lang, lang.split("-")[0], "zh-hans", "en"):
        if values.get(key):
            return str(values[key])
    return next((str(v) for v in values.values() if v), "")


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping|get_item:key`` (``None`` when missing)."""
    try:
        return mapping.get(key) if hasattr(mapping, "get") else mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def percent(done: Any, total: Any) -> int:
    try:
        return max(0, min(100, int(100 * float(done) / float(total))))
    except (TypeError, ValueError, ZeroDivisionError):
        return 0


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (``page`` is dropped unless
    given): keeps filters across tabs and pages."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return "?" + encoded if encoded else "?"
