"""Excel import and export of the asset register: all rows valid or nothing stored."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from zicha.web.audit.models import AuditEvent
from zicha.web.inventory import excel
from zicha.web.inventory.imports import AssetImportError, assets_import_file
from zicha.web.inventory.models import Asset, Department, Zone
from zicha.web.inventory.services import zone_get_or_create

from .support import HEADERS, read_workbook, workbook

GOOD = [
    ("his-app-01", "127.20.1.10", "52-54-00-12-34-56", "内网", "server", "linux", "信息科",
     "张工", "东华", "HIS 应用"),
    ("lis-db-01", "127.20.1.11", "", "intranet", "Server", "Linux", "检验科", "", "", ""),
    ("nurse-ws-21", "127.20.2.21", "", "", "workstation", "windows", "护理部", "", "", ""),
    ("ups-01", "", "", "DMZ", "ups", "other", "", "", "山特", "机房 UPS"),
]


def run_import(organization, data, actor=None, filename="台账.xlsx"):
    return assets_import_file(actor=actor, organization=organization, data=data,
                              filename=filename)


def test_import_creates_assets_with_normalised_values(organization):
    zone_get_or_create(organization=organization, kind="intranet", name="内网")
    result = run_import(organization, workbook(GOOD))
    assert (result.rows, result.created, result.updated, result.unchanged) == (4, 4, 0, 0)
    assert result.departments_created == 3
    his = Asset.objects.get(name="his-app-01")
    assert his.mac == "52:54:00:12:34:56" and his.zone.name == "内网"
    assert (his.role, his.platform, his.owner, his.vendor) == ("server", "linux", "张工", "东华")
    assert his.department.name == "信息科" and his.registered
    lis = Asset.objects.get(name="lis-db-01")
    assert lis.zone == his.zone                     # "intranet" → the intranet zone
    ups = Asset.objects.get(name="ups-01")
    assert ups.ip is None and ups.zone.kind == "dmz" and ups.role == "ups"
    event = AuditEvent.objects.get(action="inventory.asset_import")
    assert event.detail["created"] == 4 and event.detail["file"] == "台账.xlsx"
    assert len(event.detail["changes"]) == 4 and event.organization == organization


def test_chinese_labels_are_accepted(organization):
    with translation.override("zh-hans"):
        role = str(Asset._meta.get_field("role").choices[0][1])
    run_import(organization, workbook([("a", "127.20.1.1", "", "", role, "", "", "", "", "")]))
    assert Asset.objects.get(name="a").role == "server"


def test_the_same_file_twice_changes_nothing(organization):
    data = workbook(GOOD)
    run_import(organization, data)
    again = run_import(organization, data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert Asset.objects.count() == 4 and Department.objects.count() == 3
    assert AuditEvent.objects.filter(action="inventory.asset_import").count() == 2


def test_rows_match_by_ip_then_by_name(organization):
    scanned = Asset.objects.create(organization=organization, name="127.20.1.10",
                                   ip="127.20.1.10", registered=False, platform="linux")
    named = Asset.objects.create(organization=organization, name="lis-db-01")
    result = run_import(organization, workbook([
        ("his-app-01", "127.20.1.10", "", "", "", "", "", "李工", "", ""),
        ("lis-db-01", "127.20.1.11", "", "", "", "", "", "", "", ""),
    ]))
    assert (result.created, result.updated) == (0, 2)
    scanned.refresh_from_db()
    named.refresh_from_db()
    assert scanned.name == "his-app-01" and scanned.registered and scanned.owner == "李工"
    assert scanned.platform == "linux"             # empty cell: unchanged
    assert named.ip == "127.20.1.11"
    change = next(c for c in result.changes if c["id"] == scanned.pk)
    assert change["before"]["registered"] is False and change["after"]["registered"] is True


def test_any_error_stores_nothing_and_names_row_and_column(organization):
    rows = [
        GOOD[0],
        ("bad-ip", "127.20.1.300", "", "", "", "", "新科室", "", "", ""),
        ("bad-mac", "127.20.1.12", "xx:yy", "", "", "", "", "", "", ""),
        ("", "127.20.1.13", "", "", "", "", "", "", "", ""),
        ("bad-role", "127.20.1.14", "", "", "mainframe", "", "", "", "", ""),
        ("bad-zone", "127.20.1.15", "", "火星", "", "", "", "", "", ""),
        ("dup", "127.20.1.10", "", "", "", "", "", "", "", ""),
        ("x" * 201, "127.20.1.16", "", "", "", "", "", "", "", ""),
    ]
    with pytest.raises(AssetImportError) as caught:
        run_import(organization, workbook(rows))
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(3, "IP地址"), (4, "MAC地址"), (5, "资产名称"), (6, "角色"), (7, "区域"),
                     (8, "IP地址"), (9, "资产名称")}
    assert Asset.objects.count() == 0 and Department.objects.count() == 0
    assert not AuditEvent.objects.exists()
    with translation.override("en"):
        assert str(caught.value.errors[0]) == "Row 3 IP地址: Not a valid IP address."


def test_error_message_in_chinese(organization):
    with pytest.raises(AssetImportError) as caught:
        run_import(organization, workbook([("a", "1.2.3", "", "", "", "", "", "", "", "")]))
    with translation.override("zh-hans"):
        text = str(caught.value.errors[0])
    assert "2" in text and "IP地址" in text
    with translation.override("en"):
        assert str(caught.value.errors[0]) == "Row 2 IP地址: Not a valid IP address."


def test_columns_in_any_order_and_unknown_ones_ignored(organization):
    data = workbook([("127.20.1.5", "x-01", "whatever")], headers=("IP地址", "资产名称", "采购日期"))
    result = run_import(organization, data)
    assert result.created == 1 and Asset.objects.get().ip == "127.20.1.5"


def test_name_column_is_required(organization):
    with pytest.raises(AssetImportError) as caught:
        run_import(organization, workbook([("127.20.1.5",)], headers=("IP地址",)))
    assert caught.value.errors[0].row is None and "资产名称" in caught.value.errors[0].text


def test_two_rows_for_one_asset_are_refused(organization):
    Asset.objects.create(organization=organization, name="a")
    with pytest.raises(AssetImportError) as caught:
        run_import(organization, workbook([("a", "127.20.1.1"), ("a", "")],
                                          headers=("资产名称", "IP地址")))
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "资产名称")]


def test_bounds_and_broken_files(organization, monkeypatch):
    with pytest.raises(AssetImportError, match=r"not|不是|Excel"):
        run_import(organization, b"name,ip\nx,127.0.0.1\n")
    with pytest.raises(AssetImportError):
        run_import(organization, b"PK\x03\x04 truncated")
    monkeypatch.setattr(excel, "MAX_IMPORT_ROWS", 3)
    with pytest.raises(AssetImportError) as caught:
        run_import(organization, workbook(GOOD))
    assert caught.value.errors[0].row is None
    monkeypatch.setattr(excel, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(AssetImportError):
        run_import(organization, workbook(GOOD[:1]))
    assert Asset.objects.count() == 0


def test_zip_bomb_is_refused_before_unpacking(organization, monkeypatch):
    monkeypatch.setattr(excel, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (4 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 20_000
    with pytest.raises(AssetImportError) as caught:
        run_import(organization, data)
    assert "MB" in caught.value.errors[0].text


def test_export_streams_the_register_and_imports_back_unchanged(organization, login):
    zone_get_or_create(organization=organization, kind="intranet", name="内网")
    run_import(organization, workbook(GOOD))
    response = login("inspector").get(reverse("inventory:asset_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    rows = read_workbook(data)
    assert rows[0][:10] == HEADERS
    his = next(r for r in rows if r[0] == "his-app-01")
    assert his[1] == "127.20.1.10" and his[3] == "内网" and his[6] == "信息科"
    again = run_import(organization, data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_export_follows_the_filters(organization, login):
    run_import(organization, workbook(GOOD))
    response = login("inspector").get(reverse("inventory:asset_export"), {"platform": "windows"})
    rows = read_workbook(b"".join(response.streaming_content))
    assert [r[0] for r in rows[1:]] == ["nurse-ws-21"]


def test_import_page_shows_every_error_and_stores_nothing(organization, login):
    client = login("inspector")
    upload = SimpleUploadedFile("台账.xlsx", workbook([
        GOOD[0], ("b", "127.20.1.300", "", "", "", "", "", "", "", "")]))
    response = client.post(reverse("inventory:asset_import"),
                           {"organization": organization.pk, "file": upload})
    assert response.status_code == 400
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "IP地址")]
    assert "IP地址" in response.content.decode()
    assert Asset.objects.count() == 0


def test_import_page_success(organization, login):
    client = login("inspector")
    upload = SimpleUploadedFile("台账.xlsx", workbook(GOOD))
    response = client.post(reverse("inventory:asset_import"),
                           {"organization": organization.pk, "file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("inventory:asset_list")
    assert Asset.objects.count() == 4
    assert Zone.objects.filter(kind="dmz").exists()


def test_import_page_refuses_a_large_upload_and_other_organizations(organization,
                                                                    other_organization,
                                                                    login, monkeypatch):
    from zicha.web.inventory import forms

    monkeypatch.setattr(forms, "MAX_IMPORT_BYTES", 100)
    client = login("inspector")
    response = client.post(reverse("inventory:asset_import"), {
        "organization": organization.pk,
        "file": SimpleUploadedFile("a.xlsx", workbook(GOOD))})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    response = client.post(reverse("inventory:asset_import"), {
        "organization": other_organization.pk,
        "file": SimpleUploadedFile("a.xlsx", workbook(GOOD))})
    assert "organization" in response.context["form"].errors
    assert Asset.objects.count() == 0
