"""Inventory pages: who may see and change what, organization scoping, filters, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zicha.web.audit.models import AuditEvent
from zicha.web.inventory.models import Asset, Department, InformationSystem, Subnet, Zone
from zicha.web.inventory.services import zone_get_or_create

READ_PAGES = ("inventory:asset_list", "inventory:ipregister_list", "inventory:zone_list",
              "inventory:subnet_list", "inventory:department_list", "inventory:system_list",
              "inventory:asset_export")
EDIT_PAGES = ("inventory:asset_create", "inventory:asset_import", "inventory:zone_create",
              "inventory:subnet_create", "inventory:department_create",
              "inventory:system_create")


@pytest.fixture
def assets(organization, other_organization, department):
    intranet = zone_get_or_create(organization=organization, kind="intranet", name="临床内网")
    dmz = zone_get_or_create(organization=organization, kind="dmz", name="DMZ 区")
    rows = [
        Asset.objects.create(organization=organization, name="his-app-01", ip="127.20.1.10",
                             mac="52:54:00:12:34:56", platform="linux", role="server",
                             zone=intranet, department=department, owner="张工"),
        Asset.objects.create(organization=organization, name="nurse-ws-21", ip="127.20.2.21",
                             platform="windows", role="workstation", zone=intranet),
        Asset.objects.create(organization=organization, name="core-sw", ip="127.30.0.1",
                             platform="network_device", role="switch", zone=dmz),
        Asset.objects.create(organization=organization, name="127.20.9.99", ip="127.20.9.99",
                             registered=False, last_seen=dt.datetime(2025, 3, 1, tzinfo=dt.UTC)),
        Asset.objects.create(organization=other_organization, name="other-host",
                             ip="127.20.1.10"),
    ]
    return rows


@pytest.mark.parametrize("name", READ_PAGES + EDIT_PAGES)
def test_anonymous_is_sent_to_log_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("who, read, edit", [
    ("admin", 200, 200), ("inspector", 200, 200), ("leadership", 200, 403),
    ("district_auditor", 200, 403), ("department_head", 403, 403),
])
def test_role_matrix(login, assets, who, read, edit):
    client = login(who)
    for name in READ_PAGES:
        assert client.get(reverse(name)).status_code == read, name
    for name in EDIT_PAGES:
        assert client.get(reverse(name)).status_code == edit, name
    asset = assets[0]
    assert client.get(reverse("inventory:asset_detail", args=[asset.pk])).status_code == read
    assert client.get(reverse("inventory:asset_edit", args=[asset.pk])).status_code == edit
    assert client.post(reverse("inventory:asset_register", args=[assets[3].pk])).status_code \
        == (302 if edit == 200 else 403)


def test_another_organizations_asset_is_not_found(login, assets):
    client = login("inspector")
    foreign = assets[4]
    for name in ("inventory:asset_detail", "inventory:asset_edit"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404
    assert client.post(reverse("inventory:asset_register", args=[foreign.pk])).status_code == 404
    names = {a.name for a in client.get(reverse("inventory:asset_list")).context["page"]}
    assert "other-host" not in names and "his-app-01" in names


def test_district_auditor_sees_the_supervised_organizations(login, assets):
    response = login("district_auditor").get(reverse("inventory:asset_list"))
    names = {a.name for a in response.context["page"]}
    assert {"other-host", "his-app-01"} <= names
    assert response.context["multi_org"] is True
    assert "另一医院" in response.content.decode()


@pytest.mark.parametrize("query, expected", [
    ({"q": "his"}, {"his-app-01"}),
    ({"q": "127.20.2.21"}, {"nurse-ws-21"}),
    ({"q": "127.20"}, {"his-app-01", "nurse-ws-21", "127.20.9.99"}),
    ({"q": "52:54:00:12"}, {"his-app-01"}),
    ({"role": "switch"}, {"core-sw"}),
    ({"platform": "windows"}, {"nurse-ws-21"}),
    ({"registered": "no"}, {"127.20.9.99"}),
    ({"registered": "yes", "platform": "linux"}, {"his-app-01"}),
])
def test_asset_filters(login, assets, query, expected):
    response = login("inspector").get(reverse("inventory:asset_list"), query)
    assert {a.name for a in response.context["page"]} == expected


def test_filter_by_zone_and_department(login, assets, department):
    client = login("inspector")
    zone = assets[2].zone
    page = client.get(reverse("inventory:asset_list"), {"zone": zone.pk}).context["page"]
    assert [a.name for a in page] == ["core-sw"]
    page = client.get(reverse("inventory:asset_list"),
                      {"department": department.pk}).context["page"]
    assert [a.name for a in page] == ["his-app-01"]


def test_asset_list_is_paginated_with_a_fixed_number_of_queries(login, organization, db):
    zone = zone_get_or_create(organization=organization, kind="intranet")
    client = login("inspector")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("inventory:asset_list")).status_code == 200
        return len(ctx.captured_queries)

    Asset.objects.bulk_create([Asset(organization=organization, name=f"h{i:03d}", zone=zone)
                               for i in range(10)])
    few = queries()
    Asset.objects.bulk_create([Asset(organization=organization, name=f"x{i:03d}", zone=zone)
                               for i in range(120)])
    assert queries() == few
    response = client.get(reverse("inventory:asset_list"), {"page": 3})
    assert len(response.context["page"].object_list) == 30


def test_create_and_edit_an_asset_is_audited(login, organization, department):
    client = login("inspector")
    zone = zone_get_or_create(organization=organization, kind="intranet")
    response = client.post(reverse("inventory:asset_create"), {
        "organization": organization.pk, "name": "pacs-01", "ip": "127.20.3.3",
        "mac": "52-54-00-AA-BB-CC", "platform": "linux", "role": "server", "zone": zone.pk,
        "department": department.pk, "owner": "李工", "vendor": "某厂商", "registered": "on",
        "notes": ""})
    assert response.status_code == 302
    asset = Asset.objects.get(name="pacs-01")
    assert asset.mac == "52:54:00:aa:bb:cc" and asset.owner == "李工"
    event = AuditEvent.objects.get(action="inventory.asset_create")
    assert event.after["ip"] == "127.20.3.3" and event.actor.username == "inspector"

    response = client.post(reverse("inventory:asset_edit", args=[asset.pk]), {
        "name": "pacs-01", "ip": "127.20.3.4", "mac": "", "platform": "linux",
        "role": "server", "zone": zone.pk, "department": department.pk, "owner": "王工",
        "vendor": "某厂商", "registered": "on", "notes": ""})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="inventory.asset_update")
    assert event.before == {"ip": "127.20.3.3", "mac": "52:54:00:aa:bb:cc", "owner": "李工"}
    assert event.after == {"ip": "127.20.3.4", "mac": "", "owner": "王工"}


def test_asset_form_refuses_bad_values_and_foreign_choices(login, organization,
                                                           other_organization, assets):
    client = login("inspector")
    foreign_zone = zone_get_or_create(organization=other_organization, kind="intranet")
    response = client.post(reverse("inventory:asset_create"), {
        "organization": organization.pk, "name": "x", "ip": "127.20.1.10", "mac": "zz",
        "platform": "linux", "role": "server", "zone": foreign_zone.pk})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"ip", "mac", "zone"} <= set(errors)
    response = client.post(reverse("inventory:asset_create"), {
        "organization": other_organization.pk, "name": "x", "platform": "linux",
        "role": "server"})
    assert "organization" in response.context["form"].errors


def test_register_an_unregistered_asset(login, assets):
    found = assets[3]
    response = login("inspector").post(reverse("inventory:asset_register", args=[found.pk]),
                                       {"next": reverse("inventory:ipregister_list")})
    assert response.status_code == 302 and response["Location"].endswith("/ip-register/")
    found.refresh_from_db()
    assert found.registered
    event = AuditEvent.objects.get(action="inventory.asset_register")
    assert event.before == {"registered": False} and event.after == {"registered": True}
    assert login("inspector").get(
        reverse("inventory:asset_register", args=[found.pk])).status_code == 405


def test_ip_register_lists_unregistered_first_with_counts(login, assets):
    response = login("inspector").get(reverse("inventory:ipregister_list"))
    page = list(response.context["page"])
    assert page[0].name == "127.20.9.99"
    assert response.context["counts"] == {"total": 4, "registered": 3, "seen": 1,
                                          "unregistered_seen": 1, "registered_unseen": 3}
    html = response.content.decode()
    assert "⚠ 127.20.9.99" in html
    only = login("inspector").get(reverse("inventory:ipregister_list"), {"registered": "no"})
    assert [a.name for a in only.context["page"]] == ["127.20.9.99"]


def test_zone_subnet_department_pages(login, organization, other_organization):
    client = login("inspector")
    assert client.post(reverse("inventory:zone_create"), {
        "organization": organization.pk, "kind": "intranet", "name": "内网"}).status_code == 302
    zone = Zone.objects.get(name="内网")
    assert client.post(reverse("inventory:department_create"), {
        "organization": organization.pk, "name": "放射科"}).status_code == 302
    radiology = Department.objects.get(name="放射科")
    assert client.post(reverse("inventory:subnet_create"), {
        "zone": zone.pk, "cidr": "127.20.1.7/24", "name": "门诊",
        "department": radiology.pk}).status_code == 302
    subnet = Subnet.objects.get()
    assert subnet.cidr == "127.20.1.0/24"
    assert client.post(reverse("inventory:zone_edit", args=[zone.pk]), {
        "kind": "intranet", "name": "临床内网"}).status_code == 302
    zone.refresh_from_db()
    assert zone.name == "临床内网" and zone.organization == organization
    foreign = Department.objects.create(organization=other_organization, name="外院科室")
    response = client.post(reverse("inventory:subnet_edit", args=[subnet.pk]), {
        "zone": zone.pk, "cidr": "127.20.1.0/24", "department": foreign.pk})
    assert response.status_code == 200 and "department" in response.context["form"].errors
    assert client.get(reverse("inventory:zone_list")).context["page"][0].subnet_count == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"inventory.zone_create", "inventory.zone_update", "inventory.department_create",
            "inventory.subnet_create"} <= actions


def test_information_systems(login, organization, department):
    client = login("inspector")
    response = client.post(reverse("inventory:system_create"), {
        "organization": organization.pk, "name": "HIS", "kind": "his", "grade": 3,
        "filing_number": "11010000000-00001", "last_assessed": "2024-05-20",
        "department": department.pk, "owner": "赵主任", "vendor": "示例软件公司", "notes": ""})
    assert response.status_code == 302
    system = InformationSystem.objects.get(name="HIS")
    assert system.grade == 3 and system.last_assessed == dt.date(2024, 5, 20)
    detail = client.get(reverse("inventory:system_detail", args=[system.pk]))
    assert detail.context["next_assessment"] == dt.date(2025, 5, 20)
    listing = client.get(reverse("inventory:system_list"), {"grade": 3})
    row = listing.context["page"][0]
    assert row.next_assessment == dt.date(2025, 5, 20)
    assert "11010000000-00001" in listing.content.decode()
    assert not client.get(reverse("inventory:system_list"), {"grade": 2}).context["page"]
    assert client.post(reverse("inventory:system_create"), {
        "organization": organization.pk, "name": "X", "kind": "his",
        "grade": 5}).status_code == 200


def test_post_without_csrf_token_is_refused(people, organization):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["inspector"])
    response = client.post(reverse("inventory:department_create"),
                           {"organization": organization.pk, "name": "x"})
    assert response.status_code == 403
    assert not Department.objects.filter(name="x").exists()


@pytest.mark.parametrize("name", ["inventory:ipregister_list", "inventory:zone_list",
                                  "inventory:department_list", "inventory:subnet_list",
                                  "inventory:system_list"])
def test_lists_need_a_fixed_number_of_queries(login, organization, name):
    from zicha.web.inventory.models import InformationSystem

    client = login("inspector")

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            zone = Zone.objects.create(organization=organization, kind="intranet", name=f"z{i}")
            department = Department.objects.create(organization=organization, name=f"d{i}")
            Subnet.objects.create(zone=zone, cidr=f"127.21.{i}.0/24", department=department)
            Asset.objects.create(organization=organization, name=f"a{i}", ip=f"127.21.{i}.1",
                                 zone=zone, department=department, registered=i % 2 == 0)
            InformationSystem.objects.create(organization=organization, name=f"s{i}",
                                             grade=2 + i % 2, department=department)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    add(3, 0)
    few = queries()
    add(20, 3)
    assert queries() == few
