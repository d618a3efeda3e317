"""Browsing: inspection list, detail by area with filters, result evidence, asset history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zicha.web.inspections.models import CheckResult, Inspection
from zicha.web.inventory.models import Asset

from ..outcomes import ASSET_CHECKS, full_outcome
from .test_services import big_outcome


def test_list_shows_counts_and_links(store, logged_in, django_assert_max_num_queries):
    first = store(full_outcome(day=1))
    store(full_outcome(day=2))
    with django_assert_max_num_queries(8):
        response = logged_in.get(reverse("inspections:list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("inspections:inspection_detail", args=[first.pk]) in body
    assert ">15<" in body                                   # passed count from the summary


def test_list_is_scoped_to_the_organization(store, client, make_user):
    from zicha.web.inventory.services import organization_get_or_create

    inspection = store(full_outcome())
    other = organization_get_or_create(name="另一家医院", code="other")
    client.force_login(make_user("stranger", org=other))
    assert reverse("inspections:inspection_detail", args=[inspection.pk]) not in \
        client.get(reverse("inspections:list")).content.decode()
    assert client.get(reverse("inspections:inspection_detail",
                              args=[inspection.pk])).status_code == 404


def test_district_auditor_sees_supervised_organizations(store, client, make_user, organization):
    inspection = store(full_outcome())
    auditor = make_user("district", "district_auditor", org=None)
    client.force_login(auditor)
    url = reverse("inspections:inspection_detail", args=[inspection.pk])
    assert client.get(url).status_code == 404
    auditor.supervised_organizations.add(organization)
    assert client.get(url).status_code == 200


def test_detail_groups_by_area_and_filters(store, logged_in):
    inspection = store(full_outcome())
    url = reverse("inspections:inspection_detail", args=[inspection.pk])
    body = logged_in.get(url).content.decode()
    for area in ("machine_room", "network", "workstation", "extranet", "database_account",
                 "logging", "emergency", "people"):
        assert f"area={area}" in body
    response = logged_in.get(url, {"area": "network", "status": "failed"})
    rows = response.context["page"].object_list
    assert rows and all(r.check_definition.area == "network" and r.status == "failed"
                        for r in rows)
    his = Asset.objects.get(name="his-app-01")
    rows = logged_in.get(url, {"department": his.department_id}).context["page"].object_list
    assert {r.asset.department_id for r in rows} == {his.department_id}
    rows = logged_in.get(url, {"zone": his.zone_id, "check": ASSET_CHECKS[0].id}).context[
        "page"].object_list
    assert {r.check_definition.check_id for r in rows} == {ASSET_CHECKS[0].id}
    assert logged_in.get(url, {"asset": his.pk}).context["page"].paginator.count == 6


def test_result_detail_shows_observations_and_facts(store, logged_in):
    inspection = store(full_outcome())
    result = CheckResult.objects.get(inspection=inspection, asset__name="his-app-01",
                                     check_definition__check_id=ASSET_CHECKS[1].id)
    response = logged_in.get(reverse("inspections:result_detail", args=[result.pk]))
    body = response.content.decode()
    assert "linux.login_defs.pass_max_days" in body and "99999" in body
    assert "pass_max_days" in body and response.context["facts"].kind == "facts"


def test_asset_history_across_inspections(store, logged_in):
    store(full_outcome(day=1))
    store(full_outcome(day=2))
    his = Asset.objects.get(name="his-app-01")
    response = logged_in.get(reverse("inspections:asset_history", args=[his.pk]),
                             {"check": ASSET_CHECKS[0].id})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2


def test_progress_page_for_running_inspection(organization, logged_in):
    inspection = Inspection.objects.create(organization=organization, status="running",
                                           meta={"progress": {"stage": "scan", "done": 5,
                                                              "total": 10}})
    response = logged_in.get(reverse("inspections:inspection_detail", args=[inspection.pk]))
    body = response.content.decode()
    assert 'http-equiv="refresh"' in body and "width: 50%" in body
    assert reverse("inspections:inspection_status", args=[inspection.pk]) in body


def test_department_head_cannot_browse_inspections(store, client, make_user):
    inspection = store(full_outcome())
    client.force_login(make_user("head", "department_head"))
    assert client.get(reverse("inspections:list")).status_code == 403
    assert client.get(reverse("inspections:inspection_detail",
                              args=[inspection.pk])).status_code == 403


@pytest.mark.parametrize("n_assets", [50, 250])
def test_detail_query_count_does_not_grow_with_results(store, logged_in, n_assets,
                                                       django_assert_max_num_queries):
    """No N+1: the same handful of queries for 2,000 or 10,000 results."""
    inspection = store(big_outcome(n_assets=n_assets, n_checks=40))
    url = reverse("inspections:inspection_detail", args=[inspection.pk])
    with django_assert_max_num_queries(12):
        response = logged_in.get(url, {"status": "failed", "page": 3})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 50
    his = CheckResult.objects.filter(inspection=inspection).first().asset
    with django_assert_max_num_queries(8):
        logged_in.get(reverse("inspections:asset_history", args=[his.pk]))
