"""Three-valued evaluation: undecidable input gives ``error``, never ``passed``."""

from __future__ import annotations

from pathlib import Path

import pytest

from zicha.domain.facts import FactSet
from zicha.domain.results import CheckStatus
from zicha.rules.baselines import load_baselines
from zicha.rules.evaluator import AssetContext, evaluate
from zicha.rules.loader import load_catalogue, load_checks

SERVER = AssetContext(name="srv", platform="linux", zone="intranet", role="server")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def make_check(tmp_path: Path, frameworks, rules: str, condition: str = "all",
               params: str = "{}", extra: str = ""):
    text = f"""\
id: TST-EVAL-0001
version: 1
area: machine_room
severity: high
title: {{zh-hans: 测试, en: Test}}
rationale: {{zh-hans: 理由, en: Why}}
remediation: {{zh-hans: 整改, en: Fix}}
params: {params}
condition: {condition}
rules:
{rules}
refs: [seed:S5]
{extra}"""
    (tmp_path / "TST-EVAL-0001.yaml").write_text(text, encoding="utf-8")
    return load_checks([tmp_path], frameworks=frameworks)["TST-EVAL-0001"]


@pytest.mark.parametrize(("condition", "outcomes", "expected"), [
    ("all", (True, True), CheckStatus.PASSED),
    ("all", (True, False), CheckStatus.FAILED),
    ("all", (True, None), CheckStatus.ERROR),
    ("all", (False, None), CheckStatus.FAILED),   # a definite failure decides
    ("any", (False, True), CheckStatus.PASSED),
    ("any", (False, None), CheckStatus.ERROR),
    ("any", (False, False), CheckStatus.FAILED),
    ("none", (False, False), CheckStatus.PASSED),
    ("none", (False, None), CheckStatus.ERROR),
    ("none", (True, None), CheckStatus.FAILED),
])
def test_three_valued_groups(tmp_path, catalogue, condition, outcomes, expected) -> None:
    rules = "\n".join(f"  - {{fact: f.v{i}, op: eq, value: true}}" for i in range(len(outcomes)))
    check = make_check(tmp_path, catalogue.frameworks, rules, condition)
    facts, errors = {}, {}
    for i, outcome in enumerate(outcomes):
        if outcome is None:
            errors[f"f.v{i}"] = "section broken"
        else:
            facts[f"f.v{i}"] = outcome
    result = evaluate(check, FactSet(facts, errors), asset=SERVER)
    assert result.status is expected


def test_missing_fact_is_error_not_pass(tmp_path, catalogue) -> None:
    check = make_check(tmp_path, catalogue.frameworks,
                       "  - {fact: linux.listening.tcp_ports, op: disjoint, value: [3389]}")
    result = evaluate(check, FactSet(), asset=SERVER)
    assert result.status is CheckStatus.ERROR
    assert result.observations[0].note == "fact-missing"


def test_unset_value_fails_a_comparison(tmp_path, catalogue) -> None:
    check = make_check(tmp_path, catalogue.frameworks,
                       "  - {fact: linux.login_defs.pass_max_days, op: lte, value: 90}")
    unset = FactSet({"linux.login_defs": {"pass_max_days": None}})
    assert evaluate(check, unset, asset=SERVER).status is CheckStatus.FAILED
    absent_key = FactSet({"linux.login_defs": {}})
    assert evaluate(check, absent_key, asset=SERVER).status is CheckStatus.ERROR


def test_params_from_baseline_override_defaults(tmp_path, catalogue) -> None:
    check = make_check(tmp_path, catalogue.frameworks,
                       "  - {fact: a.days, op: lte, value: {param: max_days}}",
                       params="{max_days: {default: 90}}")
    facts = FactSet({"a": {"days": 80}})
    assert evaluate(check, facts, asset=SERVER).status is CheckStatus.PASSED
    tightened = evaluate(check, facts, asset=SERVER, params={"max_days": 60})
    assert tightened.status is CheckStatus.FAILED
    assert tightened.params == {"max_days": 60}


def test_fact_reference_compares_two_facts(tmp_path, catalogue) -> None:
    check = make_check(tmp_path, catalogue.frameworks,
                       "  - {fact: scan.open_tcp, op: subset_of, value: {fact: asset.allowed_tcp}}")
    ok = FactSet({"scan": {"open_tcp": [80]}, "asset": {"allowed_tcp": [80, 443]}})
    bad = FactSet({"scan": {"open_tcp": [80, 3306]}, "asset": {"allowed_tcp": [80]}})
    unknown = FactSet({"scan": {"open_tcp": [80]}})
    assert evaluate(check, ok, asset=SERVER).status is CheckStatus.PASSED
    assert evaluate(check, bad, asset=SERVER).status is CheckStatus.FAILED
    assert evaluate(check, unknown, asset=SERVER).status is CheckStatus.ERROR


def test_item_quantifier_reports_offending_items(tmp_path, catalogue) -> None:
    check = make_check(tmp_path, catalogue.frameworks, """\
  - fact: linux.accounts.accounts
    op: no_items
    where:
      - {fact: password, op: eq, value: empty}
      - {fact: login_shell, op: eq, value: true}""")
    facts = FactSet({"linux.accounts": {"accounts": [
        {"name": "root", "password": "set", "login_shell": True},
        {"name": "his", "password": "empty", "login_shell": True},
        {"name": "daemon", "password": "empty", "login_shell": False},
    ]}})
    result = evaluate(check, facts, asset=SERVER)
    assert result.status is CheckStatus.FAILED
    assert [a["name"] for a in result.observations[0].actual] == ["his"]


def test_applicability(tmp_path, catalogue) -> None:
    check = make_check(tmp_path, catalogue.frameworks, "  - {fact: a.x, op: eq, value: 1}",
                       extra="applies_to: {platform: [windows], zone: [intranet]}\n")
    res = evaluate(check, FactSet({"a": {"x": 1}}), asset=SERVER)
    assert (res.status, res.reason) == (CheckStatus.NOT_APPLICABLE, "platform-excluded")
    pc = AssetContext(name="pc", platform="windows", zone="extranet", role="workstation")
    assert evaluate(check, FactSet(), asset=pc).reason == "zone-excluded"


def test_manual_items_stay_manual_until_answered(catalogue) -> None:
    check = catalogue.checks["MAN-EMR-0001"]
    org = AssetContext(name="org", platform="other", zone="intranet", role="other")
    assert evaluate(check, FactSet(), asset=org).status is CheckStatus.MANUAL
    answered = evaluate(check, FactSet(), asset=org, manual_answer="failed")
    assert answered.status is CheckStatus.FAILED


def test_extranet_baseline_allows_usb_and_office_ports(catalogue) -> None:
    """S26: the extranet has its own, looser baseline; the intranet does not."""
    root = Path(__import__("zicha").__file__).parent / "catalogue" / "baselines"
    baselines = load_baselines([root], checks=catalogue.checks)
    usb = catalogue.checks["LNX-USB-0001"]
    facts = FactSet({"linux.usb_storage": {"disabled": False}})
    for zone, expected in (("intranet", CheckStatus.FAILED),
                           ("extranet", CheckStatus.NOT_APPLICABLE)):
        base = baselines.for_zone(zone)
        ctx = AssetContext(name="h", platform="linux", zone=zone, role="server")
        result = evaluate(usb, facts, asset=ctx, params=base.params_for(usb.id),
                          disabled_reason=base.disabled_reason(usb.id))
        assert result.status is expected
    ports = catalogue.checks["LNX-PORT-0001"]
    smb = FactSet({"linux.listening": {"tcp_ports": [445]}})
    for zone, expected in (("intranet", CheckStatus.FAILED), ("extranet", CheckStatus.PASSED)):
        base = baselines.for_zone(zone)
        ctx = AssetContext(name="h", platform="linux", zone=zone, role="server")
        assert evaluate(ports, smb, asset=ctx,
                        params=base.params_for(ports.id)).status is expected


def test_hospital_baseline_overrides_default(tmp_path, catalogue) -> None:
    root = Path(__import__("zicha").__file__).parent / "catalogue" / "baselines"
    (tmp_path / "ours.yaml").write_text(
        "baseline: {zone: intranet}\nparams:\n  LNX-AUTH-0001: {max_days: 60}\n", encoding="utf-8")
    baselines = load_baselines([root, tmp_path], checks=catalogue.checks)
    assert baselines.for_zone("intranet").params_for("LNX-AUTH-0001") == {"max_days": 60}
    assert baselines.for_zone("dmz").params_for("LNX-AUTH-0001") == {}


def test_bad_baseline_names_file_and_line(tmp_path, catalogue) -> None:
    from zicha.domain.errors import CheckDefinitionError

    (tmp_path / "bad.yaml").write_text(
        "baseline: {zone: intranet}\nparams:\n  LNX-AUTH-0001: {max_days: sixty}\n"
        "disable: [NOPE-0001]\n", encoding="utf-8")
    with pytest.raises(CheckDefinitionError) as info:
        load_baselines([tmp_path], checks=catalogue.checks)
    lines = sorted((loc.line, msg) for loc, msg in info.value.problems)
    assert lines[0][0] == 3 and "must be of type int" in lines[0][1]
    assert lines[1][0] == 4 and "unknown check id 'NOPE-0001'" in lines[1][1]


def test_fact_reference_to_an_unset_fact_is_undecidable(tmp_path, catalogue) -> None:
    check = make_check(tmp_path, catalogue.frameworks,
                       "  - {fact: scan.open_tcp, op: subset_of, value: {fact: asset.allowed_tcp}}")
    for asset in ({}, {"allowed_tcp": None}):
        facts = FactSet({"scan": {"open_tcp": [80]}, "asset": asset})
        assert evaluate(check, facts, asset=SERVER).status is CheckStatus.ERROR
