"""The dashboard: compliance by area / zone / department / severity, the trend, overdue
rectification, periodic duties, department and district scoping."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zicha.domain.facts import FactSet
from zicha.domain.inspection import CheckInfo
from zicha.web.dashboard import selectors
from zicha.web.dashboard.charts import trend_chart
from zicha.web.findings.models import Finding
from zicha.web.inspections.models import Inspection
from zicha.web.inventory.labels import zone_label
from zicha.web.inventory.models import Asset

from ..outcomes import ASSET_CHECKS, ASSETS, CHECKS, full_outcome, make_outcome, result

AREA = {c.id: c.area for c in CHECKS}


def expected_by_area(outcome):
    counts: dict[str, Counter] = {}
    for r in outcome.results:
        counts.setdefault(AREA[r.check_id], Counter())[str(r.status)] += 1
    return {area: (c["passed"], c["failed"], c["error"]) for area, c in counts.items()
            if c["passed"] or c["failed"] or c["error"]}


@pytest.mark.parametrize("who", ["admin", "inspector", "department_head", "leadership",
                                 "district_auditor"])
def test_every_role_sees_a_dashboard(login, store, who):
    store(full_outcome())
    response = login(who).get(reverse("dashboard:index"))
    assert response.status_code == 200


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_compliance_by_area_is_passed_over_decided(login, store):
    outcome = full_outcome()
    store(outcome)
    context = login("inspector").get(reverse("dashboard:index")).context
    got = {r.key: (r.passed, r.failed, r.error) for r in context["groups"]["area"]}
    assert got == expected_by_area(outcome)
    network = next(r for r in context["groups"]["area"] if r.key == "network")
    assert network.percent == round(100 * network.passed / (network.passed + network.failed), 1)
    total_passed = sum(1 for r in outcome.results if str(r.status) == "passed")
    total_failed = sum(1 for r in outcome.results if str(r.status) == "failed")
    assert context["percent"] == round(100 * total_passed / (total_passed + total_failed), 1)
    areas = [r.key for r in context["groups"]["area"]]
    assert areas == sorted(areas, key=["machine_room", "network", "workstation", "extranet",
                                       "database_account", "logging", "emergency",
                                       "people"].index)


def test_compliance_by_zone_department_and_severity(store, organization):
    outcome = full_outcome()
    inspection = store(outcome)
    by_zone = {r.label: (r.passed, r.failed) for r in
               selectors.compliance_by(inspection=inspection, by="zone")}
    zone_of = {a.key: a.zone for a in ASSETS}
    expected: dict[str, Counter] = {}
    for r in outcome.results:
        if r.asset != "org":
            expected.setdefault(zone_of[r.asset], Counter())[str(r.status)] += 1
    names = {z.kind: zone_label(z.name) for z in organization.zones.all()}
    for kind, c in expected.items():
        assert by_zone[names[kind]] == (c["passed"], c["failed"])
    by_severity = [r.key for r in selectors.compliance_by(inspection=inspection, by="severity")]
    assert by_severity == [s for s in ("critical", "high", "medium", "low") if s in by_severity]
    by_department = {r.label for r in
                     selectors.compliance_by(inspection=inspection, by="department")}
    assert {"信息科", "检验科", "护理部"} <= by_department


def test_trend_over_the_last_inspections_as_inline_svg(login, store):
    for day in range(1, 13):
        store(full_outcome(day=day, overrides={(ASSETS[0].key, c.id): "passed"
                                               for c in ASSET_CHECKS[: day % 6]}))
    response = login("inspector").get(reverse("dashboard:index"))
    trend = response.context["trend"]
    assert len(trend) == 10
    assert [p.day.day for p in trend] == list(range(3, 13))
    html = response.content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert svg.count("<rect") == 10 and "<polyline" in svg
    assert "<script" not in html and "cdn" not in html.lower()
    assert not re.search(r'(src|href)="https?://', html)


def test_trend_chart_geometry():
    assert trend_chart([]) is None

    class P:
        def __init__(self, pct, day):
            self.percent, self.day, self.inspection_id = pct, day, 1

    chart = trend_chart([P(100.0, dt.date(2025, 3, 1)), P(None, None), P(0.0, dt.date(2025, 3, 3))])
    full, empty, zero = chart.bars
    assert full.height > 0 and empty.height == 0 and zero.height == 0
    assert empty.value == "—" and full.value == "100%"
    assert len(chart.line.split()) == 2


def test_overdue_rectifications(login, store, organization):
    store(full_outcome())
    findings = list(Finding.objects.filter(organization=organization).order_by("pk"))
    assert len(findings) >= 3
    Finding.objects.update(due_date=dt.date(2099, 1, 1))
    Finding.objects.filter(pk=findings[0].pk).update(due_date=dt.date(2020, 1, 1))
    Finding.objects.filter(pk=findings[1].pk).update(due_date=dt.date(2021, 1, 1),
                                                     status="in_progress")
    Finding.objects.filter(pk=findings[2].pk).update(due_date=dt.date(2020, 1, 1),
                                                     status="rectified")
    context = login("inspector").get(reverse("dashboard:index")).context
    assert [f.pk for f in context["overdue"]] == [findings[0].pk, findings[1].pk]
    assert context["counts"]["overdue"] == 2


def test_department_head_sees_only_the_own_department(login, store, organization, department):
    inspection = store(full_outcome())
    Finding.objects.update(due_date=dt.date(2020, 1, 1))
    response = login("department_head").get(reverse("dashboard:index"))
    context = response.context
    assert all(f.department_id == department.pk for f in context["overdue"])
    assert context["overdue"], "the 检验科 asset has failed findings"
    own = Counter(str(r.status) for r in full_outcome().results if r.asset == ASSETS[1].key)
    assert (context["passed"], context["failed"]) == (own["passed"], own["failed"])
    assert {r.label for r in context["groups"]["department"]} == {"检验科"}
    assert "duties" not in context and "overview" not in context
    assert inspection.pk == context["latest"].pk


def test_district_auditor_gets_an_overview_of_supervised_organizations(login, store,
                                                                      other_organization):
    store(full_outcome())
    response = login("district_auditor").get(reverse("dashboard:index"))
    overview = response.context["overview"]
    assert [row["organization"].name for row in overview] == ["示例医院", "另一医院"] or \
        {row["organization"].name for row in overview} == {"示例医院", "另一医院"}
    ours = next(r for r in overview if r["organization"].name == "示例医院")
    theirs = next(r for r in overview if r["organization"].name == "另一医院")
    assert ours["percent"] is not None and ours["inspection"] is not None
    assert theirs["inspection"] is None and theirs["percent"] is None
    switched = login("district_auditor").get(reverse("dashboard:index"),
                                             {"organization": other_organization.pk})
    assert switched.context["organization"] == other_organization
    assert switched.context["latest"] is None


def test_organization_parameter_cannot_reach_an_unsupervised_organization(login, store,
                                                                         other_organization):
    store(full_outcome())
    response = login("inspector").get(reverse("dashboard:index"),
                                      {"organization": other_organization.pk})
    assert response.context["organization"].name == "示例医院"
    assert "overview" not in response.context


def test_dashboard_query_count_does_not_grow_with_assets(login, store, organization):
    store(full_outcome(day=1))
    client = login("inspector")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("dashboard:index")).status_code == 200
        return len(ctx.captured_queries)

    first = queries()
    Asset.objects.bulk_create([Asset(organization=organization, name=f"pc-{i}", registered=False,
                                     last_seen=Inspection.objects.get().finished_at)
                               for i in range(200)])
    store(full_outcome(day=2))
    assert queries() == first
    assert client.get(reverse("dashboard:index")).context["unregistered"] == 201


def test_empty_dashboard(login, db, people):
    response = login("inspector").get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert response.context["latest"] is None and response.context["chart"] is None


MANUAL = {cid: CheckInfo(id=cid, version=1, kind="manual", area=area, severity="high",
                         scope="organization", title={"zh-hans": cid, "en": cid},
                         remediation={}, refs=())
          for cid, area in (("MAN-DB-0001", "database_account"), ("MAN-EMR-0001", "emergency"),
                            ("MAN-TRN-0001", "people"))}
LINUX = "ip:127.20.1.10"


def test_periodic_duties(login, store, organization):
    from zicha.web.inventory.models import InformationSystem

    today = timezone.localdate()
    facts = {LINUX: FactSet({"linux.accounts": {"accounts": [
        {"name": "root", "login_shell": True, "password": "set", "last_change_days_ago": 85},
        {"name": "app", "login_shell": True, "password": "set", "last_change_days_ago": 10},
        {"name": "nologin", "login_shell": False, "password": "set",
         "last_change_days_ago": 900},
    ]}})}
    results = [result(LINUX, ASSET_CHECKS[0], "passed"),
               result("org", MANUAL["MAN-EMR-0001"], "passed")]
    outcome = make_outcome(results, checks=[ASSET_CHECKS[0], *MANUAL.values()], facts=facts)
    outcome = dataclasses.replace(outcome, started_at=dt.datetime.now(dt.UTC),
                                  finished_at=dt.datetime.now(dt.UTC))
    store(outcome)
    InformationSystem.objects.create(organization=organization, name="HIS", grade=3,
                                     last_assessed=today - dt.timedelta(days=350))
    InformationSystem.objects.create(organization=organization, name="OA", grade=2,
                                     last_assessed=today - dt.timedelta(days=3 * 365))
    InformationSystem.objects.create(organization=organization, name="PACS", grade=3)
    InformationSystem.objects.create(organization=organization, name="网站", grade=1)
    response = login("inspector").get(reverse("dashboard:index"))
    duties = response.context["duties"]
    latest = response.context["latest"]
    html = response.content.decode()
    assert reverse("inspections:manual_list", args=[latest.pk]) in html
    by_subject = {d.subject: d for d in duties}
    his = next(d for d in duties if d.subject.startswith("HIS"))
    assert his.state == "due_soon"
    assert next(d for d in duties if d.subject.startswith("OA")).state == "overdue"
    assert next(d for d in duties if d.subject.startswith("PACS")).state == "unknown"
    assert not any(d.subject.startswith("网站") for d in duties)
    password = by_subject["his-app-01 (127.20.1.10)"]
    assert password.kind == "password" and password.state == "due_soon"
    assert password.note == "root" and password.due == today + dt.timedelta(days=5)
    assert by_subject["MAN-DB-0001"].state == "unknown"          # never answered: 未记录
    drill = by_subject["MAN-EMR-0001"]
    assert drill.last_done == today and drill.state == "ok"
    training = by_subject["MAN-TRN-0001"]
    assert training.state == "unknown" and training.due == dt.date(today.year, 12, 31)
    order = [d.state for d in duties]
    assert order.index("overdue") < order.index("due_soon") < order.index("ok")


def test_duty_dates_from_manual_answers(store, organization):
    """An answer's note with a date (最近一次更换 2025-01-10) is when the duty was done."""
    from zicha.web.dashboard.duties import dates_in, manual_last_done
    from zicha.web.inspections.models import CheckResult, ManualAnswer

    assert dates_in("最近一次更换 2025-01-10，下次 2025年7月10日") == [
        dt.date(2025, 1, 10), dt.date(2025, 7, 10)]
    outcome = make_outcome([result("org", MANUAL["MAN-DB-0001"], "passed")],
                           checks=list(MANUAL.values()))
    store(outcome)
    assert manual_last_done(organization=organization, check_id="MAN-DB-0001") == \
        dt.date(2025, 3, 1)
    row = CheckResult.objects.get(check_definition__check_id="MAN-DB-0001")
    ManualAnswer.objects.create(result=row, answer="passed",
                                note="最近一次更换 2025-01-10，下次 2025-07-10",
                                answered_at=dt.datetime(2025, 3, 1, 2, tzinfo=dt.UTC))
    assert manual_last_done(organization=organization, check_id="MAN-DB-0001") == \
        dt.date(2025, 1, 10)
    assert manual_last_done(organization=organization, check_id="MAN-TRN-0001") is None


def test_password_duty_unknown_without_facts(store, organization):
    from zicha.web.dashboard.duties import periodic_duties

    inspection = store(full_outcome())
    duties = periodic_duties(organization=organization, latest=inspection,
                             today=dt.date(2025, 3, 10))
    unknown = [d for d in duties if d.kind == "password"]
    assert len(unknown) == 1 and unknown[0].state == "unknown"
