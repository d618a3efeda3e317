"""from_outcome: ReportData built from the engine's InspectionOutcome."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from reporting_cases import (
    asset,
    big_outcome,
    check,
    manual_only_outcome,
    outcome,
    result,
    workstation_outcome,
    zero_findings_outcome,
)

from zicha.reporting import from_outcome
from zicha.reporting.model import FindingRow, PreviousInspection, ReportData
from zicha.reporting.stats import compliance, compute


def test_findings_are_derived_one_per_failed_asset_and_check():
    o = workstation_outcome(open_rdp=2, win7=2, n=12)
    data = from_outcome(o)
    failed = {(r.asset, r.check_id) for r in o.results if r.status.value == "failed"}
    assert {(f.asset, f.check_id) for f in data.findings} == failed
    assert [f.number for f in data.findings] == list(range(1, len(failed) + 1))
    for f in data.findings:
        assert f.owner is None and f.due is None
        assert f.status == "open" and f.change == "new"
        assert f.department == "门诊部"
        assert f.measure == f"整改{f.check_id}。"
    # every failed result points at its finding, nothing else does
    by_pair = {(f.asset, f.check_id): f.number for f in data.findings}
    for r in data.results:
        if r.status == "failed":
            assert r.finding == by_pair[(r.asset, r.check_id)]
        else:
            assert r.finding is None


def test_assets_carry_os_name_from_facts_and_zone_counts():
    data = from_outcome(workstation_outcome(win7=3, n=10))
    assert sum(1 for a in data.assets if a.os_name == "Windows 7 专业版") == 3
    (zone,) = data.scope.zones
    assert (zone.zone, zone.pcs, zone.servers, zone.total) == ("intranet", 10, 0, 10)


def test_report_data_is_frozen():
    data = from_outcome(zero_findings_outcome())
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.organization = "x"  # type: ignore[misc]


def test_organisation_results_have_no_asset_and_manual_answers():
    data = from_outcome(manual_only_outcome())
    assert all(r.asset is None for r in data.results)
    assert data.manual_answers["MAN-EMERG-0001"] is None            # → 待确认
    assert data.manual_answers["MAN-TRAIN-0001"].note == "已查阅签到表"
    assert data.manual_answers["MAN-BACKUP-0001"].answer == "failed"
    (f,) = data.findings
    assert f.asset is None and f.asset_name == "全院" and f.check_id == "MAN-BACKUP-0001"


def test_previous_outcome_decides_new_recurring_fixed():
    assets = [asset(i) for i in range(3)]
    c = [check("WIN-USB-0001", "workstation", refs=["seed:S21"])]
    before = outcome(assets, c, [result("WIN-USB-0001", assets[0].key, "failed"),
                                 result("WIN-USB-0001", assets[1].key, "failed"),
                                 result("WIN-USB-0001", assets[2].key, "passed")],
                     end=dt.datetime(2025, 3, 31, 17))
    now = outcome(assets, c, [result("WIN-USB-0001", assets[0].key, "failed"),
                              result("WIN-USB-0001", assets[1].key, "passed"),
                              result("WIN-USB-0001", assets[2].key, "failed")])
    oldest = outcome(assets, c, [result("WIN-USB-0001", assets[0].key, "failed")],
                     end=dt.datetime(2024, 12, 31, 17))
    data = from_outcome(now, previous=[oldest, before])
    change = {f.asset: f.change for f in data.findings}
    assert change == {assets[0].key: "recurring", assets[1].key: "fixed",
                      assets[2].key: "new"}
    fixed = next(f for f in data.findings if f.change == "fixed")
    assert fixed.status == "fixed" and not fixed.is_open
    recurring = next(f for f in data.findings if f.change == "recurring")
    assert recurring.first_seen == dt.date(2024, 12, 31)    # failing since the oldest run
    assert len(data.previous) == 2
    prev = data.previous[-1]
    assert isinstance(prev, PreviousInspection)
    assert prev.counts == {"failed": 2, "passed": 1}
    assert prev.compliance["workstation"] == pytest.approx(33.3)


def test_given_ledger_is_used_as_is():
    o = workstation_outcome()
    ledger = [FindingRow(number=7, asset=o.assets[0].key, asset_name="WS-0000", department="门诊部",
                         check_id="WIN-RDP-0001", title="开放 3389", severity="high",
                         owner="张某某", due=dt.date(2025, 9, 30), status="in_progress")]
    data = from_outcome(o, findings=ledger)
    assert data.findings == tuple(ledger)
    hit = [r for r in data.results if r.finding is not None]
    assert [(r.asset, r.check_id, r.finding) for r in hit] == [
        (o.assets[0].key, "WIN-RDP-0001", 7)]


def test_stats_and_compliance_definition():
    o = big_outcome(50, 20)
    data = from_outcome(o)
    st = compute(data)
    counts = o.counts()
    assert dict(st.counts) == counts
    expected = round(100 * counts["passed"] / (counts["passed"] + counts["failed"]
                                               + counts["error"]), 1)
    assert st.compliance == expected
    assert compliance({"manual": 3, "not_applicable": 2}) is None
    assert not st.areas["people"].examined


def test_big_outcome_builds_quickly():
    data = from_outcome(big_outcome(500, 20))
    assert isinstance(data, ReportData)
    assert len(data.results) == 10_000
    assert len(data.findings) == sum(1 for r in data.results if r.status == "failed")


def test_not_rechecked_is_not_claimed_fixed():
    assets = [asset(i) for i in range(2)]
    c = [check("WIN-USB-0001", "workstation", refs=["seed:S21"])]
    before = outcome(assets, c, [result("WIN-USB-0001", a.key, "failed") for a in assets],
                     end=dt.datetime(2025, 3, 31, 17))
    now = outcome(assets, c, [result("WIN-USB-0001", assets[0].key, "error"),
                              result("WIN-USB-0001", assets[1].key, "not_applicable")])
    data = from_outcome(now, previous=[before])
    assert data.findings == ()


def test_workstation_checks_on_extranet_terminals_report_under_extranet() -> None:
    """S26: 外网终端 is its own report area even though the checks are the workstation ones."""
    from reporting_cases import asset, check, outcome, result

    from zicha.reporting.model import from_outcome
    from zicha.reporting.stats import compute

    pcs = [asset(1), asset(2, zone="extranet")]
    o = outcome(pcs, [check("WIN-USB-0001", "workstation")],
                [result("WIN-USB-0001", pcs[0].key, "failed"),
                 result("WIN-USB-0001", pcs[1].key, "passed")])
    st = compute(from_outcome(o))
    assert st.areas["workstation"].counts == {"failed": 1}
    assert st.areas["extranet"].counts == {"passed": 1}
    assert st.by_check["WIN-USB-0001"].counts == {"failed": 1, "passed": 1}
