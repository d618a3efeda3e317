"""Scheduled inspections: next run times, enqueueing the due ones once, the command, views."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from zicha.web.inspections.models import Inspection, InspectionSchedule
from zicha.web.inspections.schedule_services import (
    ScheduleError,
    schedule_create,
    schedule_next_run,
    schedule_update,
    schedules_run_due,
)

SH = ZoneInfo("Asia/Shanghai")
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
PARAMS = {"scope": "127.0.0.0/8", "targets": "127.77.0.0/30", "ports": "22"}


def at(*args):
    return dt.datetime(*args, tzinfo=SH)


@pytest.mark.parametrize(("after", "weekday", "expected"), [
    (at(2025, 3, 3, 1, 0), 0, at(2025, 3, 3, 2, 0)),     # Monday 01:00 → today 02:00
    (at(2025, 3, 3, 2, 0), 0, at(2025, 3, 10, 2, 0)),    # exactly at → next week
    (at(2025, 3, 4, 9, 0), 0, at(2025, 3, 10, 2, 0)),    # Tuesday → next Monday
    (at(2025, 3, 4, 9, 0), 6, at(2025, 3, 9, 2, 0)),     # → Sunday
])
def test_weekly_next_run(after, weekday, expected):
    assert schedule_next_run(frequency="weekly", weekday=weekday, every_days=None,
                             time=dt.time(2, 0), after=after) == expected


def test_every_n_days_counts_from_the_last_run():
    assert schedule_next_run(frequency="every_n_days", weekday=None, every_days=3,
                             time=dt.time(2, 0), after=at(2025, 3, 4, 9, 0),
                             last_run=at(2025, 3, 3, 2, 0)) == at(2025, 3, 6, 2, 0)
    assert schedule_next_run(frequency="every_n_days", weekday=None, every_days=3,
                             time=dt.time(2, 0), after=at(2025, 3, 4, 9, 0)) == at(2025, 3, 5, 2, 0)


def test_create_validates(organization, inspector):
    with pytest.raises(ScheduleError):
        schedule_create(organization=organization, actor=inspector, name="周检",
                        frequency="weekly", time=dt.time(2), parameters=PARAMS)
    with pytest.raises(ScheduleError):
        schedule_create(organization=organization, actor=inspector, name="周检",
                        frequency="weekly", weekday=0, time=dt.time(2), parameters={})


@override_settings(TASKS=DUMMY)
def test_due_schedules_are_enqueued_once(organization, inspector):
    schedule = schedule_create(organization=organization, actor=inspector, name="每周自查",
                               frequency="weekly", weekday=0, time=dt.time(2, 0),
                               parameters=PARAMS)
    assert schedule.next_run is not None
    now = schedule.next_run + dt.timedelta(minutes=1)
    [inspection] = schedules_run_due(now=now)
    assert inspection.status == "queued" and inspection.schedule == schedule
    assert inspection.meta["request"]["targets"] == ["127.77.0.0/30"]
    schedule.refresh_from_db()
    assert schedule.last_run == now
    assert schedule.next_run - now == dt.timedelta(days=7) - dt.timedelta(minutes=1)
    assert schedules_run_due(now=now) == []
    assert Inspection.objects.count() == 1


@override_settings(TASKS=DUMMY)
def test_disabled_schedules_do_not_run(organization, inspector):
    schedule = schedule_create(organization=organization, actor=inspector, name="暂停",
                               frequency="every_n_days", every_days=1, time=dt.time(2),
                               parameters=PARAMS)
    schedule_update(schedule=schedule, actor=inspector, enabled=False)
    schedule.refresh_from_db()
    assert schedule.next_run is None
    assert schedules_run_due(now=at(2030, 1, 1, 3)) == []


@override_settings(TASKS=DUMMY)
def test_management_command(organization, inspector):
    schedule = schedule_create(organization=organization, actor=inspector, name="每日",
                               frequency="every_n_days", every_days=1, time=dt.time(2),
                               parameters=PARAMS)
    InspectionSchedule.objects.filter(pk=schedule.pk).update(
        next_run=at(2020, 1, 1, 2))
    call_command("zicha_run_schedules", verbosity=0)
    assert Inspection.objects.filter(schedule=schedule).count() == 1


def test_schedule_views(organization, logged_in):
    response = logged_in.post(reverse("inspections:schedule_create"), {
        "name": "每周一凌晨", "organization": organization.pk, "frequency": "weekly",
        "weekday": "0", "time": "02:30", "enabled": "on", "scope": "127.0.0.0/8",
        "targets": "127.77.0.1", "ports": "22", "vantage_zone": "intranet",
        "register": "organization"})
    assert response.status_code == 302, response.content.decode()[:2000]
    schedule = InspectionSchedule.objects.get()
    assert schedule.time == dt.time(2, 30) and schedule.parameters["register"] == "organization"
    assert "每周一凌晨" in logged_in.get(reverse("inspections:schedule_list")).content.decode()
    assert logged_in.get(reverse("inspections:schedule_edit", args=[schedule.pk])).status_code == 200
    assert logged_in.post(reverse("inspections:schedule_delete",
                                  args=[schedule.pk])).status_code == 302
    assert not InspectionSchedule.objects.exists()
