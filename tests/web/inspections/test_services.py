"""inspection_store: what one stored outcome leaves in the database, and that it is all or nothing."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from django.db.models import Count

from zicha.domain.inspection import AssetRecord, CheckInfo
from zicha.web.findings.models import Finding
from zicha.web.inspections import services
from zicha.web.inspections.errors import InspectionStoreError
from zicha.web.inspections.models import CheckDefinition, CheckResult, Evidence, Inspection
from zicha.web.inventory.models import Asset, Department, Zone

from ..outcomes import ASSET_CHECKS, ASSETS, BUNDLE_SHA, CHECKS, full_outcome, make_outcome, result

MODELS = (Asset, Department, Zone, Inspection, CheckDefinition, CheckResult, Evidence, Finding)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


class TestInspectionStore:
    def test_stores_every_result_asset_and_check(self, store, organization):
        """39 results over six assets and the organization become rows with the right links."""
        outcome = full_outcome()
        inspection = store(outcome)

        assert inspection.status == "finished"
        assert inspection.started_at == outcome.started_at
        assert inspection.finished_at == outcome.finished_at
        assert Asset.objects.filter(organization=organization).count() == len(ASSETS)
        assert CheckDefinition.objects.count() == len(CHECKS)
        rows = CheckResult.objects.filter(inspection=inspection)
        assert rows.count() == len(outcome.results) == 39
        by_status = dict(rows.values_list("status").annotate(n=Count("pk")))
        assert by_status == outcome.counts()
        org_rows = rows.filter(asset__isnull=True)
        assert org_rows.count() == 3
        assert set(org_rows.values_list("status", flat=True)) == {"manual"}
        assert set(org_rows.values_list("check_definition__scope", flat=True)) == {"organization"}

    def test_result_row_carries_status_severity_evidence_and_params(self, store):
        """A failed result keeps its observations, severity, params and the check version used."""
        inspection = store(full_outcome())
        row = CheckResult.objects.select_related("asset", "check_definition").get(
            inspection=inspection, asset__name="his-app-01",
            check_definition__check_id=ASSET_CHECKS[1].id)
        assert row.status == "failed"
        assert row.severity == "critical"
        assert row.check_definition.version == 1
        assert row.evidence == [{"fact": "linux.login_defs.pass_max_days", "op": "lte",
                                 "expected": 90, "actual": 99999, "ok": False}]
        assert row.params == {"max_days": 90}

    def test_check_definitions_keep_their_texts(self, store):
        store(full_outcome())
        definition = CheckDefinition.objects.get(check_id=ASSET_CHECKS[0].id, version=1)
        assert definition.title == {"zh-hans": "测试检查 1", "en": "Test check 1"}
        assert definition.refs == ["urn:test:req:1"]
        assert (definition.kind, definition.area, definition.scope) == ("auto", "machine_room",
                                                                         "asset")

    def test_assets_get_zone_department_and_seen_times(self, store, organization):
        outcome = full_outcome()
        store(outcome)
        his = Asset.objects.select_related("zone", "department").get(ip="127.20.1.10")
        assert (his.name, his.platform, his.role, his.mac) == ("his-app-01", "linux", "server",
                                                               "52:54:00:12:34:56")
        assert his.zone.kind == "intranet"
        assert his.department.name == "信息科"
        assert his.first_seen == his.last_seen == outcome.finished_at
        assert his.registered is True
        ext = Asset.objects.get(name="ext-pc-07")
        assert ext.ip is None and ext.zone.kind == "extranet"
        assert set(Zone.objects.values_list("kind", flat=True)) == {"intranet", "extranet", "dmz"}
        assert Department.objects.filter(organization=organization).count() == 4

    def test_unregistered_asset_is_created_unregistered(self, store):
        """A device the scan found outside the IP register is stored with registered=False."""
        inspection = store(full_outcome())
        stray = Asset.objects.get(ip="127.20.9.99")
        assert stray.registered is False
        assert inspection.summary["unregistered_assets"] == 1

    def test_facts_and_bundles_are_kept_as_evidence(self, store):
        inspection = store(full_outcome())
        facts = Evidence.objects.filter(inspection=inspection, kind="facts")
        assert facts.count() == 3
        his = facts.get(asset__name="his-app-01")
        assert his.content == {"facts": {"linux.login_defs": {"pass_max_days": 99999}},
                               "errors": {"linux.sshd": "exit status 1"}}
        assert len(his.sha256) == 64
        assert facts.get(asset__isnull=True).source == "org"
        bundle = Evidence.objects.get(inspection=inspection, kind="bundle")
        assert bundle.sha256 == BUNDLE_SHA and bundle.asset.name == "his-app-01"

    def test_problems_meta_and_summary(self, store):
        outcome = full_outcome()
        inspection = store(outcome)
        inspection.refresh_from_db()
        assert inspection.meta["vantage"] == "127.0.0.1"
        assert inspection.meta["problems"] == [{"source": "bundle:deadbeef",
                                                "code": "bundle-truncated",
                                                "message": "bundle ends inside section netstat",
                                                "line": 120}]
        summary = inspection.summary
        assert summary["total"] == 39 and summary["assets"] == 6 and summary["problems"] == 1
        assert summary["results"] == {"passed": 15, "failed": 7, "not_applicable": 7,
                                      "manual": 3, "error": 7}
        assert summary["findings"] == {"opened": 7, "reopened": 0, "still_failing": 0,
                                       "verified": 0}

    def test_storing_again_reuses_assets_and_definitions(self, store):
        store(full_outcome(day=1))
        second = full_outcome(day=2)
        store(second)
        assert Asset.objects.count() == len(ASSETS)
        assert CheckDefinition.objects.count() == len(CHECKS)
        assert Inspection.objects.count() == 2
        his = Asset.objects.get(ip="127.20.1.10")
        assert his.last_seen == second.finished_at
        assert his.first_seen < his.last_seen

    def test_matches_register_assets_by_ip_and_by_name(self, store, organization):
        """Register entries are updated, not duplicated; a name-only entry adopts the address."""
        by_ip = Asset.objects.create(organization=organization, name="HIS 应用服务器",
                                     ip="127.20.1.10", platform="other", role="other")
        by_name = Asset.objects.create(organization=organization, name="lis-db-01")
        ext = Asset.objects.create(organization=organization, name="ext-pc-07", platform="windows",
                                   role="workstation", registered=True, notes="财务")
        store(full_outcome())
        by_ip.refresh_from_db()
        by_name.refresh_from_db()
        ext.refresh_from_db()
        assert (by_ip.name, by_ip.platform, by_ip.role) == ("HIS 应用服务器", "linux", "server")
        assert by_name.ip == "127.20.1.11"
        assert ext.notes == "财务" and ext.last_seen is not None
        assert Asset.objects.count() == len(ASSETS)

    def test_uninformative_platform_does_not_overwrite(self, store, organization):
        store(full_outcome())
        scan_only = replace(ASSETS[0], platform="other", role="other", sources=("scan",))
        store(make_outcome([result(scan_only.key, ASSET_CHECKS[0], "passed")],
                           assets=[scan_only], day=2))
        his = Asset.objects.get(ip="127.20.1.10")
        assert (his.platform, his.role) == ("linux", "server")

    def test_placeholder_name_is_replaced_by_hostname(self, store):
        store(full_outcome())
        named = replace(ASSETS[4], name="pacs-ws-99", sources=("bundle:" + "ab" * 32,))
        store(make_outcome([result(named.key, ASSET_CHECKS[0], "passed")], assets=[named], day=2))
        stray = Asset.objects.get(ip="127.20.9.99")
        assert stray.name == "pacs-ws-99" and stray.registered is False

    def test_new_check_version_gets_its_own_definition(self, store):
        store(full_outcome())
        v2 = replace(ASSET_CHECKS[0], version=2)
        store(make_outcome([result(ASSETS[0].key, v2, "passed", version=2)], checks=[v2], day=2))
        assert list(CheckDefinition.objects.filter(check_id=v2.id)
                    .values_list("version", flat=True)) == [1, 2]

    def test_backends_without_returning_ids_still_link_new_assets(self, store, monkeypatch):
        """SQLite before 3.35 cannot return ids from bulk inserts; results still find assets."""
        from django.db import connection

        monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
        inspection = store(full_outcome())
        assert CheckResult.objects.filter(inspection=inspection, asset__isnull=False).count() == 36
        assert Evidence.objects.get(kind="bundle").asset.name == "his-app-01"

    def test_result_may_name_its_asset_by_name(self, store):
        """Engines that key results by asset name (the evaluator does) still resolve."""
        inspection = store(make_outcome([result("his-app-01", ASSET_CHECKS[0], "failed")]))
        assert CheckResult.objects.get(inspection=inspection).asset.ip == "127.20.1.10"


class TestInspectionStoreError:
    @pytest.mark.parametrize(("outcome", "code"), [
        (make_outcome([result("ip:127.99.9.9", ASSET_CHECKS[0], "failed")]),
         "outcome-asset-unknown"),
        (make_outcome([result(ASSETS[0].key, "TST-NOPE-0001", "failed")]),
         "outcome-check-unknown"),
        (make_outcome([result(ASSETS[0].key, ASSET_CHECKS[0], "failed"),
                       result(ASSETS[0].key, ASSET_CHECKS[0], "passed")]),
         "outcome-result-duplicate"),
        (make_outcome([], assets=[ASSETS[0], ASSETS[0]]), "outcome-asset-duplicate"),
        (make_outcome([], assets=[replace(ASSETS[0], ip="127.20.1.300")]), "outcome-ip-invalid"),
        (make_outcome([], assets=[replace(ASSETS[0], zone="guest")]), "outcome-zone-unknown"),
    ], ids=["unknown-asset", "unknown-check", "duplicate-result", "duplicate-asset",
            "invalid-ip", "unknown-zone"])
    def test_inconsistent_outcome_is_refused(self, store, outcome, code):
        with pytest.raises(InspectionStoreError) as exc:
            store(outcome)
        assert exc.value.code == code
        assert exc.value.is_input_error


@pytest.mark.django_db(transaction=True)
class TestInspectionStoreAtomicity:
    """Real transactions (no test-case wrapper): a failure part-way leaves nothing behind."""

    def test_unknown_asset_after_assets_were_written_rolls_everything_back(self, store):
        store(full_outcome(day=1))
        before = counts()
        bad = full_outcome(day=2)
        extra = AssetRecord(key="ip:127.20.5.5", name="new-host", platform="linux",
                            zone="intranet", role="server", ip="127.20.5.5", department="新科室")
        bad.assets.append(extra)
        bad.results.append(result("ip:127.99.9.9", ASSET_CHECKS[0], "failed"))
        with pytest.raises(InspectionStoreError):
            store(bad)
        assert counts() == before
        assert not Asset.objects.filter(ip="127.20.5.5").exists()
        assert Asset.objects.get(ip="127.20.1.10").last_seen == full_outcome(day=1).finished_at

    def test_failure_after_results_were_inserted_rolls_everything_back(self, store, monkeypatch):
        before = counts()

        def explode(**kwargs):
            assert CheckResult.objects.count() == 39   # the results are in, uncommitted
            raise RuntimeError("disk full")

        monkeypatch.setattr(services, "findings_record_results", explode)
        with pytest.raises(RuntimeError, match="disk full"):
            store(full_outcome())
        assert counts() == before


def big_outcome(*, n_assets: int = 250, n_checks: int = 40, day: int = 1):
    """``n_assets × n_checks`` results; each day shifts the status pattern by one step, so
    the next day keeps some failures, verifies some and opens new ones."""
    assets = [AssetRecord(key=f"ip:127.40.{i // 200}.{i % 200 + 1}", name=f"ws-{i:04d}",
                          platform="windows", zone="intranet", role="workstation",
                          ip=f"127.40.{i // 200}.{i % 200 + 1}", department=f"科室{i % 12}")
              for i in range(n_assets)]
    checks = [CheckInfo(id=f"BIG-{j:04d}", version=1, kind="auto", area="workstation",
                        severity="medium", scope="asset", title={"zh-hans": f"检查 {j}"},
                        remediation={}, refs=()) for j in range(n_checks)]
    pattern = ["failed", "failed", "passed", "not_applicable", "error"]
    results = [result(a.key, c, pattern[(i + j + day) % len(pattern)], severity="medium")
               for i, a in enumerate(assets) for j, c in enumerate(checks)]
    return make_outcome(results, assets=assets, checks=checks, day=day)


class TestInspectionStorePerformance:
    def test_ten_thousand_results_in_bulk(self, store, django_assert_max_num_queries):
        """10,000 results are stored in bulk (no query per row), well within 10 s.

        SQLite allows 999 parameters per statement, so inserts go ~100 rows at a time:
        about 100 INSERTs for the results plus one per ~90 new findings.
        """
        first = big_outcome(day=1)
        assert len(first.results) == 10_000
        t0 = time.perf_counter()
        with django_assert_max_num_queries(250):
            store(first)
        elapsed_first = time.perf_counter() - t0
        second = big_outcome(day=2)          # shifts failures: opens, keeps and verifies findings
        t0 = time.perf_counter()
        with django_assert_max_num_queries(250):
            inspection = store(second)
        elapsed_second = time.perf_counter() - t0
        assert CheckResult.objects.count() == 20_000
        assert inspection.summary["findings"] == {"opened": 2000, "reopened": 0,
                                                  "still_failing": 2000, "verified": 2000}
        assert elapsed_first < 10 and elapsed_second < 10, (elapsed_first, elapsed_second)
