"""One inspection: gather facts per asset, evaluate the catalogue, return an outcome."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zicha.domain.facts import FactSet
from zicha.domain.inspection import AssetRecord, CheckInfo, InspectionOutcome, SourceProblem
from zicha.domain.results import CheckResult, CheckStatus
from zicha.engine.assets import AssetBook
from zicha.engine.bundles import BundleInput, load_bundle_inputs
from zicha.engine.register import Register
from zicha.rules.baselines import BaselineSet
from zicha.rules.evaluator import AssetContext, evaluate
from zicha.rules.loader import Catalogue
from zicha.rules.schema import Check

__all__ = ["InspectionPlan", "evaluate_assets", "run_inspection"]

#: applicability reasons that mean "this check was not for this asset": left out of results
SILENT_REASONS = {"platform-excluded", "zone-excluded", "role-excluded"}
ORG_KEY = "org"

Progress = Callable[[str, int, int], None]   # (stage, done, total)


@dataclass
class InspectionPlan:
    organization: str
    register: Register | None = None
    scan_targets: Sequence[str] = ()
    scan_ports: Sequence[int] = ()
    scope: Any = None                        # zicha.collectors.scan.Scope
    vantage_zone: str = "intranet"
    bundles: Sequence[Path] = ()
    raw_bundles: Sequence[tuple[str, bytes]] = ()   # (source name, bytes) already read
    local_bundle: bytes | None = None        # this machine, collected by the caller
    local_zone: str = "dmz"
    manual_answers: dict[str, str] = field(default_factory=dict)
    strict_bundles: bool = True              # a bad bundle stops the inspection
    scan_timeout: float = 1.0
    #: count a host as live only when a port is open. On loopback (the lab) every
    #: address answers with RST, so "refused" cannot mean "a host is there".
    live_requires_open: bool = False
    scan_concurrency: int = 256
    meta: dict[str, Any] = field(default_factory=dict)


def check_info(check: Check) -> CheckInfo:
    return CheckInfo(id=check.id, version=check.version, kind=check.kind.value, area=check.area,
                     severity=check.severity.value, scope=check.scope, title=dict(check.title),
                     remediation=dict(check.remediation), refs=check.refs)


async def run_inspection(plan: InspectionPlan, *, catalogue: Catalogue, baselines: BaselineSet,
                         today: dt.date | None = None,
                         progress: Progress | None = None) -> InspectionOutcome:
    started = dt.datetime.now(dt.UTC)
    today = today or started.date()
    book = AssetBook(plan.register)
    problems: list[SourceProblem] = []

    inputs: list[BundleInput] = load_bundle_inputs(plan.bundles, strict=plan.strict_bundles,
                                                   problems=problems, raw=plan.raw_bundles)
    if plan.local_bundle is not None:
        inputs.extend(load_bundle_inputs([], strict=True, problems=problems,
                                         raw=[("local", plan.local_bundle)]))

    if plan.scan_targets:
        from zicha.collectors.scan import scan_tcp

        def on_progress(done: int, total: int) -> None:
            if progress:
                progress("scan", done, total)

        report = await scan_tcp(list(plan.scan_targets), list(plan.scan_ports), scope=plan.scope,
                                timeout=plan.scan_timeout, concurrency=plan.scan_concurrency,
                                on_progress=on_progress)
        book.add_scan(report, targets=plan.scope.expand(plan.scan_targets),
                      vantage=plan.vantage_zone, live_requires_open=plan.live_requires_open)
        plan.meta.setdefault("scan", {
            "targets": list(plan.scan_targets), "ports": len(plan.scan_ports),
            "scope": plan.scope.describe(), "duration_s": round(report.duration_s, 3),
            "hosts_up": len(report.hosts_up), "vantage_zone": plan.vantage_zone,
        })

    for i, item in enumerate(inputs):
        book.add_bundle(item, today=today,
                        default_zone=plan.local_zone if item.source == "local" else None)
        if progress:
            progress("bundles", i + 1, len(inputs))

    results = evaluate_assets(book.records(), book.facts, catalogue=catalogue,
                              baselines=baselines, manual_answers=plan.manual_answers,
                              progress=progress)
    org = AssetRecord(key=ORG_KEY, name=plan.organization, platform="other", zone="intranet",
                      role="other", sources=("organization",))
    return InspectionOutcome(
        organization=plan.organization, started_at=started, finished_at=dt.datetime.now(dt.UTC),
        assets=[*book.records(), org],
        checks={c.id: check_info(c) for c in catalogue.sorted()},
        results=results, facts=dict(book.facts), problems=problems + book.problems,
        meta={**plan.meta, "catalogue_checks": len(catalogue),
              "baselines": {z: b.sources for z, b in baselines.zones.items()}},
    )


def evaluate_assets(assets: Iterable[AssetRecord], facts: dict[str, FactSet], *,
                    catalogue: Catalogue, baselines: BaselineSet,
                    manual_answers: dict[str, str] | None = None,
                    progress: Progress | None = None) -> list[CheckResult]:
    """Every asset-scope check on every asset, then every organisation-scope check once."""
    manual_answers = manual_answers or {}
    checks = catalogue.sorted()
    asset_checks = [c for c in checks if c.scope == "asset"]
    org_checks = [c for c in checks if c.scope == "organization"]
    assets = list(assets)
    results: list[CheckResult] = []
    for n, asset in enumerate(assets):
        ctx = AssetContext(name=asset.key, platform=asset.platform, zone=asset.zone,
                           role=asset.role)
        baseline = baselines.for_zone(asset.zone)
        asset_facts = facts.get(asset.key) or FactSet()
        for check in asset_checks:
            result = evaluate(check, asset_facts, asset=ctx, params=baseline.params_for(check.id),
                              disabled_reason=baseline.disabled_reason(check.id))
            if result.reason in SILENT_REASONS:
                continue
            if result.status is CheckStatus.ERROR and result.observations and all(
                    o.note == "fact-missing" for o in result.observations if o.ok is None):
                # nothing was collected for what this check reads (no bundle from this
                # host): say so, so the report can ask for the collector to be run
                result = dataclasses.replace(result, reason="not-collected")
            results.append(result)
        if progress:
            progress("evaluate", n + 1, len(assets))
    org = AssetContext(name=ORG_KEY, platform="other", zone="intranet", role="other")
    baseline = baselines.for_zone("intranet")
    for check in org_checks:
        results.append(evaluate(check, FactSet(), asset=org,
                                params=baseline.params_for(check.id),
                                disabled_reason=baseline.disabled_reason(check.id),
                                manual_answer=manual_answers.get(check.id)))
    return results


def run(plan: InspectionPlan, **kwargs: Any) -> InspectionOutcome:
    """Synchronous wrapper for callers without an event loop."""
    return asyncio.run(run_inspection(plan, **kwargs))
