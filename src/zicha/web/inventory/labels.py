"""How inventory names are shown."""

from __future__ import annotations

from zicha.web.inventory.choices import ZoneKind

__all__ = ["zone_label"]


def zone_label(name: str) -> str:
    """``intranet`` → 内网 (the kind's label) for zones named after their kind; else the name."""
    return str(ZoneKind(name).label) if name in ZoneKind.values else name
