"""Inspection writes: storing an engine's :class:`InspectionOutcome` in one transaction.

``inspection_store`` does everything in bulk (a fixed number of queries for any
number of results): upsert assets, create the inspection, get-or-create the
check definitions, insert results and evidence, then move findings along.
Any exception leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from zicha.domain.facts import to_plain
from zicha.domain.inspection import CheckInfo, InspectionOutcome
from zicha.domain.results import CheckStatus
from zicha.web.core.batching import WRITE_BATCH
from zicha.web.findings.services import FindingInput, findings_record_results
from zicha.web.inspections.assets import ORG_KEY, AssetIndex, assets_upsert
from zicha.web.inspections.choices import EvidenceKind, InspectionStatus
from zicha.web.inspections.errors import InspectionStoreError
from zicha.web.inspections.models import CheckDefinition, CheckResult, Evidence, Inspection
from zicha.web.inventory.models import Organization
from zicha.web.inventory.services import organization_get_or_create, zone_get_or_create

__all__ = [
    "check_definitions_get_or_create",
    "inspection_store",
    "organization_get_or_create",
    "zone_get_or_create",
]

BUNDLE_SOURCE_PREFIX = "bundle:"


def inspection_store(*, organization: Organization, outcome: InspectionOutcome,
                     inspection: Inspection | None = None, actor: Any = None) -> Inspection:
    """Store ``outcome`` as a finished inspection of ``organization``; all or nothing.

    Without ``inspection`` a new row is created. With it (a row the console created
    as ``queued`` and the background task set ``running``), that row is filled in:
    its ``meta`` keeps what it had (the request, the progress) under the outcome's.
    Expired risk acceptances are reopened first, so this inspection's results apply
    to them. Raises :class:`InspectionStoreError` when the outcome contradicts itself
    (a result for an asset or check it does not describe, a duplicate result …) or
    the given row is no longer queued or running.
    """
    from zicha.web.audit.services import audit_record
    from zicha.web.findings.workflow_services import findings_expire_risks

    started_at = _aware(outcome.started_at)
    finished_at = _aware(outcome.finished_at)
    with transaction.atomic():
        assets = assets_upsert(organization=organization, records=outcome.assets,
                               seen_at=finished_at)
        if inspection is None:
            inspection = Inspection.objects.create(
                organization=organization, status=InspectionStatus.FINISHED,
                started_at=started_at, finished_at=finished_at, meta=_meta(outcome),
                summary=_summary(outcome, assets))
        else:
            inspection = _fill(inspection, organization, outcome, assets,
                               started_at=started_at, finished_at=finished_at)
        definitions = check_definitions_get_or_create(checks=outcome.checks.values())
        rows = _result_rows(inspection, outcome, assets, definitions)
        CheckResult.objects.bulk_create(rows, batch_size=WRITE_BATCH)
        Evidence.objects.bulk_create(_evidence_rows(inspection, outcome, assets),
                                     batch_size=WRITE_BATCH)
        expired = findings_expire_risks(organization=organization)
        finding_counts = findings_record_results(
            organization=organization, inspection=inspection, at=finished_at,
            results=(FindingInput(asset_id=row.asset_id,
                                  check_id=row.check_definition.check_id,
                                  status=row.status, severity=row.severity,
                                  department_id=row.asset.department_id if row.asset else None)
                     for row in rows))
        inspection.summary["findings"] = finding_counts
        Inspection.objects.filter(pk=inspection.pk).update(summary=inspection.summary)
        audit_record(actor=actor, action="inspection.store", target=inspection,
                     organization=organization,
                     detail={"results": inspection.summary.get("results"),
                             "findings": finding_counts, "risk_acceptances_expired": expired})
    return inspection


def _fill(inspection: Inspection, organization: Organization, outcome: InspectionOutcome,
          assets: AssetIndex, *, started_at: dt.datetime, finished_at: dt.datetime) -> Inspection:
    row = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if row.organization_id != organization.pk:
        raise InspectionStoreError("the inspection belongs to another organization",
                                   code="inspection-organization")
    if row.status not in (InspectionStatus.QUEUED, InspectionStatus.RUNNING):
        raise InspectionStoreError(f"inspection #{row.pk} is {row.status}, not running",
                                   code="inspection-not-running")
    if CheckResult.objects.filter(inspection=row).exists():
        raise InspectionStoreError(f"inspection #{row.pk} already has results",
                                   code="inspection-not-running")
    meta = dict(row.meta or {})
    meta.update(_meta(outcome))
    row.status = InspectionStatus.FINISHED
    row.started_at = started_at
    row.finished_at = finished_at
    row.meta = meta
    row.summary = _summary(outcome, assets)
    row.save(update_fields=["status", "started_at", "finished_at", "meta", "summary",
                            "updated_at"])
    return row


def check_definitions_get_or_create(
    *, checks: Iterable[CheckInfo],
) -> dict[tuple[str, int], CheckDefinition]:
    """The stored definition of every ``(check id, version)``, creating the missing ones.

    A stored version is never rewritten: a check's content changes with its version.
    """
    wanted = {(c.id, c.version): c for c in checks}
    if not wanted:
        return {}
    ids = sorted({check_id for check_id, _v in wanted})

    def load() -> dict[tuple[str, int], CheckDefinition]:
        qs = CheckDefinition.objects.filter(check_id__in=ids)
        return {(d.check_id, d.version): d for d in qs if (d.check_id, d.version) in wanted}

    found = load()
    missing = [CheckDefinition(check_id=c.id, version=c.version, kind=c.kind, area=c.area,
                               severity=c.severity, scope=c.scope, title=dict(c.title),
                               remediation=dict(c.remediation), refs=list(c.refs))
               for key, c in wanted.items() if key not in found]
    if missing:
        CheckDefinition.objects.bulk_create(missing, batch_size=WRITE_BATCH,
                                            ignore_conflicts=True)
        found = load()
    return found


# -- building rows ------------------------------------------------------------------------

def _result_rows(inspection: Inspection, outcome: InspectionOutcome, assets: AssetIndex,
                 definitions: dict[tuple[str, int], CheckDefinition]) -> list[CheckResult]:
    rows: list[CheckResult] = []
    seen: set[tuple[int | None, int]] = set()
    for r in outcome.results:
        definition = definitions.get((r.check_id, r.check_version))
        if definition is None:
            raise InspectionStoreError(
                f"result for check {r.check_id} v{r.check_version}, which the outcome does not "
                f"describe", code="outcome-check-unknown")
        org_scope = definition.scope == "organization" or r.asset == ORG_KEY
        asset = None if org_scope else assets.resolve(r.asset)
        key = (asset.pk if asset else None, definition.pk)
        if key in seen:
            raise InspectionStoreError(
                f"two results for check {r.check_id} on {r.asset!r}",
                code="outcome-result-duplicate")
        seen.add(key)
        rows.append(CheckResult(
            inspection=inspection, asset=asset, check_definition=definition,
            status=CheckStatus(r.status).value, severity=str(r.severity),
            reason=r.reason or "", evidence=to_plain(r.evidence()),
            params=to_plain(r.params)))
    return rows


def _evidence_rows(inspection: Inspection, outcome: InspectionOutcome,
                   assets: AssetIndex) -> list[Evidence]:
    rows: list[Evidence] = []
    for key, facts in outcome.facts.items():
        content = facts.as_dict()
        rows.append(Evidence(
            inspection=inspection, asset=None if key == ORG_KEY else assets.resolve(key),
            kind=EvidenceKind.FACTS, source=key, sha256=_json_sha256(content), content=content))
    for record in outcome.assets:
        for source in record.sources:
            if source.startswith(BUNDLE_SOURCE_PREFIX):
                rows.append(Evidence(
                    inspection=inspection,
                    asset=None if record.key == ORG_KEY else assets.resolve(record.key),
                    kind=EvidenceKind.BUNDLE, source=record.key,
                    sha256=source.removeprefix(BUNDLE_SOURCE_PREFIX).lower()))
    return rows


def _meta(outcome: InspectionOutcome) -> dict[str, Any]:
    meta: dict[str, Any] = to_plain(outcome.meta)
    meta.setdefault("organization", outcome.organization)
    meta["problems"] = [to_plain(p) for p in outcome.problems]
    return meta


def _summary(outcome: InspectionOutcome, assets: AssetIndex) -> dict[str, Any]:
    counts = {status.value: 0 for status in CheckStatus}
    counts.update(outcome.counts())
    areas: dict[str, dict[str, int]] = {}
    for r in outcome.results:
        info = outcome.checks.get(r.check_id)
        bucket = areas.setdefault(info.area if info else "", {"total": 0})
        bucket[str(r.status)] = bucket.get(str(r.status), 0) + 1
        bucket["total"] += 1
    return {
        "results": counts,
        "areas": areas,
        "checks": sorted({r.check_id for r in outcome.results}),
        "total": len(outcome.results),
        "assets": assets.count,
        "unregistered_assets": assets.unregistered,
        "problems": len(outcome.problems),
    }


def _json_sha256(content: Any) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)
