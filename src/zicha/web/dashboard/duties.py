"""Periodic duties coming due: 90-day passwords (S5), 6-month database passwords (S6),
the yearly emergency drill (S30), training this year (S31), and 等保 assessments.

Periods come from :mod:`zicha.web.dashboard.periods`. When a duty was last done is
taken from what zicha holds:

* system passwords — the ``linux.accounts`` facts of the latest inspection (each
  account's days since the last change); Windows bundles carry the policy, not
  each account's age, so the password-policy checks (S5) are listed beside;
* database passwords, drills, training — the manual items MAN-DB-0001,
  MAN-EMR-0001 and MAN-TRN-0001: the latest inspection in which the item was
  answered as done (``passed``); the date written in the answer's note (e.g.
  "最近一次更换 2025-03-01") wins over when the answer was given. No answer → 未记录;
* 等保 assessments — ``InformationSystem.last_assessed`` by grade.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zicha.web.dashboard.periods import add_months, assessment_due, periods
from zicha.web.inspections.choices import EvidenceKind, InspectionStatus, ResultStatus
from zicha.web.inspections.models import CheckDefinition, CheckResult, Evidence, Inspection
from zicha.web.inventory.models import InformationSystem, Organization

__all__ = [
    "DB_PASSWORD_ITEM",
    "DRILL_ITEM",
    "PASSWORD_POLICY_CHECKS",
    "TRAINING_ITEM",
    "Duty",
    "periodic_duties",
]

PASSWORD_POLICY_CHECKS = ("LNX-AUTH-0001", "WIN-AUTH-0001")
DB_PASSWORD_ITEM = "MAN-DB-0001"
DRILL_ITEM = "MAN-EMR-0001"
TRAINING_ITEM = "MAN-TRN-0001"
#: at most this many hosts are listed one by one for the 90-day passwords
MAX_PASSWORD_ROWS = 50

OVERDUE, DUE_SOON, PENDING, OK, UNKNOWN = "overdue", "due_soon", "pending", "ok", "unknown"


@dataclass
class Duty:
    kind: str
    title: str
    subject: str
    last_done: dt.date | None
    due: dt.date | None
    state: str
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def attention(self) -> bool:
        """Overdue, due within the look-ahead window, or never recorded."""
        return self.state in (OVERDUE, DUE_SOON, UNKNOWN)


def _state(due: dt.date | None, today: dt.date, soon: int) -> str:
    if due is None:
        return UNKNOWN
    if due < today:
        return OVERDUE
    if due <= today + dt.timedelta(days=soon):
        return DUE_SOON
    return OK


def _local_day(when: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(when).date() if when else None


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def dates_in(text: str) -> list[dt.date]:
    """The dates written in ``text`` (2025-03-01, 2025/3/1, 2025年3月1日)."""
    out = []
    for y, m, d in _DATE.findall(text or ""):
        try:
            out.append(dt.date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return out


def _definition_ids(check_ids: tuple[str, ...]) -> list[int]:
    """Every stored version of these checks (a small table: results are found by its ids,
    through the result table's own index, not by a join)."""
    return list(CheckDefinition.objects.filter(check_id__in=check_ids)
                .values_list("pk", flat=True))


def manual_last_done(*, organization: Organization, check_id: str) -> dt.date | None:
    """When the manual item was last answered as done (see the module docstring).

    The latest ``passed`` result of the item; its date is, in this order: the latest
    date written in the answer's note that is not after the answer, a ``done_on`` /
    ``date`` parameter, when the answer was given, when the inspection finished.
    """
    definitions = _definition_ids((check_id,))
    result = (CheckResult.objects.filter(
        check_definition_id__in=definitions, asset__isnull=True, status=ResultStatus.PASSED,
        inspection__organization=organization, inspection__status=InspectionStatus.FINISHED)
        .select_related("inspection").order_by("-inspection__finished_at", "-pk").first()
        if definitions else None)
    if result is None:
        return None
    fallback = _local_day(result.inspection.finished_at or result.inspection.started_at)
    try:
        answer = result.manual_answer           # inspections.ManualAnswer, when answered there
    except (ObjectDoesNotExist, AttributeError):
        answer = None
    if answer is not None:
        answered = _local_day(answer.answered_at) or fallback
        written = [d for d in dates_in(answer.note) if answered is None or d <= answered]
        return max(written) if written else answered
    for key in ("done_on", "date", "last_done"):
        value = (result.params or {}).get(key)
        if value:
            try:
                return dt.date.fromisoformat(str(value)[:10])
            except ValueError:
                pass
    return fallback


def _password_duties(organization: Organization, latest: Inspection | None, today: dt.date,
                     p: dict[str, Any]) -> list[Duty]:
    title = _("System passwords changed every %(days)s days") % {"days": p["password_days"]}
    if latest is None:
        return [Duty("password", title, "—", None, None, UNKNOWN,
                     _("No inspection yet."))]
    seen_on = _local_day(latest.finished_at) or today
    rows = (Evidence.objects.filter(inspection=latest, kind=EvidenceKind.FACTS,
                                    asset__isnull=False)
            .values_list("asset__name", "asset__ip", "content__facts__linux.accounts"))
    out: list[Duty] = []
    derivable = False
    for name, ip, facts in rows.iterator(chunk_size=500):
        accounts = (facts or {}).get("accounts") if isinstance(facts, dict) else None
        if not accounts:
            continue
        derivable = True
        due_by_user: list[tuple[dt.date, str]] = []
        for account in accounts:
            ago = account.get("last_change_days_ago")
            if not account.get("login_shell") or account.get("password") != "set" \
                    or not isinstance(ago, int):
                continue
            due = seen_on - dt.timedelta(days=ago) + dt.timedelta(days=p["password_days"])
            if due <= today + dt.timedelta(days=p["due_soon_days"]):
                due_by_user.append((due, str(account.get("name", "?"))))
        if due_by_user:
            due_by_user.sort()
            due = due_by_user[0][0]
            out.append(Duty("password", title, f"{name} ({ip})" if ip else str(name),
                            due - dt.timedelta(days=p["password_days"]), due,
                            _state(due, today, p["due_soon_days"]),
                            ", ".join(user for _d, user in due_by_user[:10])))
    out.sort(key=lambda d: d.due or today)
    hidden = len(out) - MAX_PASSWORD_ROWS
    out = out[:MAX_PASSWORD_ROWS]
    if hidden > 0:
        out.append(Duty("password", title, _("%(count)s more hosts") % {"count": hidden},
                        None, None, OVERDUE))
    policy = (CheckResult.objects.filter(inspection=latest, check_definition_id__in=(
        _definition_ids(PASSWORD_POLICY_CHECKS) or [0]))
              .aggregate(failed=Count("pk", filter=Q(status=ResultStatus.FAILED)),
                         total=Count("pk")))
    if policy["failed"]:
        out.append(Duty("password_policy", title, _("Password policy"), None, None, OVERDUE,
                        _("%(failed)s of %(total)s hosts do not enforce the maximum password "
                          "age (%(checks)s).") % {**policy,
                                                  "checks": ", ".join(PASSWORD_POLICY_CHECKS)}))
    if derivable and not out:
        out.append(Duty("password", title, _("All accounts"), None, None, OK,
                        _("No account's password is older than the period or due within "
                          "the look-ahead window.")))
    if not derivable:
        out.append(Duty("password", title, "—", None, None, UNKNOWN,
                        _("The collected facts do not show password ages; check the accounts "
                          "by hand and record it with the manual items.")))
    return out


def _manual_duty(organization: Organization, kind: str, check_id: str, title: str,
                 months: int, today: dt.date, soon: int) -> Duty:
    last = manual_last_done(organization=organization, check_id=check_id)
    if last is None:
        return Duty(kind, title, check_id, None, None, UNKNOWN, _("Not recorded"))
    due = add_months(last, months)
    return Duty(kind, title, check_id, last, due, _state(due, today, soon))


def _training_duty(organization: Organization, today: dt.date, soon: int) -> Duty:
    title = _("Security training this year")
    last = manual_last_done(organization=organization, check_id=TRAINING_ITEM)
    if last is not None and last.year == today.year:
        return Duty("training", title, TRAINING_ITEM, last, dt.date(today.year + 1, 12, 31), OK)
    due = dt.date(today.year, 12, 31)
    if last is None:
        return Duty("training", title, TRAINING_ITEM, None, due, UNKNOWN, _("Not recorded"))
    state = DUE_SOON if due <= today + dt.timedelta(days=soon) else PENDING
    return Duty("training", title, TRAINING_ITEM, last, due, state)


def _assessment_duties(organization: Organization, today: dt.date, soon: int) -> list[Duty]:
    out = []
    title = _("MLPS assessment")
    for system in InformationSystem.objects.filter(organization=organization, grade__gte=2
                                                   ).order_by("-grade", "name"):
        due = assessment_due(grade=system.grade, last_assessed=system.last_assessed)
        label = f"{system.name} ({system.get_grade_display()})"
        if due is None and system.last_assessed is None:
            out.append(Duty("assessment", title, label, None, None, UNKNOWN, _("Not recorded"),
                            {"system_id": system.pk}))
        elif due is not None:
            out.append(Duty("assessment", title, label, system.last_assessed, due,
                            _state(due, today, soon), system.filing_number,
                            {"system_id": system.pk}))
    return out


def periodic_duties(*, organization: Organization, latest: Inspection | None,
                    today: dt.date) -> list[Duty]:
    """Every duty with its state; the ones needing attention first, then by due date."""
    p = periods()
    soon = int(p["due_soon_days"])
    duties = [
        *_password_duties(organization, latest, today, p),
        _manual_duty(organization, "db_password", DB_PASSWORD_ITEM,
                     _("Database passwords changed every %(months)s months")
                     % {"months": p["db_password_months"]},
                     int(p["db_password_months"]), today, soon),
        _manual_duty(organization, "drill", DRILL_ITEM,
                     _("Emergency drill at least every %(months)s months")
                     % {"months": p["drill_months"]}, int(p["drill_months"]), today, soon),
        _training_duty(organization, today, soon),
        *_assessment_duties(organization, today, soon),
    ]
    order = {OVERDUE: 0, DUE_SOON: 1, UNKNOWN: 2, PENDING: 3, OK: 4}
    duties.sort(key=lambda d: (order[d.state], d.due or dt.date.max))
    return duties
