"""Audit reads: the events a person may see, filtered; nothing here writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zicha.web.accounts.selectors import organizations_visible_to
from zicha.web.audit.actions import ACTION_LABELS
from zicha.web.audit.models import AuditEvent

__all__ = ["audit_actions", "audit_event_list", "audit_visible"]


def audit_visible(*, user: Any) -> QuerySet[AuditEvent]:
    """A superuser sees every event; others the events of the organizations they see
    (events without an organization — e.g. failed logins with unknown names — are the
    superuser's)."""
    qs = AuditEvent.objects.all()
    if getattr(user, "is_superuser", False):
        return qs
    # ids, not a subquery: lets the planner walk the primary key backwards (newest first)
    ids = list(organizations_visible_to(user=user).values_list("pk", flat=True))
    return qs.filter(organization_id__in=ids)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_event_list(*, user: Any, actor: str = "", action: str = "",
                     date_from: dt.date | None = None, date_to: dt.date | None = None,
                     target_type: str = "", target_id: str = "", target: str = ""
                     ) -> QuerySet[AuditEvent]:
    """Visible events, newest first. ``date_to`` is inclusive (local days)."""
    qs = audit_visible(user=user).select_related("organization")
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if action:
        qs = qs.filter(Q(action=action) | Q(action__startswith=action.rstrip(".") + "."))
    if date_from:
        qs = qs.filter(at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(at__lt=_day_start(date_to + dt.timedelta(days=1)))
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if target:
        qs = qs.filter(target_label__icontains=target)
    return qs.order_by("-seq")


def audit_actions() -> list[str]:
    """Action codes to suggest in the filter: the labelled ones (any code may be typed)."""
    return sorted(ACTION_LABELS)
