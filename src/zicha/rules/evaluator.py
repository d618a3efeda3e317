"""evaluate(check, facts) → CheckResult. Pure: no I/O.

Three-valued logic: every rule is True, False or undecidable (fact missing or
errored). ``all`` fails on any False, else is undecidable on any unknown, else
passes — so an undecidable input can only ever produce ``error``, never
``passed``. ``any`` and ``none`` follow the same reasoning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from zicha.domain.facts import FactSet, LookupState
from zicha.domain.results import CheckResult, CheckStatus, Observation
from zicha.rules.operators import apply
from zicha.rules.schema import Check, CheckKind, FactRef, Group, ParamRef, Rule, RuleNode

__all__ = ["AssetContext", "evaluate"]

MAX_ITEMS_SHOWN = 20
_NEEDS_VALUE = frozenset({"lt", "lte", "gt", "gte", "matches", "not_matches", "contains"})


@dataclass(frozen=True, slots=True)
class AssetContext:
    """What the baseline needs to know about an asset to decide applicability."""

    name: str
    platform: str
    zone: str
    role: str


def evaluate(
    check: Check,
    facts: FactSet,
    *,
    asset: AssetContext,
    params: Mapping[str, Any] | None = None,
    disabled_reason: str | None = None,
    manual_answer: str | None = None,
) -> CheckResult:
    """Evaluate one check against one asset's facts.

    ``params`` are the baseline's overrides on top of the check's defaults;
    ``disabled_reason`` is set when the zone's baseline switches the check off;
    ``manual_answer`` is a person's answer to a manual item, if any.
    """
    values = {**check.param_defaults(), **(params or {})}

    def result(status: CheckStatus, obs: tuple[Observation, ...] = (),
               reason: str | None = None) -> CheckResult:
        return CheckResult(check_id=check.id, check_version=check.version, asset=asset.name,
                           status=status, severity=check.severity, observations=obs,
                           reason=reason, params=values)

    at = check.applies_to
    if at.platforms and asset.platform not in at.platforms:
        return result(CheckStatus.NOT_APPLICABLE, reason="platform-excluded")
    if at.zones and asset.zone not in at.zones:
        return result(CheckStatus.NOT_APPLICABLE, reason="zone-excluded")
    if at.roles and asset.role not in at.roles:
        return result(CheckStatus.NOT_APPLICABLE, reason="role-excluded")
    if disabled_reason:
        return result(CheckStatus.NOT_APPLICABLE, reason=disabled_reason)

    if check.kind is CheckKind.MANUAL:
        if manual_answer in {s.value for s in CheckStatus} - {"error"}:
            return result(CheckStatus(manual_answer), reason="answered")
        return result(CheckStatus.MANUAL, reason="awaiting-answer")

    obs: list[Observation] = []
    if check.applies_if is not None:
        applicable = _group(check.applies_if, facts, values, obs, prefix="")
        if applicable is None:
            return result(CheckStatus.ERROR, tuple(obs), reason="applicability-undecided")
        if not applicable:
            return result(CheckStatus.NOT_APPLICABLE, tuple(obs), reason="condition-not-met")
    assert check.rules is not None
    outcome = _group(check.rules, facts, values, obs, prefix="")
    if outcome is None:
        return result(CheckStatus.ERROR, tuple(obs), reason="fact-undecidable")
    return result(CheckStatus.PASSED if outcome else CheckStatus.FAILED, tuple(obs))


def _resolve(value: Any, params: Mapping[str, Any]) -> Any:
    return params[value.name] if isinstance(value, ParamRef) else value


def _group(group: Group, facts: FactSet | Mapping[str, Any], params: Mapping[str, Any],
           obs: list[Observation] | None, prefix: str) -> bool | None:
    outcomes = [_node(n, facts, params, obs, prefix) for n in group.rules]
    if group.condition == "all":
        if False in outcomes:
            return False
        return None if None in outcomes else True
    if group.condition == "any":
        if True in outcomes:
            return True
        return None if None in outcomes else False
    # none
    if True in outcomes:
        return False
    return None if None in outcomes else True


def _node(node: RuleNode, facts: FactSet | Mapping[str, Any], params: Mapping[str, Any],
          obs: list[Observation] | None, prefix: str) -> bool | None:
    if isinstance(node, Group):
        return _group(node, facts, params, obs, prefix)
    return _rule(node, facts, params, obs, prefix)


def _lookup(facts: FactSet | Mapping[str, Any], path: str) -> tuple[LookupState, Any, str | None]:
    if isinstance(facts, FactSet):
        found = facts.lookup(path)
        return found.state, found.value, found.error
    value: Any = facts
    for key in path.split("."):
        if isinstance(value, Mapping) and key in value:
            value = value[key]
        else:
            return LookupState.ABSENT, None, None
    return LookupState.FOUND, value, None


def _rule(rule: Rule, facts: FactSet | Mapping[str, Any], params: Mapping[str, Any],
          obs: list[Observation] | None, prefix: str) -> bool | None:
    state, actual, error = _lookup(facts, rule.fact)
    label = prefix + rule.fact
    if isinstance(rule.value, FactRef):
        ref_state, expected, ref_error = _lookup(facts, rule.value.path)
        if ref_state is not LookupState.FOUND or expected is None:
            if obs is not None:
                obs.append(Observation(fact=label, op=rule.op, expected=None, actual=actual,
                                       ok=None, note=f"fact-missing: {rule.value.path}"
                                       if ref_error is None else f"fact-error: {ref_error}"))
            return None
    else:
        expected = _resolve(rule.value, params)

    def record(ok: bool | None, shown: Any, note: str | None = None) -> bool | None:
        if obs is not None:
            obs.append(Observation(fact=label, op=rule.op, expected=expected, actual=shown,
                                   ok=ok, note=note))
        return ok

    if state is LookupState.MISSING:
        return record(None, None, "fact-missing")
    if state is LookupState.ERROR:
        return record(None, None, f"fact-error: {error}")
    if state is LookupState.ABSENT:
        # the producer did not provide this key at all: unknown, unless the rule
        # only asks whether it exists or says what an unset value means
        if rule.has_default:
            actual = rule.default
        elif rule.op not in ("exists", "absent"):
            return record(None, None, "fact-absent")
    if actual is None and rule.has_default:
        actual = rule.default
    if actual is None and rule.op in _NEEDS_VALUE:
        # collected and explicitly unset (e.g. no PASS_MAX_DAYS line): not compliant
        return record(False, None, "unset")

    if rule.op in ("no_items", "all_items", "any_items"):
        items = actual if isinstance(actual, list) else ([] if actual is None else [actual])
        hits, unknown = [], False
        for item in items:
            verdict = _group(Group("all", rule.where), item if isinstance(item, Mapping) else
                             {"value": item}, params, None, prefix)
            if verdict is None:
                unknown = True
            elif verdict:
                hits.append(item)
        if rule.op == "no_items":
            ok = False if hits else (None if unknown else True)
            return record(ok, hits[:MAX_ITEMS_SHOWN], None if ok is not False else
                          f"{len(hits)} item(s) match")
        if rule.op == "any_items":
            ok = True if hits else (None if unknown else False)
            return record(ok, hits[:MAX_ITEMS_SHOWN])
        misses = [i for i in items if i not in hits]
        ok = False if misses and not unknown else (None if unknown else True)
        return record(ok, misses[:MAX_ITEMS_SHOWN],
                      f"{len(misses)} item(s) do not match" if misses else None)
    return record(apply(rule.op, actual, expected), actual)
