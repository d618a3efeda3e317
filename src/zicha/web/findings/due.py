"""Due dates of rectifications and limits of risk acceptances (configurable constants).

``settings.ZICHA_FINDING_DUE_DAYS`` (a mapping severity → days) overrides
:data:`DUE_DAYS` per severity; ``settings.ZICHA_RISK_MAX_DAYS`` the longest
acceptance; ``settings.ZICHA_RISK_SECOND_PERSON`` (default True) whether the
approver of a risk acceptance must be someone other than the requester.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

__all__ = ["DUE_DAYS", "RISK_MAX_DAYS", "default_due_date", "due_days", "local_date",
           "risk_max_days", "risk_second_person"]

#: days from opening to the rectification due date, by severity
DUE_DAYS = {"critical": 7, "high": 15, "medium": 30, "low": 90, "info": 90}
#: a risk acceptance lasts at most this long (one year)
RISK_MAX_DAYS = 365


def due_days(severity: str) -> int:
    overrides = getattr(settings, "ZICHA_FINDING_DUE_DAYS", None) or {}
    return int(overrides.get(severity, DUE_DAYS.get(severity, DUE_DAYS["low"])))


def local_date(at: dt.datetime | dt.date | None = None) -> dt.date:
    if at is None:
        return timezone.localdate()
    if isinstance(at, dt.datetime):
        return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()
    return at


def default_due_date(*, severity: str, opened: dt.datetime | dt.date | None = None) -> dt.date:
    """The due date of a finding of ``severity`` opened at ``opened`` (default: today)."""
    return local_date(opened) + dt.timedelta(days=due_days(severity))


def risk_max_days() -> int:
    return int(getattr(settings, "ZICHA_RISK_MAX_DAYS", RISK_MAX_DAYS))


def risk_second_person() -> bool:
    return bool(getattr(settings, "ZICHA_RISK_SECOND_PERSON", True))
