"""Template helpers of the inventory and dashboard pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def localized(value: Any) -> str:
    """A ``{"zh-hans": …, "en": …}`` mapping in the current language (else any language)."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    language = (get_language() or "zh-hans").lower()
    for key in (language, language.split("-")[0], "zh-hans", "en"):
        if value.get(key):
            return str(value[key])
    return next((str(v) for v in value.values() if v), "")


@register.filter
def zone_name(value: Any) -> str:
    """A zone (or its name) as shown: zones the inspection created are named after their
    kind's stable value (``intranet``); those show the kind's translated label."""
    from zicha.web.inventory.labels import zone_label

    if value is None or value == "":
        return ""
    return zone_label(getattr(value, "name", value))
