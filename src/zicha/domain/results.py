"""Check outcomes. ``error`` is never counted as passed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["CheckResult", "CheckStatus", "Observation", "Severity"]


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    MANUAL = "manual"
    ERROR = "error"


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return ["info", "low", "medium", "high", "critical"].index(self.value)


@dataclass(frozen=True, slots=True)
class Observation:
    """One rule as evaluated: the fact path, what was expected and what was seen."""

    fact: str
    op: str
    expected: Any
    actual: Any
    ok: bool | None  # None: could not be decided (missing or errored fact)
    note: str | None = None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of one check on one asset, with the evidence that decided it."""

    check_id: str
    check_version: int
    asset: str
    status: CheckStatus
    severity: Severity
    observations: tuple[Observation, ...] = ()
    reason: str | None = None  # code: e.g. "fact-missing", "zone-excluded"
    params: dict[str, Any] = field(default_factory=dict)

    def evidence(self) -> list[dict[str, Any]]:
        return [
            {"fact": o.fact, "op": o.op, "expected": o.expected, "actual": o.actual,
             "ok": o.ok, **({"note": o.note} if o.note else {})}
            for o in self.observations
        ]
