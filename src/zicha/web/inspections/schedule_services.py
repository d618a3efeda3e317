"""Scheduled inspections: create, change, delete, and enqueue the due ones.

Times are local (``TIME_ZONE``, Asia/Shanghai). ``zicha_run_schedules`` (called
every minute by ``zicha serve``) runs :func:`schedules_run_due`.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from zicha.domain.errors import ZichaError
from zicha.web.audit.services import audit_record
from zicha.web.inspections.choices import ScheduleFrequency
from zicha.web.inspections.models import Inspection, InspectionSchedule
from zicha.web.inspections.run_services import inspection_request, normalize_parameters
from zicha.web.inventory.models import Organization

__all__ = ["schedule_create", "schedule_delete", "schedule_next_run", "schedule_update",
           "schedules_run_due"]

log = logging.getLogger(__name__)
_FIELDS = ("name", "frequency", "weekday", "every_days", "time", "parameters", "enabled")


class ScheduleError(ZichaError):
    """Codes: ``schedule-weekday-missing``, ``schedule-days-missing``,
    ``schedule-nothing-to-inspect``."""

    code = "schedule-invalid"
    is_input_error = True


def schedule_next_run(*, frequency: str, weekday: int | None, every_days: int | None,
                      time: dt.time, after: dt.datetime,
                      last_run: dt.datetime | None = None) -> dt.datetime:
    """The first run strictly after ``after``."""
    local = timezone.localtime(after)
    tz = local.tzinfo

    def at(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, time), tz) if tz else \
            dt.datetime.combine(day, time)

    if frequency == ScheduleFrequency.WEEKLY:
        ahead = ((weekday or 0) - local.weekday()) % 7
        candidate = at(local.date() + dt.timedelta(days=ahead))
        if candidate <= after:
            candidate = at(local.date() + dt.timedelta(days=ahead + 7))
        return candidate
    step = dt.timedelta(days=max(1, every_days or 1))
    if last_run is not None:
        candidate = at(timezone.localtime(last_run).date() + step)
        if candidate > after:
            return candidate
    candidate = at(local.date())
    while candidate <= after:
        candidate = at(timezone.localtime(candidate).date() + dt.timedelta(days=1))
    return candidate


def _validate(values: dict[str, Any]) -> dict[str, Any]:
    if values["frequency"] == ScheduleFrequency.WEEKLY and values.get("weekday") is None:
        raise ScheduleError("a weekly schedule needs a weekday", code="schedule-weekday-missing")
    if values["frequency"] == ScheduleFrequency.EVERY_N_DAYS and not values.get("every_days"):
        raise ScheduleError("give the number of days", code="schedule-days-missing")
    params = dict(values.get("parameters") or {})
    params["bundle_uploads"] = []          # a schedule cannot reuse one-off uploads
    values["parameters"] = normalize_parameters(params)
    if not (values["parameters"]["targets"] or values["parameters"]["lab"]):
        raise ScheduleError("a schedule needs scan targets or the lab",
                            code="schedule-nothing-to-inspect")
    return values


def _next(values: dict[str, Any], now: dt.datetime, last_run: dt.datetime | None) -> dt.datetime:
    return schedule_next_run(frequency=values["frequency"], weekday=values.get("weekday"),
                             every_days=values.get("every_days"), time=values["time"],
                             after=now, last_run=last_run)


def schedule_create(*, organization: Organization, actor: Any, name: str, frequency: str,
                    time: dt.time, parameters: dict[str, Any], weekday: int | None = None,
                    every_days: int | None = None, enabled: bool = True) -> InspectionSchedule:
    values = _validate({"name": name, "frequency": frequency, "weekday": weekday,
                        "every_days": every_days, "time": time, "parameters": parameters,
                        "enabled": enabled})
    with transaction.atomic():
        schedule = InspectionSchedule.objects.create(
            organization=organization, created_by=actor if getattr(actor, "pk", None) else None,
            next_run=_next(values, timezone.now(), None) if enabled else None, **values)
        audit_record(actor=actor, action="schedule.create", target=schedule,
                     after={f: getattr(schedule, f) for f in _FIELDS})
    return schedule


def schedule_update(*, schedule: InspectionSchedule, actor: Any, **changes: Any) -> InspectionSchedule:
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise TypeError(f"unknown schedule fields {sorted(unknown)}")
    with transaction.atomic():
        row = InspectionSchedule.objects.select_for_update().get(pk=schedule.pk)
        before = {f: getattr(row, f) for f in _FIELDS}
        values = _validate({**before, **changes})
        for field, value in values.items():
            setattr(row, field, value)
        row.next_run = _next(values, timezone.now(), row.last_run) if row.enabled else None
        row.save()
        audit_record(actor=actor, action="schedule.update", target=row, before=before,
                     after={f: getattr(row, f) for f in _FIELDS})
    return row


def schedule_delete(*, schedule: InspectionSchedule, actor: Any) -> None:
    with transaction.atomic():
        audit_record(actor=actor, action="schedule.delete", target=schedule,
                     before={f: getattr(schedule, f) for f in _FIELDS})
        schedule.delete()


def schedules_run_due(*, now: dt.datetime | None = None) -> list[Inspection]:
    """Enqueue one inspection per enabled schedule whose ``next_run`` has come.

    Each schedule is claimed with a conditional UPDATE, so two loops running at
    once never start the same schedule twice.
    """
    now = now or timezone.now()
    started: list[Inspection] = []
    due = (InspectionSchedule.objects.filter(enabled=True, next_run__lte=now)
           .select_related("organization").order_by("next_run", "pk"))
    for schedule in due:
        values = {f: getattr(schedule, f) for f in _FIELDS}
        following = _next(values, now, now)
        claimed = InspectionSchedule.objects.filter(
            pk=schedule.pk, next_run=schedule.next_run).update(
            last_run=now, next_run=following, updated_at=timezone.now())
        if not claimed:
            continue
        try:
            started.append(inspection_request(
                organization=schedule.organization, actor=None,
                parameters={**schedule.parameters, "bundle_uploads": []}, schedule=schedule))
        except ZichaError as exc:
            log.warning("schedule %s (%s) could not start: %s", schedule.pk, schedule.name, exc)
            audit_record(actor=None, action="schedule.failed", target=schedule,
                         detail={"code": exc.code, "message": exc.message})
    return started
