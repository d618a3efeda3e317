"""InspectionOutcome → ReportData (the engine-side builder; see model.from_outcome)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from zicha.domain.inspection import AssetRecord, InspectionOutcome
from zicha.domain.results import CheckResult, Observation
from zicha.reporting.labels import REASON_NAMES
from zicha.reporting.model import (
    ORG_KEYS,
    AssetRow,
    CheckRow,
    FindingRow,
    InfoSystem,
    ManualAnswer,
    Narrative,
    PreviousInspection,
    ReportData,
    ResultRow,
    ScopeSummary,
    ZoneCount,
)
from zicha.reporting.stats import area_compliance, area_order
from zicha.rules.schema import ZONES

__all__ = ["evidence_summary", "report_from_outcome", "summarise_outcome"]

#: fact paths that may hold an operating-system name, first match wins
OS_FACTS = (
    "os.name",
    "windows.os.caption",
    "windows.systeminfo.os_name",
    "windows.os.name",
    "linux.os_release.pretty_name",
    "asset.os",
)
OPS = {"eq": "=", "ne": "≠", "lt": "<", "lte": "≤", "gt": ">", "gte": "≥", "in": "属于",
       "not_in": "不属于", "contains": "包含", "not_contains": "不包含", "exists": "存在",
       "absent": "不存在", "empty": "为空", "not_empty": "非空"}
MAX_EVIDENCE = 240


def report_from_outcome(outcome: InspectionOutcome, *, previous: Sequence[Any] | None = None,
                        findings: Sequence[FindingRow] | None = None,
                        narrative: Narrative | None = None) -> ReportData:
    meta = outcome.meta or {}
    assets = tuple(_asset_row(a, outcome) for a in outcome.assets)
    resolve = _key_resolver(outcome.assets)
    checks = tuple(_check_row(c, meta) for c in outcome.checks.values())
    org_scoped = {c.id for c in outcome.checks.values() if c.scope == "organization"}
    areas = {c.id: c.area for c in checks}
    end = outcome.finished_at.date()

    prev_list = list(previous or ())
    last_outcome = next((p for p in reversed(prev_list) if isinstance(p, InspectionOutcome)), None)

    if findings is None:
        earlier = [p for p in prev_list if isinstance(p, InspectionOutcome)]
        findings = _derive_findings(outcome, assets, resolve, org_scoped, areas, last_outcome,
                                    _first_seen(earlier))
    else:
        findings = tuple(findings)
    open_numbers = {(f.asset, f.check_id): f.number for f in findings if f.change != "fixed"}

    results = []
    for r in outcome.results:
        key = None if r.check_id in org_scoped else resolve(r.asset)
        number = open_numbers.get((key, r.check_id)) if r.status.value == "failed" else None
        results.append(ResultRow(asset=key, check_id=r.check_id, status=r.status.value,
                                 evidence=evidence_summary(r), finding=number, reason=r.reason))

    manual = _manual_answers(outcome, meta)
    inspectors = tuple(meta.get("inspectors") or (narrative.inspectors if narrative else ()))
    systems = _systems(meta.get("systems")) or (narrative.systems if narrative else ())
    start = meta.get("period_start") or outcome.started_at.date()
    if isinstance(start, dt.datetime):
        start = start.date()
    organization = outcome.organization or (narrative.organization if narrative else "") or ""
    return ReportData(
        organization=organization,
        period_start=start,
        period_end=meta.get("period_end") or end,
        inspectors=inspectors,
        generated_at=meta.get("generated_at") or dt.datetime.now().replace(microsecond=0),
        inspection_id=str(meta.get("inspection_id", "")),
        inspection_label=str(meta.get("label") or f"{end.isoformat()} 网络安全自查"),
        scope=ScopeSummary(zones=_zone_counts(assets), systems=tuple(systems)),
        assets=assets,
        checks=checks,
        results=tuple(results),
        findings=findings,
        manual_answers=manual,
        previous=tuple(p if isinstance(p, PreviousInspection) else summarise_outcome(p)
                       for p in prev_list),
        narrative=narrative,
    )


def summarise_outcome(outcome: InspectionOutcome) -> PreviousInspection:
    """An earlier inspection reduced to what the trend chart needs."""
    areas = {c.id: c.area for c in outcome.checks.values()}
    counts, per_area = area_compliance((areas.get(r.check_id, "other"), r.status.value)
                                       for r in outcome.results)
    date = outcome.finished_at.date()
    return PreviousInspection(label=str(outcome.meta.get("label") or date.isoformat()),
                              date=date, counts=dict(counts), compliance=per_area)


# -- pieces -----------------------------------------------------------------------------

def _asset_row(a: AssetRecord, outcome: InspectionOutcome) -> AssetRow:
    return AssetRow(key=a.key, name=a.name, ip=a.ip, zone=a.zone, role=a.role,
                    platform=a.platform, department=a.department, registered=a.registered,
                    os_name=_os_name(outcome.facts.get(a.key)))


def _os_name(facts: Any) -> str | None:
    if facts is None:
        return None
    for path in OS_FACTS:
        found = facts.lookup(path)
        if found.state.value == "found" and isinstance(found.value, str) and found.value:
            return found.value
    return None


def _key_resolver(assets: Iterable[AssetRecord]):
    by_key = {a.key: a.key for a in assets}
    by_other: dict[str, str] = {}
    for a in assets:
        by_other.setdefault(a.name, a.key)
        if a.ip:
            by_other.setdefault(a.ip, a.key)
            by_other.setdefault(f"ip:{a.ip}", a.key)

    def resolve(name: str) -> str | None:
        if name in ORG_KEYS:
            return None
        return by_key.get(name) or by_other.get(name) or name

    return resolve


def _check_row(c: Any, meta: Mapping[str, Any]) -> CheckRow:
    tags = tuple((meta.get("check_tags") or {}).get(c.id, ()))
    return CheckRow(id=c.id, title_zh=c.title.get("zh-hans") or c.title.get("en") or c.id,
                    title_en=c.title.get("en") or c.title.get("zh-hans") or c.id,
                    area=c.area, severity=str(c.severity), kind=str(c.kind),
                    refs=tuple(c.refs), remediation_zh=c.remediation.get("zh-hans", ""),
                    remediation_en=c.remediation.get("en", ""), tags=tags)


def _fmt(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        text = "、".join(str(v) for v in value[:8]) + ("…" if len(value) > 8 else "")
        return text or "（空）"
    if value is None:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _obs_text(o: Observation) -> str:
    if o.ok is None:
        return f"{o.fact}：{o.note or '无法取得'}"
    op = OPS.get(o.op, o.op)
    if o.op in ("exists", "absent", "empty", "not_empty"):
        return f"{o.fact} 应{op}，实际 {_fmt(o.actual)}"
    return f"{o.fact} = {_fmt(o.actual)}（要求 {op} {_fmt(o.expected)}）"


def evidence_summary(r: CheckResult) -> str:
    """One line of evidence: what decided the result."""
    status = r.status.value
    if status == "failed":
        obs = [o for o in r.observations if o.ok is False]
    elif status == "error":
        obs = [o for o in r.observations if o.ok is None]
    else:
        obs = list(r.observations[:2])
    parts = [_obs_text(o) for o in obs[:3]]
    if not parts and r.reason:
        parts.append(REASON_NAMES.get(r.reason, r.reason))
    text = "；".join(parts)
    return text if len(text) <= MAX_EVIDENCE else text[: MAX_EVIDENCE - 1] + "…"


def _failed_pairs(o: InspectionOutcome) -> set[tuple[str | None, str]]:
    resolve = _key_resolver(o.assets)
    org = {c.id for c in o.checks.values() if c.scope == "organization"}
    return {(None if r.check_id in org else resolve(r.asset), r.check_id)
            for r in o.results if r.status.value == "failed"}


def _first_seen(earlier: list[InspectionOutcome]) -> dict[tuple[str | None, str], dt.date]:
    """For pairs failing in the newest earlier inspection: the start of that unbroken run."""
    out: dict[tuple[str | None, str], dt.date] = {}
    alive: set[tuple[str | None, str]] | None = None
    for o in reversed(earlier):                  # newest first
        failed = _failed_pairs(o)
        alive = failed if alive is None else alive & failed
        if not alive:
            break
        for pair in alive:
            out[pair] = o.finished_at.date()
    return out


def _derive_findings(outcome: InspectionOutcome, assets: tuple[AssetRow, ...], resolve,
                     org_scoped: set[str], areas: dict[str, str],
                     last: InspectionOutcome | None,
                     first_seen: Mapping[tuple[str | None, str], dt.date] | None = None,
                     ) -> tuple[FindingRow, ...]:
    """One finding per failed asset + check; then the ones fixed since the last inspection.

    A finding is *fixed* only when the same asset + check failed last time and
    passes now; one that was not rechecked or could not be decided is not claimed.
    """
    by_key = {a.key: a for a in assets}
    order = {a: i for i, a in enumerate(area_order(areas.values()))}
    now = outcome.finished_at.date()
    prev_failed: dict[tuple[str | None, str], CheckResult] = {}
    prev_date = None
    if last is not None:
        prev_date = last.finished_at.date()
        prev_resolve = _key_resolver(last.assets)
        prev_org = {c.id for c in last.checks.values() if c.scope == "organization"}
        for r in last.results:
            if r.status.value == "failed":
                key = None if r.check_id in prev_org else prev_resolve(r.asset)
                prev_failed[(key, r.check_id)] = r

    def sort_key(item: tuple[str | None, CheckResult]) -> tuple[Any, ...]:
        key, r = item
        asset = by_key.get(key) if key else None
        return (order.get(areas.get(r.check_id, "other"), 99), r.check_id,
                asset.name if asset else (key or ""))

    failed: dict[tuple[str | None, str], CheckResult] = {}
    passed: set[tuple[str | None, str]] = set()
    for r in outcome.results:
        key = None if r.check_id in org_scoped else resolve(r.asset)
        if r.status.value == "failed":
            failed.setdefault((key, r.check_id), r)
        elif r.status.value == "passed":
            passed.add((key, r.check_id))
    rows = []
    for n, (key, r) in enumerate(sorted(((k[0], r) for k, r in failed.items()), key=sort_key), 1):
        recurring = (key, r.check_id) in prev_failed
        rows.append(_finding(n, key, r, by_key, outcome, now, "recurring" if recurring else "new",
                             (first_seen or {}).get((key, r.check_id), prev_date)
                             if recurring else now))
    if last is not None:
        # fixed = failed last time and passed now; not rechecked / undecidable is not "fixed"
        gone = [(k[0], r) for k, r in prev_failed.items() if k in passed and k not in failed]
        prev_by_key = {a.key: a for a in (_asset_row(a, last) for a in last.assets)}
        for n, (key, r) in enumerate(sorted(gone, key=sort_key), len(rows) + 1):
            checks = {**last.checks, **outcome.checks}
            row = _finding(n, key, r, {**prev_by_key, **by_key}, outcome, prev_date or now,
                           "fixed", prev_date, checks=checks)
            rows.append(row)
    return tuple(rows)


def _finding(n: int, key: str | None, r: CheckResult, by_key: Mapping[str, AssetRow],
             outcome: InspectionOutcome, last_seen: dt.date, change: str,
             first_seen: dt.date | None, checks: Mapping[str, Any] | None = None) -> FindingRow:
    info = (checks or outcome.checks).get(r.check_id)
    asset = by_key.get(key) if key else None
    title = (info.title.get("zh-hans") or info.title.get("en")) if info else r.check_id
    measure = info.remediation.get("zh-hans", "") if info else ""
    return FindingRow(
        number=n, asset=key, asset_name=(asset.name if asset else (key or "全院")),
        department=asset.department if asset else None, check_id=r.check_id,
        title=title or r.check_id, severity=r.severity.value, measure=measure,
        status="fixed" if change == "fixed" else "open",
        verification=("本次自查复查已通过" if change == "fixed" else ""),
        first_seen=first_seen, last_seen=last_seen, change=change)


def _manual_answers(outcome: InspectionOutcome,
                    meta: Mapping[str, Any]) -> dict[str, ManualAnswer | None]:
    given = meta.get("manual_answers") or {}
    out: dict[str, ManualAnswer | None] = {}
    manual_ids = [c.id for c in outcome.checks.values() if str(c.kind) == "manual"]
    answered = {r.check_id: r.status.value for r in outcome.results
                if r.check_id in set(manual_ids) and r.reason == "answered"}
    for cid in manual_ids:
        raw = given.get(cid)
        if isinstance(raw, ManualAnswer):
            out[cid] = raw
        elif isinstance(raw, Mapping):
            out[cid] = ManualAnswer(answer=raw.get("answer") or answered.get(cid),
                                    note=raw.get("note"))
        elif isinstance(raw, str):
            out[cid] = ManualAnswer(answer=raw)
        elif cid in answered:
            out[cid] = ManualAnswer(answer=answered[cid])
        else:
            out[cid] = None
    return out


def _systems(raw: Any) -> tuple[InfoSystem, ...]:
    out = []
    for item in raw or ():
        if isinstance(item, InfoSystem):
            out.append(item)
        elif isinstance(item, Mapping):
            out.append(InfoSystem(name=str(item.get("name", "")), grade=str(item.get("grade", "")),
                                  note=item.get("note")))
    return tuple(out)


def _zone_counts(assets: Iterable[AssetRow]) -> tuple[ZoneCount, ...]:
    counts: dict[str, dict[str, int]] = {}
    for a in assets:
        c = counts.setdefault(a.zone, {"servers": 0, "pcs": 0, "switches": 0, "other": 0})
        slot = {"server": "servers", "workstation": "pcs", "switch": "switches"}.get(a.role, "other")
        c[slot] += 1
    ordered = [z for z in ZONES if z in counts] + sorted(set(counts) - set(ZONES))
    return tuple(ZoneCount(zone=z, **counts[z]) for z in ordered)
