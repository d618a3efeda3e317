"""Findings follow decisive results across inspections: open, keep, verify, reopen."""

from __future__ import annotations

from dataclasses import replace

import pytest

from zicha.web.findings.models import Finding
from zicha.web.findings.services import FindingInput, findings_record_results

from ..outcomes import A1, ASSET_CHECKS, ASSETS, ORG_CHECKS, make_outcome, result

HIS = ASSETS[0].key


def store_one(store, status, *, day, asset=HIS, check=ASSET_CHECKS[0], version=1):
    if version != 1:
        check = replace(check, version=version)
    return store(make_outcome([result(asset, check, status, version=version)],
                              checks=[check], day=day))


def the_finding(asset_ip="127.20.1.10", check_id=A1) -> Finding:
    return Finding.objects.select_related("asset").get(asset__ip=asset_ip, check_id=check_id)


class TestFindingLifecycle:
    def test_fail_opens_pass_verifies_fail_reopens(self, store, organization):
        """Three inspections: failed → open; passed → verified; failed again → open (same row)."""
        first = store_one(store, "failed", day=1)
        finding = the_finding()
        assert finding.status == "open"
        assert finding.organization == organization
        assert finding.first_seen_inspection == finding.last_seen_inspection == first
        assert finding.opened_at == first.finished_at and finding.closed_at is None
        assert finding.severity == "high" and finding.last_result_status == "failed"
        assert finding.department.name == "信息科"

        second = store_one(store, "passed", day=2)
        finding = the_finding()
        assert finding.status == "verified"
        assert finding.closed_at == second.finished_at
        assert finding.last_seen_inspection == first        # last seen *failing*
        assert finding.last_result_status == "passed"
        assert second.summary["findings"]["verified"] == 1

        third = store_one(store, "failed", day=3)
        finding = the_finding()
        assert finding.status == "open" and finding.closed_at is None
        assert finding.first_seen_inspection == first
        assert finding.last_seen_inspection == third
        assert finding.opened_at == first.finished_at
        assert third.summary["findings"]["reopened"] == 1
        assert Finding.objects.count() == 1

    def test_failing_again_keeps_it_open_and_moves_last_seen(self, store):
        store_one(store, "failed", day=1)
        second = store_one(store, "failed", day=2)
        finding = the_finding()
        assert finding.status == "open" and finding.last_seen_inspection == second
        assert second.summary["findings"] == {"opened": 0, "reopened": 0, "still_failing": 1,
                                              "verified": 0}

    @pytest.mark.parametrize("status", ["error", "manual", "not_applicable"])
    def test_undecided_results_change_nothing(self, store, status):
        first = store_one(store, "failed", day=1)
        before = the_finding()
        store_one(store, status, day=2)
        after = the_finding()
        assert (after.status, after.last_seen_inspection, after.last_result_status,
                after.updated_at) == ("open", first, "failed", before.updated_at)

    @pytest.mark.parametrize("status", ["error", "manual", "not_applicable", "passed"])
    def test_no_finding_without_a_failure(self, store, status):
        store_one(store, status, day=1)
        assert not Finding.objects.exists()

    @pytest.mark.parametrize(("start", "outcome", "expected"), [
        ("in_progress", "failed", "in_progress"),
        ("in_progress", "passed", "verified"),
        ("rectified", "passed", "verified"),
        ("rectified", "failed", "open"),          # the rectification did not hold
        ("risk_accepted", "failed", "risk_accepted"),
        ("risk_accepted", "passed", "risk_accepted"),
    ])
    def test_people_set_states(self, store, start, outcome, expected):
        store_one(store, "failed", day=1)
        Finding.objects.update(status=start)
        store_one(store, outcome, day=2)
        assert the_finding().status == expected

    def test_new_check_version_continues_the_finding(self, store):
        store_one(store, "failed", day=1)
        store_one(store, "passed", day=2, version=2)
        assert the_finding().status == "verified"
        assert Finding.objects.count() == 1

    def test_organization_wide_finding_has_no_asset(self, store):
        check = ORG_CHECKS[0]
        for day in (1, 2):
            store(make_outcome([result("org", check, "failed", severity="medium")],
                               checks=[check], day=day))
        finding = Finding.objects.get(check_id=check.id)
        assert finding.asset is None and finding.status == "open"
        assert Finding.objects.count() == 1

    def test_severity_follows_the_latest_failure(self, store):
        store_one(store, "failed", day=1)
        store(make_outcome([result(HIS, ASSET_CHECKS[0], "failed", severity="critical")],
                           checks=[ASSET_CHECKS[0]], day=2))
        assert the_finding().severity == "critical"


class TestFindingsRecordResults:
    def test_failed_wins_over_passed_for_the_same_asset_and_check(self, store, organization):
        inspection = store(make_outcome([], day=1))
        counts = findings_record_results(organization=organization, inspection=inspection, results=[
            FindingInput(asset_id=None, check_id="X-0001", status="passed", severity="low"),
            FindingInput(asset_id=None, check_id="X-0001", status="failed", severity="low"),
        ])
        assert counts["opened"] == 1
        assert Finding.objects.get(check_id="X-0001").status == "open"

    def test_nothing_decisive_runs_no_query(self, store, organization, django_assert_num_queries):
        inspection = store(make_outcome([], day=1))
        with django_assert_num_queries(0):
            counts = findings_record_results(
                organization=organization, inspection=inspection,
                results=[FindingInput(asset_id=None, check_id="X", status="error", severity="low")])
        assert counts == {"opened": 0, "reopened": 0, "still_failing": 0, "verified": 0}
