"""An InspectionOutcome as plain JSON (results.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zicha.domain.facts import to_plain
from zicha.domain.inspection import InspectionOutcome

__all__ = ["outcome_to_dict", "write_json"]


def outcome_to_dict(outcome: InspectionOutcome, *, include_facts: bool = True) -> dict[str, Any]:
    return {
        "format": "zicha-results/1",
        "organization": outcome.organization,
        "started_at": outcome.started_at.isoformat(),
        "finished_at": outcome.finished_at.isoformat(),
        "counts": outcome.counts(),
        "assets": [to_plain(a) for a in outcome.assets],
        "checks": {k: to_plain(v) for k, v in outcome.checks.items()},
        "results": [
            {"check_id": r.check_id, "check_version": r.check_version, "asset": r.asset,
             "status": r.status.value, "severity": r.severity.value, "reason": r.reason,
             "params": to_plain(r.params), "evidence": to_plain(r.evidence())}
            for r in outcome.results
        ],
        "facts": {k: v.as_dict() for k, v in outcome.facts.items()} if include_facts else {},
        "problems": [to_plain(p) for p in outcome.problems],
        "meta": to_plain(outcome.meta),
    }


def write_json(outcome: InspectionOutcome, path: Path) -> Path:
    path.write_text(json.dumps(outcome_to_dict(outcome), ensure_ascii=False, indent=1,
                               default=str), encoding="utf-8")
    return path
