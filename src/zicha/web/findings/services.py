"""Finding writes: following decisive results from one inspection.

A ``failed`` result opens (or keeps open) the finding for its asset and check
ID; a ``passed`` result verifies an open, in-progress or rectified finding.
A verified or rectified finding that fails again is reopened. ``error``,
``manual`` and ``not_applicable`` results change nothing: they decide nothing.
A risk-accepted finding stays accepted whatever the result (until its acceptance
expires: ``findings_expire_risks`` in ``workflow_services``).

New and reopened findings get the default due date of their severity
(``zicha.web.findings.due``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from zicha.web.audit.services import audit_record_many
from zicha.web.core.batching import IN_BATCH, WRITE_BATCH, chunks
from zicha.web.findings.choices import ACTIVE_STATUSES, FindingStatus
from zicha.web.findings.due import default_due_date
from zicha.web.findings.models import Finding
from zicha.web.inspections.choices import ResultStatus
from zicha.web.inspections.models import Inspection
from zicha.web.inventory.models import Organization

__all__ = ["FindingInput", "findings_record_results"]

_DECISIVE = (ResultStatus.PASSED, ResultStatus.FAILED)


@dataclass(frozen=True, slots=True)
class FindingInput:
    """What the finding logic needs from one stored result."""

    asset_id: int | None
    check_id: str
    status: str
    severity: str
    department_id: int | None = None


def findings_record_results(
    *,
    organization: Organization,
    inspection: Inspection,
    results: Iterable[FindingInput],
    at: dt.datetime | None = None,
) -> dict[str, int]:
    """Open, keep, verify or reopen findings for ``inspection``'s results, in bulk.

    ``at`` is when the results were observed (default: now); it becomes
    ``opened_at`` of new findings and ``closed_at`` of verified ones. Returns
    counts: ``opened``, ``reopened``, ``still_failing``, ``verified``. Run it inside
    the caller's transaction.
    """
    at = at or timezone.now()
    decisive: dict[tuple[int | None, str], FindingInput] = {}
    for r in results:
        if r.status not in _DECISIVE:
            continue
        key = (r.asset_id, r.check_id)
        previous = decisive.get(key)
        if previous is None or r.status == ResultStatus.FAILED:   # failed wins a tie
            decisive[key] = r
    counts = {"opened": 0, "reopened": 0, "still_failing": 0, "verified": 0}
    if not decisive:
        return counts
    transitions: list[tuple[Finding, str, dict[str, Any], dict[str, Any]]] = []

    existing = _existing(organization, {check_id for _a, check_id in decisive})
    new: list[Finding] = []
    updates: dict[tuple[tuple[str, Any], ...], list[int]] = defaultdict(list)
    for key, r in decisive.items():
        finding = existing.get(key)
        if finding is None:
            if r.status == ResultStatus.FAILED:
                new.append(Finding(
                    organization=organization, asset_id=r.asset_id, check_id=r.check_id,
                    status=FindingStatus.OPEN, severity=r.severity,
                    first_seen_inspection=inspection, last_seen_inspection=inspection,
                    last_result_status=r.status, opened_at=at, department_id=r.department_id,
                    due_date=default_due_date(severity=r.severity, opened=at)))
                counts["opened"] += 1
            continue
        changes = _transition(finding, r, inspection_id=inspection.pk, at=at, counts=counts)
        if changes:
            updates[tuple(sorted(changes.items()))].append(finding.pk)
        if "status" in changes:
            transitions.append((finding, f"{finding.check_id} #{finding.pk}",
                                {"status": str(finding.status)},
                                {"status": changes["status"]}))

    Finding.objects.bulk_create(new, batch_size=WRITE_BATCH)
    now = timezone.now()
    for change, pks in updates.items():
        for batch in chunks(pks, IN_BATCH):
            Finding.objects.filter(pk__in=batch).update(**dict(change), updated_at=now)
    # each automatic verify / reopen is its own audit event, so a finding's history says
    # which inspection closed or reopened it
    audit_record_many(actor=None, action="finding.auto_transition", organization=organization,
                      changes=transitions, detail={"inspection": inspection.pk})
    return counts


def _existing(organization: Organization,
              check_ids: set[str]) -> dict[tuple[int | None, str], Finding]:
    out: dict[tuple[int | None, str], Finding] = {}
    fields = ("pk", "asset_id", "check_id", "status", "severity", "last_result_status",
              "last_seen_inspection_id")
    for batch in chunks(sorted(check_ids), IN_BATCH):
        qs = Finding.objects.filter(organization=organization, check_id__in=batch).only(*fields)
        for finding in qs:
            out[(finding.asset_id, finding.check_id)] = finding
    return out


def _transition(finding: Finding, r: FindingInput, *, inspection_id: int, at: dt.datetime,
                counts: dict[str, int]) -> dict[str, Any]:
    """The field changes one decisive result makes to an existing finding."""
    changes: dict[str, Any] = {}
    if r.status == ResultStatus.FAILED:
        changes["last_seen_inspection_id"] = inspection_id
        if finding.severity != r.severity:
            changes["severity"] = r.severity
        if finding.status in (FindingStatus.VERIFIED, FindingStatus.RECTIFIED):
            changes.update(status=FindingStatus.OPEN.value, closed_at=None,
                           due_date=default_due_date(severity=r.severity, opened=at))
            counts["reopened"] += 1
        else:
            counts["still_failing"] += 1
    elif finding.status in ACTIVE_STATUSES:
        changes.update(status=FindingStatus.VERIFIED.value, closed_at=at)
        counts["verified"] += 1
    if finding.last_result_status != r.status:
        changes["last_result_status"] = str(r.status)
    return changes
