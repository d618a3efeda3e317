"""Finding writes made by people: rectification states, assignment, risk acceptance.

State machine (inspections do the rest, see ``services.findings_record_results``)::

    open ──start──► in_progress ──rectify──► rectified ──(next inspection passes)──► verified
      └──────────────rectify─────────────────┘     └──(fails again)──► open
    open / in_progress / rectified ──accept_risk──► risk_accepted ──(expired)──► open

Every function validates, writes and calls ``audit_record`` in one transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from zicha.domain.errors import ZichaError
from zicha.web.accounts.policy import has_capability
from zicha.web.audit.services import audit_record
from zicha.web.findings.choices import ACTIVE_STATUSES, FindingStatus
from zicha.web.findings.due import local_date, risk_max_days, risk_second_person
from zicha.web.findings.models import Finding
from zicha.web.inventory.models import Department, Organization

__all__ = [
    "FindingWorkflowError",
    "finding_accept_risk",
    "finding_assign",
    "finding_rectify",
    "finding_start",
    "findings_expire_risks",
]


class FindingWorkflowError(ZichaError):
    """A change a person asked for is not allowed. Codes:

    ``finding-transition`` (not from this state), ``risk-reason-missing``,
    ``risk-expiry-missing``, ``risk-expiry-past``, ``risk-expiry-too-far``,
    ``risk-approver-missing``, ``risk-approver-not-allowed``, ``risk-approver-self``,
    ``assign-department-foreign``, ``assign-owner-foreign``, ``assign-due-past``.
    """

    code = "finding-workflow"
    is_input_error = True


_START_FROM = (FindingStatus.OPEN, FindingStatus.RECTIFIED)
_RECTIFY_FROM = (FindingStatus.OPEN, FindingStatus.IN_PROGRESS)


def _snapshot(finding: Finding, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(finding, f) for f in fields}


def _lock(finding: Finding) -> Finding:
    return Finding.objects.select_for_update().get(pk=finding.pk)


def _transition(finding: Finding, *, actor: Any, to: str, allowed: tuple[str, ...],
                action: str, extra: dict[str, Any] | None = None,
                detail: dict[str, Any] | None = None) -> Finding:
    with transaction.atomic():
        locked = _lock(finding)
        if locked.status not in allowed:
            raise FindingWorkflowError(
                f"cannot go from {locked.status} to {to}", code="finding-transition")
        fields = ("status", *(extra or {}))
        before = _snapshot(locked, fields)
        locked.status = to
        for name, value in (extra or {}).items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
        audit_record(actor=actor, action=action, target=locked, before=before,
                     after=_snapshot(locked, fields), detail=detail)
    return locked


def finding_start(*, finding: Finding, actor: Any) -> Finding:
    """Work begins (open, or a rectification that did not hold) → in progress."""
    return _transition(finding, actor=actor, to=FindingStatus.IN_PROGRESS, allowed=_START_FROM,
                       action="finding.start")


def finding_rectify(*, finding: Finding, actor: Any, note: str = "") -> Finding:
    """A person says the problem is fixed → rectified; the next inspection verifies it."""
    return _transition(finding, actor=actor, to=FindingStatus.RECTIFIED, allowed=_RECTIFY_FROM,
                       action="finding.rectify",
                       extra={"rectified_at": timezone.now(),
                              "rectified_by": actor if getattr(actor, "pk", None) else None},
                       detail={"note": note} if note else None)


def finding_assign(*, finding: Finding, actor: Any, department: Department | None,
                   owner: str = "", owner_user: Any = None,
                   due_date: dt.date | None = None) -> Finding:
    """Set the responsible department, the owner (an account or a free-text name) and the
    due date (``None`` keeps the current one)."""
    owner = (owner or "").strip()
    if owner_user is not None and not owner:
        owner = owner_user.get_full_name() or owner_user.get_username()
    with transaction.atomic():
        locked = _lock(finding)
        if department is not None and department.organization_id != locked.organization_id:
            raise FindingWorkflowError("department of another organization",
                                       code="assign-department-foreign")
        if owner_user is not None and owner_user.organization_id not in (
                None, locked.organization_id):
            raise FindingWorkflowError("owner of another organization",
                                       code="assign-owner-foreign")
        if due_date is not None and due_date != locked.due_date and due_date < local_date():
            raise FindingWorkflowError("due date in the past", code="assign-due-past")
        fields = ("department", "owner", "owner_user", "due_date")
        before = _snapshot(locked, fields)
        locked.department = department
        locked.owner = owner[:200]
        locked.owner_user = owner_user
        if due_date is not None:
            locked.due_date = due_date
        locked.save(update_fields=[*fields, "updated_at"])
        audit_record(actor=actor, action="finding.assign", target=locked,
                     before=_labels(before), after=_labels(_snapshot(locked, fields)))
    return locked


def _labels(values: dict[str, Any]) -> dict[str, Any]:
    """Model instances as ``{"id", "label"}`` so the audit log reads without joins."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if hasattr(value, "pk"):
            out[key] = {"id": value.pk, "label": str(value)} if value.pk else None
        else:
            out[key] = value
    return out


def finding_accept_risk(*, finding: Finding, actor: Any, reason: str, expires_on: dt.date | None,
                        approver: Any) -> Finding:
    """Accept the risk (S33, e.g. a vendor needs port 445) until ``expires_on`` (≤ one year).

    ``approver`` must hold ``findings.accept_risk`` and — unless
    ``ZICHA_RISK_SECOND_PERSON`` is off — be someone other than ``actor``.
    """
    reason = (reason or "").strip()
    today = local_date()
    if not reason:
        raise FindingWorkflowError("a reason is required", code="risk-reason-missing")
    if expires_on is None:
        raise FindingWorkflowError("an expiry date is required", code="risk-expiry-missing")
    if expires_on <= today:
        raise FindingWorkflowError("the expiry date must lie in the future",
                                   code="risk-expiry-past")
    if expires_on > today + dt.timedelta(days=risk_max_days()):
        raise FindingWorkflowError("a risk is accepted for one year at most",
                                   code="risk-expiry-too-far")
    if approver is None:
        raise FindingWorkflowError("an approver is required", code="risk-approver-missing")
    if not has_capability(approver, "findings.accept_risk"):
        raise FindingWorkflowError("the approver may not accept risks",
                                   code="risk-approver-not-allowed")
    if risk_second_person() and getattr(actor, "pk", None) == approver.pk:
        raise FindingWorkflowError("the approver must be another person",
                                   code="risk-approver-self")
    if approver.organization_id not in (None, finding.organization_id) and not approver.is_superuser:
        raise FindingWorkflowError("the approver belongs to another organization",
                                   code="risk-approver-not-allowed")
    return _transition(
        finding, actor=actor, to=FindingStatus.RISK_ACCEPTED, allowed=ACTIVE_STATUSES,
        action="finding.accept_risk",
        extra={"risk_reason": reason, "risk_expires_on": expires_on,
               "risk_requested_by": actor if getattr(actor, "pk", None) else None,
               "risk_approved_by": approver, "risk_accepted_at": timezone.now()},
        detail={"approver": approver.get_username()})


def findings_expire_risks(*, organization: Organization | None = None,
                          organizations: Any = None, today: dt.date | None = None,
                          actor: Any = None) -> int:
    """Risk acceptances whose expiry date has passed → open again (one audit event each).

    Called by ``inspection_store`` before results are applied, by the findings list
    and by the ``zicha_expire_risks`` command. Returns how many expired.
    """
    today = today or local_date()
    qs = Finding.objects.filter(status=FindingStatus.RISK_ACCEPTED, risk_expires_on__lt=today)
    if organization is not None:
        qs = qs.filter(organization=organization)
    if organizations is not None:
        qs = qs.filter(organization__in=organizations)
    if not qs.exists():
        return 0
    count = 0
    with transaction.atomic():
        for finding in qs.select_for_update().select_related("organization"):
            before = {"status": finding.status, "risk_expires_on": finding.risk_expires_on}
            finding.status = FindingStatus.OPEN
            finding.closed_at = None
            finding.save(update_fields=["status", "closed_at", "updated_at"])
            audit_record(actor=actor, action="finding.risk_expired", target=finding,
                         organization=finding.organization, before=before,
                         after={"status": finding.status},
                         detail={"expired_on": finding.risk_expires_on})
            count += 1
    return count
