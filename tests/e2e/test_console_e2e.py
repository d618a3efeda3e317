"""End-to-end: a real browser (Debian's Chromium, driven by Playwright) against the console.

The round trip of issue 5: an administrator creates an inspector's account, the
inspector's first login forces a new password, an inspection of the simulated hospital
runs from the console, a manual item is answered with a photo, a finding is assigned to
a department, a risk is accepted by a second person, and after the problems are fixed
the next inspection shows the findings as verified (已验证).

Two verified cases, both real:
* INV-REG-0001 (an unknown PC found on the 内科 subnet) — the IT department enters it
  in the IP register, as the check's remediation says; the second inspection compares
  the scan with the organization's register and passes;
* MAN-EMR-0001 (emergency drill) — answered "failed" in the first inspection, "passed"
  with the drill's photo in the second.

Run: ``ZICHA_HOME=$(mktemp -d) .venv/bin/python -m pytest tests/e2e -q -p no:cacheprovider``
(needs ``apt-get install chromium`` and ``pip install playwright``; screenshots go to
``$ZICHA_E2E_ARTIFACTS`` or ``tests/e2e/artifacts``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from .conftest import IMMEDIATE, TABLET, lab_ip
from .support import (
    MAIN_SUBMIT,
    answer_manual_item,
    change_password,
    finding_row,
    log_in,
    log_out,
    manual_item,
    messages,
    photo,
    start_inspection,
    upload,
    wait_finished,
)

pytestmark = [pytest.mark.browser, pytest.mark.integration]

ADMIN = ("zhang.admin", "Harbor-Lantern-72!")
INSPECTOR_NEW_PASSWORD = "Quiet-Orchid-5819?"
UNKNOWN_PC = lab_ip("127.20.10.99")        # DESKTOP-7Q2K9LM, not in the IP register
DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _organization_and_admin() -> tuple[Any, Any]:
    """What ``zicha manage zicha_createadmin`` makes: the first administrator."""
    from zicha.web.accounts.services import account_create_superuser
    from zicha.web.inventory.services import organization_get_or_create

    organization = organization_get_or_create(name="演示人民医院", code="demo-hospital")
    admin = account_create_superuser(username=ADMIN[0], password=ADMIN[1],
                                     organization=organization)
    admin.first_name, admin.last_name = "主任", "张"
    admin.save(update_fields=["first_name", "last_name"])
    return organization, admin


def _today() -> dt.date:
    from zicha.web.findings.due import local_date

    return local_date()


def _create_department(page: Any, base: str, name: str, organization: Any) -> None:
    page.goto(f"{base}/inventory/departments/new/")
    if page.locator("select#id_organization").count():
        page.select_option("#id_organization", str(organization.pk))
    page.fill("#id_name", name)
    with page.expect_navigation():
        page.click(MAIN_SUBMIT)


def _create_inspector(page: Any, base: str, organization: Any, shots: Any) -> str:
    """The administrator creates the account and reads its one-time password."""
    page.goto(f"{base}/accounts/users/new/")
    page.fill("#id_username", "li.inspector")
    page.fill("#id_first_name", "信息科")
    page.fill("#id_last_name", "李")
    page.select_option("#id_role", "inspector")
    if page.locator("select#id_organization").count():
        page.select_option("#id_organization", str(organization.pk))
    with page.expect_navigation():
        page.click(MAIN_SUBMIT)
    password = page.locator("code.one-time-password").inner_text().strip()
    assert len(password) >= 10, password
    shots(page, "account-one-time-password")
    return password


def _finding_detail(page: Any, base: str, check_id: str, q: str = "") -> int:
    """Open a finding from the ledger (filtered by check and asset address)."""
    page.goto(f"{base}/findings/")
    page.fill("#id_check", check_id)
    page.fill("#id_q", q)
    with page.expect_navigation():
        page.click("main form.filters button[type=submit]")
    rows = finding_row(page, check_id)
    assert rows.count() == 1, f"{check_id} {q}: {rows.count()} rows"
    with page.expect_navigation():
        rows.first.locator("td a").first.click()
    match = re.search(r"/findings/(\d+)/", page.url)
    assert match, page.url
    return int(match.group(1))


def _status_badge(page: Any) -> str:
    return page.locator("main dl.kv dd span.badge").first.inner_text().strip()


def test_console_round_trip(console: str, new_page: Any, shots: Any, settings: Any,
                            requests_seen: Any) -> None:
    from zicha.web.accounts.models import User
    from zicha.web.findings.models import Finding
    from zicha.web.inspections.models import Evidence

    base = console
    organization, admin = _organization_and_admin()

    # -- the administrator: a department, and the inspector's account ------------------
    page = new_page()
    page.goto(f"{base}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    shots(page, "login")
    log_in(page, base, *ADMIN)
    assert "/accounts/password/" not in page.url    # created with a password of its own
    _create_department(page, base, "内科", organization)
    assert "内科" in page.locator("main").inner_text()
    one_time = _create_inspector(page, base, organization, shots)
    log_out(page)

    # -- first login of the inspector: the one-time password must be replaced ----------
    log_in(page, base, "li.inspector", one_time)
    assert "/accounts/password/" in page.url, page.url
    shots(page, "password-change-forced")
    page.goto(f"{base}/findings/")                  # nothing else until it is changed
    assert "/accounts/password/" in page.url, page.url
    change_password(page, one_time, INSPECTOR_NEW_PASSWORD)
    assert "/accounts/password/" not in page.url
    inspector = User.objects.get(username="li.inspector")
    assert not inspector.must_change_password
    log_out(page)
    log_in(page, base, "li.inspector", one_time)      # the one-time password is dead
    assert "/accounts/login/" in page.url
    assert page.locator("main .errorlist, main ul.messages li.error").count() >= 1
    log_in(page, base, "li.inspector", INSPECTOR_NEW_PASSWORD)
    assert "/accounts/login/" not in page.url

    # -- a queued inspection shows its progress and can be cancelled --------------------
    settings.TASKS = DB_BACKEND          # queued for a worker that is not running here
    queued = start_inspection(page, base)
    assert page.locator("#progress-card").count() == 1
    assert page.locator("#status").inner_text().strip() == "排队中"
    shots(page, "inspection-progress")
    with page.expect_navigation():
        page.click(f"form[action$='/inspections/{queued}/cancel/'] button[type=submit]")
    assert page.locator("main p span.badge.st-cancelled").count() == 1

    # -- inspection 1 of the simulated hospital ----------------------------------------
    settings.TASKS = IMMEDIATE           # the start request runs the inspection itself
    page.goto(f"{base}/inspections/start/")
    assert page.locator("#id_lab").count() == 1
    shots(page, "inspection-start")
    first = start_inspection(page, base)
    wait_finished(page)
    assert int(page.locator("main .cards .card .big.st-failed").first.inner_text()) > 0
    shots(page, "inspection-detail")
    page.goto(f"{base}/inspections/")
    shots(page, "inspection-list")
    assert page.locator(f"main a[href$='/inspections/{first}/']").count() == 1

    # the evidence that decided a result
    page.goto(f"{base}/inspections/{first}/?check=INV-REG-0001&status=failed")
    with page.expect_navigation():
        page.locator("main table tbody tr td a code", has_text="INV-REG-0001").first.click()
    shots(page, "result-detail")

    # -- manual checklist: a refused upload, then an answer with a photo ---------------
    page.goto(f"{base}/inspections/{first}/manual/")
    answer_manual_item(page, "MAN-EMR-0001", answer="failed",
                       note="本年度网络安全应急演练尚未开展",
                       photos=[upload("drill.png", b"MZ\x90\x00" + b"\x00" * 200,
                                      "image/png")])
    refused = manual_item(page, "MAN-EMR-0001").locator("ul.messages li.error")
    assert refused.count() >= 1, "a forbidden file was not refused with a message"
    shots(page, "manual-upload-refused")
    assert not Evidence.objects.filter(inspection_id=first, kind="upload").exists()
    answer_manual_item(page, "MAN-EMR-0001", answer="failed",
                       note="本年度网络安全应急演练尚未开展",
                       photos=[upload("应急预案.png", photo("EMR plan 2024"), "image/png")])
    assert any("MAN-EMR-0001" in m for m in messages(page)), messages(page)
    item = manual_item(page, "MAN-EMR-0001")
    assert item.locator("a[href*='/evidence/']").count() == 1
    assert item.locator("span.badge.st-failed").count() == 1
    drill = Finding.objects.get(check_id="MAN-EMR-0001", asset__isnull=True)
    assert drill.status == "open"                  # a failed answer opens a finding
    shots(page, "manual-checklist")

    # -- the ledger: assign the unknown PC's finding to 内科 -----------------------------
    reg = _finding_detail(page, base, "INV-REG-0001", UNKNOWN_PC)
    page.select_option("#id_department", label="内科")
    page.select_option("#id_owner_user", str(inspector.pk))
    due = _today() + dt.timedelta(days=14)
    page.fill("#id_due_date", due.isoformat())
    with page.expect_navigation():
        page.click("form#assign button[type=submit]")
    finding = Finding.objects.get(pk=reg)
    assert finding.department.name == "内科" and finding.due_date == due
    assert "内科" in page.locator("main dl.kv").inner_text()
    with page.expect_navigation():
        page.click("form[action$='/transition/']:has(input[value=start]) button")
    assert Finding.objects.get(pk=reg).status == "in_progress"

    # -- risk acceptance on another finding, approved by a second person ---------------
    smb_pc = lab_ip("127.20.11.22")
    smb = _finding_detail(page, base, "WIN-SMB-0001", smb_pc)
    approvers = page.locator("#id_approver option").all_inner_texts()
    assert not any("li.inspector" in a for a in approvers), approvers   # not oneself
    page.fill("#id_reason", "手术室设备厂商软件需要 445 端口；已在交换机上限制为仅 PACS 服务器可访问")
    page.fill("#id_expires_on", (_today() + dt.timedelta(days=90)).isoformat())
    page.select_option("#id_approver", str(admin.pk))
    with page.expect_navigation():
        page.click("form#risk button[type=submit]")
    assert _status_badge(page) == "已接受风险"
    risk = Finding.objects.get(pk=smb)
    assert risk.status == "risk_accepted" and risk.risk_approved_by_id == admin.pk
    assert risk.risk_requested_by_id == inspector.pk
    shots(page, "finding-risk-accepted")

    # -- rectification: the unknown PC goes into the IP register -----------------------
    page.goto(f"{base}/inventory/ip-register/?q={UNKNOWN_PC}")
    shots(page, "ip-register")
    row = page.locator("main table tbody tr", has_text=UNKNOWN_PC)
    with page.expect_navigation():
        row.locator("form[action*='/register/'] button").click()
    assert row.locator("span.badge.st-passed").count() == 1
    page.goto(f"{base}/findings/{reg}/")
    with page.expect_navigation():
        page.click("form[action$='/transition/']:has(input[value=rectify]) button")
    assert Finding.objects.get(pk=reg).status == "rectified"

    # -- inspection 2: the register check passes, the drill took place -----------------
    second = start_inspection(page, base)
    wait_finished(page)
    assert second > first
    page.goto(f"{base}/inspections/{second}/manual/")
    answer_manual_item(page, "MAN-EMR-0001", answer="passed",
                       note="已于本月完成断网应急演练，附签到表照片",
                       photos=[upload("演练签到.jpg", photo("drill", fmt="JPEG"),
                                      "image/jpeg")])
    assert manual_item(page, "MAN-EMR-0001").locator("span.badge.st-passed").count() == 1

    page.goto(f"{base}/findings/?status=verified")
    for check_id in ("INV-REG-0001", "MAN-EMR-0001"):
        row = finding_row(page, check_id)
        assert row.count() >= 1, f"{check_id} not verified"
        assert "已验证" in row.first.locator("span.badge").inner_text()
    shots(page, "findings-verified")
    page.goto(f"{base}/findings/{reg}/")
    assert _status_badge(page) == "已验证"
    history = page.locator("main table").nth(0).inner_text()
    assert f"#{first}" in history and f"#{second}" in history
    shots(page, "finding-detail")
    assert Finding.objects.get(pk=smb).status == "risk_accepted"    # still failing, accepted

    # -- the other main pages -----------------------------------------------------------
    for name, path in (("dashboard", "/dashboard/"), ("findings-ledger", "/findings/"),
                       ("inventory-assets", "/inventory/"), ("reports", "/reports/"),
                       ("audit-log", "/audit/")):
        response = page.goto(f"{base}{path}")
        assert response is not None and response.status == 200, (path, response)
        shots(page, name)

    # -- the same pages on a tablet, as on the machine-room round ----------------------
    tablet = new_page(viewport=TABLET)
    log_in(tablet, base, "li.inspector", INSPECTOR_NEW_PASSWORD)
    sideways = {}
    for name, path in (("tablet-manual-checklist", f"/inspections/{second}/manual/"),
                       ("tablet-finding-detail", f"/findings/{reg}/"),
                       ("tablet-dashboard", "/dashboard/"),
                       ("tablet-inspection-detail", f"/inspections/{second}/"),
                       ("tablet-findings-ledger", "/findings/"),
                       ("tablet-ip-register", "/inventory/ip-register/"),
                       ("tablet-inventory-assets", "/inventory/"),
                       ("tablet-reports", "/reports/")):
        tablet.goto(f"{base}{path}")
        width = tablet.evaluate("document.documentElement.scrollWidth")
        shots(tablet, name)
        if width > TABLET["width"] + 1:
            sideways[path] = width
    assert sideways == {}, f"pages that scroll sideways on a tablet: {sideways}"

    # -- nothing left the machine ------------------------------------------------------
    assert len(requests_seen.urls) > 50
    assert requests_seen.foreign() == []
    assert requests_seen.static_failures() == []
    # the only error answer: the refused upload (400, with its message)
    assert [status for status, _url in requests_seen.errors] == [400], requests_seen.errors


def test_language_switch_and_no_request_leaves_the_machine(
        console: str, new_page: Any, shots: Any, requests_seen: Any) -> None:
    base = console
    _organization_and_admin()

    # a browser asking for neither language gets Simplified Chinese
    page = new_page(locale="fr-FR")
    page.goto(f"{base}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("main h1").inner_text().strip() == "登录"
    with page.expect_navigation():
        page.select_option("header select[name=language]", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("main h1").inner_text().strip() == "Log in"
    shots(page, "login-english")
    log_in(page, base, *ADMIN)
    for path in ("/dashboard/", "/findings/", "/inspections/", "/inventory/"):
        page.goto(f"{base}{path}")
        assert page.locator("html").get_attribute("lang") == "en"
        nav = " ".join(page.locator("header.top > a:not([href$='/profile/'])")
                       .all_inner_texts())
        assert not re.search(r"[\u4e00-\u9fff]", nav), nav
        assert "Rectification ledger" in nav
    shots(page, "dashboard-english")
    with page.expect_navigation():
        page.select_option("header select[name=language]", "zh-hans")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "整改台账" in page.locator("header.top").inner_text()

    # a Chinese browser gets Chinese without choosing
    page = new_page(locale="zh-CN")
    page.goto(f"{base}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    assert requests_seen.urls, "no request was recorded"
    assert requests_seen.foreign() == []
    assert requests_seen.errors == [] and requests_seen.failed == []


def test_anonymous_visitor_lands_on_the_console_login(console: str, new_page: Any) -> None:
    page = new_page()
    page.goto(f"{console}/findings/")
    assert "/accounts/login/" in page.url, page.url     # not the Django admin's login
    assert "next=/findings/" in page.url.replace("%2F", "/"), page.url


def test_lab_inspection_finds_the_lab_hosts_only(console: str, new_page: Any) -> None:
    from zicha.lab import HOSPITAL

    _organization_and_admin()
    page = new_page()
    log_in(page, console, *ADMIN)
    start_inspection(page, console)
    wait_finished(page)
    assets = int(page.locator("main .cards .card .big").first.inner_text())
    assert assets == len(HOSPITAL.hosts), assets


def test_audit_log_fits_a_tablet(console: str, new_page: Any) -> None:
    from zicha.web.audit.services import audit_record
    from zicha.web.inspections.run_services import DEFAULT_PORTS

    organization, admin = _organization_and_admin()
    audit_record(actor=admin, action="inspection.request", organization=organization,
                 after={"parameters": {"ports": DEFAULT_PORTS, "lab": True}})
    page = new_page(viewport=TABLET)
    log_in(page, console, *ADMIN)
    page.goto(f"{console}/audit/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= TABLET["width"] + 1, width
