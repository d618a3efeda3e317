"""How often the periodic duties come round — in one place.

These are hospital practice, not law; a hospital (or its district) may follow a
stricter rhythm. Override any of them with the setting ``ZICHA_DUTY_PERIODS``,
e.g. ``{"password_days": 60, "assessment_months": {3: 12, 2: 12}}``.

* ``password_days`` — system passwords changed every 90 days (S5);
* ``db_password_months`` — database passwords changed every 6 months (S6, S28);
* ``drill_months`` — an emergency drill at least every 12 months (S30);
* training at least once per calendar year (S31);
* ``assessment_months`` — 等保 assessment (测评) by grade: grade 4 every 6 months,
  grade 3 every 12 months, grade 2 every 24 months (usual practice); grade 1 none;
* ``due_soon_days`` — how far ahead the dashboard looks (30 days).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.conf import settings

__all__ = ["DEFAULT_PERIODS", "add_months", "assessment_due", "periods"]

DEFAULT_PERIODS: dict[str, Any] = {
    "password_days": 90,
    "db_password_months": 6,
    "drill_months": 12,
    "assessment_months": {4: 6, 3: 12, 2: 24},
    "due_soon_days": 30,
}


def periods() -> dict[str, Any]:
    """The defaults, overridden by ``settings.ZICHA_DUTY_PERIODS``."""
    return {**DEFAULT_PERIODS, **(getattr(settings, "ZICHA_DUTY_PERIODS", None) or {})}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def assessment_due(*, grade: int, last_assessed: dt.date | None) -> dt.date | None:
    """When the next 等保 assessment is due; None when the grade needs none or no date is known."""
    months = {int(k): v for k, v in periods()["assessment_months"].items()}.get(int(grade))
    if months is None or last_assessed is None:
        return None
    return add_months(last_assessed, months)
