"""The report's input built from stored rows — never from a live run.

Rebuilds the engine's InspectionOutcome from the database (assets, check
definitions as used, results with their evidence, facts, manual answers) and
lets the reporting engine compute every number from it; findings come from the
rectification ledger (owner, department, due date, state).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.utils import timezone

from zicha.domain.facts import FactSet
from zicha.domain.inspection import AssetRecord, CheckInfo, InspectionOutcome
from zicha.domain.results import CheckResult, CheckStatus, Observation, Severity
from zicha.reporting.build import report_from_outcome
from zicha.reporting.model import FindingRow, Narrative, PreviousInspection, ReportData
from zicha.reporting.stats import area_compliance
from zicha.web.findings.models import Finding
from zicha.web.inspections.models import CheckResult as StoredResult
from zicha.web.inspections.models import Evidence, Inspection

__all__ = ["outcome_from_store", "report_data_for"]

ORG = "org"
PREVIOUS = 5
#: ledger state → report state
STATUS = {"open": "open", "in_progress": "in_progress", "rectified": "fixed",
          "verified": "verified", "risk_accepted": "accepted"}


def _key(asset_id: int | None) -> str:
    return ORG if asset_id is None else f"asset:{asset_id}"


def outcome_from_store(inspection: Inspection) -> InspectionOutcome:
    rows = (StoredResult.objects.filter(inspection=inspection)
            .select_related("check_definition", "asset", "asset__zone", "asset__department")
            .order_by("pk"))
    assets: dict[str, AssetRecord] = {}
    checks: dict[str, CheckInfo] = {}
    results: list[CheckResult] = []
    answers: dict[str, dict[str, Any]] = {}
    for row in rows.iterator(chunk_size=5000):
        a, c = row.asset, row.check_definition
        key = _key(row.asset_id)
        if a is not None and key not in assets:
            assets[key] = AssetRecord(
                key=key, name=a.name, platform=a.platform, zone=a.zone.kind if a.zone else "intranet",
                role=a.role, ip=a.ip, mac=a.mac or None,
                department=a.department.name if a.department else None, registered=a.registered)
        if c.check_id not in checks:
            checks[c.check_id] = CheckInfo(id=c.check_id, version=c.version, kind=c.kind,
                                           area=c.area, severity=c.severity, scope=c.scope,
                                           title=dict(c.title), remediation=dict(c.remediation),
                                           refs=tuple(c.refs))
        observations = tuple(Observation(fact=o.get("fact", ""), op=o.get("op", ""),
                                         expected=o.get("expected"), actual=o.get("actual"),
                                         ok=o.get("ok"), note=o.get("note"))
                             for o in (row.evidence or []) if isinstance(o, dict))
        results.append(CheckResult(check_id=c.check_id, check_version=c.version, asset=key,
                                   status=CheckStatus(row.status), severity=Severity(row.severity),
                                   observations=observations, reason=row.reason or None,
                                   params=dict(row.params or {})))
    for answer in _manual_answers(inspection):
        answers[answer["check_id"]] = {"answer": answer["answer"], "note": answer["note"]}
    facts = {
        _key(e.asset_id): FactSet.from_dict(e.content or {})
        for e in Evidence.objects.filter(inspection=inspection, kind="facts").only(
            "asset_id", "content")
    }
    org = AssetRecord(key=ORG, name=inspection.organization.name, platform="other",
                      zone="intranet", role="other")
    finished = inspection.finished_at or inspection.created_at
    meta = dict(inspection.meta or {})
    meta.update(inspection_id=inspection.pk, manual_answers=answers,
                label=meta.get("label") or
                f"{timezone.localtime(finished):%Y-%m-%d} 网络安全自查（#{inspection.pk}）")
    if "systems" not in meta:
        meta["systems"] = _systems(inspection)
    return InspectionOutcome(organization=inspection.organization.name,
                             started_at=inspection.started_at or finished, finished_at=finished,
                             assets=[*assets.values(), org], checks=checks, results=results,
                             facts=facts, problems=[], meta=meta)


def _manual_answers(inspection: Inspection) -> Iterable[dict[str, Any]]:
    try:
        from zicha.web.inspections.models import ManualAnswer
    except ImportError:  # pragma: no cover - older schema
        return []
    return [{"check_id": m.result.check_definition.check_id, "answer": m.answer, "note": m.note}
            for m in ManualAnswer.objects.filter(result__inspection=inspection, confirmed=True)
            .select_related("result__check_definition")]


def _systems(inspection: Inspection) -> list[dict[str, Any]]:
    from zicha.web.inventory.models import InformationSystem

    grades = {1: "第一级", 2: "第二级", 3: "第三级", 4: "第四级"}
    return [{"name": s.name, "grade": grades.get(s.grade or 0, "未定级")}
            for s in InformationSystem.objects.filter(organization=inspection.organization)]


def _findings(inspection: Inspection, outcome: InspectionOutcome) -> list[FindingRow]:
    """The ledger's findings that this inspection saw failing or saw fixed."""
    titles = {c.id: c.title.get("zh-hans") or c.id for c in outcome.checks.values()}
    failed = {(r.asset, r.check_id) for r in outcome.results if r.status is CheckStatus.FAILED}
    passed = {(r.asset, r.check_id) for r in outcome.results if r.status is CheckStatus.PASSED}
    checks = {c.id: c for c in outcome.checks.values()}
    ledger = (Finding.objects.filter(organization=inspection.organization,
                                     check_id__in=list(titles))
              .select_related("asset", "department", "first_seen_inspection",
                              "last_seen_inspection", "owner_user"))
    prev_failed = _previous_failed(inspection)
    rows: list[FindingRow] = []
    for f in ledger.iterator(chunk_size=5000):
        pair = (_key(f.asset_id), f.check_id)
        if pair not in failed and not (pair in passed and pair in prev_failed):
            continue
        change = ("fixed" if pair not in failed else
                  "recurring" if pair in prev_failed else "new")
        owner = f.owner or (str(f.owner_user) if f.owner_user_id else "") or None
        remediation = checks[f.check_id].remediation.get("zh-hans", "") if f.check_id in checks else ""
        rows.append(FindingRow(
            number=0, asset=None if f.asset_id is None else pair[0],
            asset_name=f.asset.name if f.asset else inspection.organization.name,
            department=f.department.name if f.department else
            (f.asset.department.name if f.asset and f.asset.department_id else None),
            check_id=f.check_id, title=titles.get(f.check_id, f.check_id), severity=f.severity,
            owner=owner, due=f.due_date, status=STATUS.get(f.status, f.status),
            measure=remediation,
            verification="本次自查复查已通过" if change == "fixed" else "",
            first_seen=_date(f.first_seen_inspection), last_seen=_date(f.last_seen_inspection),
            change=change))
    order = {"critical": 0, "high": 1, "medium": 2, "low": 3, "info": 4}
    rows.sort(key=lambda r: (r.change == "fixed", order.get(r.severity, 9), r.check_id,
                             r.asset_name))
    return [FindingRow(**{**_asdict(r), "number": i}) for i, r in enumerate(rows, 1)]


def _asdict(row: FindingRow) -> dict[str, Any]:
    return {f: getattr(row, f) for f in row.__dataclass_fields__}


def _date(inspection: Inspection | None) -> dt.date | None:
    if inspection is None:
        return None
    stamp = inspection.finished_at or inspection.created_at
    return timezone.localtime(stamp).date()


def _previous(inspection: Inspection) -> list[Inspection]:
    return list(Inspection.objects.filter(organization=inspection.organization,
                                          status="finished", pk__lt=inspection.pk)
                .order_by("-pk")[:PREVIOUS])[::-1]


def _previous_failed(inspection: Inspection) -> set[tuple[str, str]]:
    prev = _previous(inspection)
    if not prev:
        return set()
    return {(_key(a), c) for a, c in StoredResult.objects.filter(
        inspection=prev[-1], status="failed").values_list("asset_id", "check_definition__check_id")}


def _summary(inspection: Inspection) -> PreviousInspection:
    """An earlier inspection reduced to counts (aggregated in the database)."""
    rows = (StoredResult.objects.filter(inspection=inspection)
            .values_list("check_definition__area", "status").annotate(n=Count("id")))
    pairs = itertools.chain.from_iterable(itertools.repeat((a, s), n) for a, s, n in rows)
    counts, per_area = area_compliance(pairs)
    date = _date(inspection) or timezone.localdate()
    label = (inspection.meta or {}).get("label") or f"{date.isoformat()}（#{inspection.pk}）"
    return PreviousInspection(label=str(label), date=date, counts=dict(counts),
                              compliance=per_area)


def report_data_for(inspection: Inspection, *, narrative: Narrative | None = None) -> ReportData:
    """Everything the report says, computed from this inspection's stored rows."""
    outcome = outcome_from_store(inspection)
    previous = [_summary(p) for p in _previous(inspection)]
    return report_from_outcome(outcome, previous=previous,
                               findings=_findings(inspection, outcome), narrative=narrative)
