"""Duty periods: one constants module, overridable by the setting ZICHA_DUTY_PERIODS."""

from __future__ import annotations

import datetime as dt

import pytest

from zicha.web.dashboard.periods import DEFAULT_PERIODS, add_months, assessment_due, periods


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
    (dt.date(2025, 8, 15), 6, dt.date(2026, 2, 15)),
    (dt.date(2025, 12, 1), 12, dt.date(2026, 12, 1)),
    (dt.date(2025, 3, 1), -3, dt.date(2024, 12, 1)),
])
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_assessment_periods_by_grade():
    day = dt.date(2025, 5, 20)
    assert assessment_due(grade=4, last_assessed=day) == dt.date(2025, 11, 20)
    assert assessment_due(grade=3, last_assessed=day) == dt.date(2026, 5, 20)
    assert assessment_due(grade=2, last_assessed=day) == dt.date(2027, 5, 20)
    assert assessment_due(grade=1, last_assessed=day) is None
    assert assessment_due(grade=3, last_assessed=None) is None


def test_periods_are_configurable(settings):
    assert periods() == DEFAULT_PERIODS
    settings.ZICHA_DUTY_PERIODS = {"assessment_months": {"2": 12}, "password_days": 60}
    assert periods()["password_days"] == 60 and periods()["drill_months"] == 12
    assert assessment_due(grade=2, last_assessed=dt.date(2025, 1, 1)) == dt.date(2026, 1, 1)
    assert assessment_due(grade=3, last_assessed=dt.date(2025, 1, 1)) is None
