"""Background inspections: request, run through django-tasks, progress, cancel, fail."""

from __future__ import annotations

import os

import pytest
from django.test import override_settings
from django.urls import reverse

from zicha.web.audit.models import AuditEvent
from zicha.web.findings.models import Finding
from zicha.web.inspections import execution
from zicha.web.inspections.execution import inspection_execute
from zicha.web.inspections.models import BundleUpload, CheckResult, Evidence, Inspection
from zicha.web.inspections.run_services import (
    InspectionRequestError,
    inspection_cancel,
    inspection_request,
)
from zicha.web.inventory.models import Asset

from ..outcomes import full_outcome
from .support import stored_files, upload

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PARAMS = {"scope": "127.0.0.0/8", "targets": "127.77.0.1", "ports": "22,80"}


def nothing_stored(inspection):
    return (not CheckResult.objects.filter(inspection=inspection).exists()
            and not Evidence.objects.filter(inspection=inspection).exists()
            and not Finding.objects.exists() and not Asset.objects.exists())


@pytest.fixture
def fake_engine(monkeypatch):
    """Replace the engine with one that reports progress and returns a fixed outcome."""
    calls = {}

    async def run_inspection(plan, *, catalogue, baselines, progress=None, **kw):
        calls["plan"] = plan
        for i in range(3):
            if progress:
                progress("scan", i + 1, 3)
        if calls.get("raise"):
            raise calls["raise"]
        return full_outcome()

    import zicha.engine.inspection as engine

    monkeypatch.setattr(engine, "run_inspection", run_inspection)
    return calls


class TestRequest:
    @override_settings(TASKS=DUMMY)
    def test_request_creates_a_queued_row_and_enqueues(self, organization, inspector):
        inspection = inspection_request(organization=organization, actor=inspector,
                                        parameters=PARAMS)
        assert inspection.status == "queued" and inspection.requested_by == inspector
        assert inspection.task_id
        assert inspection.meta["request"]["targets"] == ["127.77.0.1"]
        assert inspection.meta["progress"]["stage"] == "queued"
        assert AuditEvent.objects.filter(action="inspection.request").count() == 1

    @pytest.mark.parametrize(("params", "code"), [
        ({"scope": "127.0.0.0/24", "targets": "127.0.1.5"}, "target-out-of-scope"),
        ({"targets": "127.0.0.5"}, "targets-without-scope"),
        ({"scope": "127.0.0.0/24", "targets": "127.0.0.5", "ports": "0-99999"}, "ports-invalid"),
        ({"scope": "not-a-net", "targets": "127.0.0.5"}, "target-out-of-scope"),
        ({}, "nothing-to-inspect"),
        ({"lab": True}, "lab-disabled"),
        ({"bundle_uploads": [999]}, "bundle-unknown"),
    ])
    @override_settings(TASKS=DUMMY, DEBUG=False)
    def test_refused_requests_create_nothing(self, organization, inspector, params, code,
                                             monkeypatch):
        monkeypatch.delenv("ZICHA_ENABLE_LAB", raising=False)
        with pytest.raises(InspectionRequestError) as exc:
            inspection_request(organization=organization, actor=inspector, parameters=params)
        assert exc.value.code in {code, "scope-invalid"}
        assert not Inspection.objects.exists()

    @override_settings(TASKS=DUMMY)
    def test_bundles_uploaded_in_the_form_are_kept(self, organization, inspector, media):
        from zicha.lab import lab_bundle_paths

        data = lab_bundle_paths()[0].read_bytes()
        inspection = inspection_request(organization=organization, actor=inspector,
                                        parameters={}, bundle_files=[upload("his.bundle", data)])
        bundle = BundleUpload.objects.get()
        assert inspection.meta["request"]["bundle_uploads"] == [bundle.pk]
        assert (media / bundle.file.name).read_bytes() == data

    @override_settings(TASKS=DUMMY)
    def test_a_bad_bundle_refuses_the_request(self, organization, inspector, media):
        with pytest.raises(InspectionRequestError) as exc:
            inspection_request(organization=organization, actor=inspector, parameters={},
                               bundle_files=[upload("x.bundle", b"not a bundle")])
        assert exc.value.code == "bundle-invalid" and "x.bundle" in exc.value.message
        assert not Inspection.objects.exists() and stored_files(media) == []


class TestCancel:
    @override_settings(TASKS=DUMMY)
    def test_cancel_before_run_then_the_task_stores_nothing(self, organization, inspector,
                                                            fake_engine):
        inspection = inspection_request(organization=organization, actor=inspector,
                                        parameters=PARAMS)
        inspection_cancel(inspection=inspection, actor=inspector)
        inspection.refresh_from_db()
        assert inspection.status == "cancelled" and inspection.cancel_requested
        assert inspection_execute(inspection_id=inspection.pk) == "cancelled"
        assert "plan" not in fake_engine               # the engine never ran
        inspection.refresh_from_db()
        assert inspection.status == "cancelled"
        assert nothing_stored(inspection)
        with pytest.raises(InspectionRequestError):
            inspection_cancel(inspection=inspection, actor=inspector)

    @override_settings(TASKS=DUMMY)
    def test_cancel_while_running_stops_before_storing(self, organization, inspector,
                                                       fake_engine, monkeypatch):
        inspection = inspection_request(organization=organization, actor=inspector,
                                        parameters=PARAMS)
        monkeypatch.setattr(execution, "_cancel_requested", lambda pk: True)
        assert inspection_execute(inspection_id=inspection.pk) == "cancelled"
        inspection.refresh_from_db()
        assert inspection.status == "cancelled" and inspection.finished_at
        assert nothing_stored(inspection)

    def test_cancel_button(self, organization, logged_in):
        with override_settings(TASKS=DUMMY):
            inspection = inspection_request(organization=organization, actor=None,
                                            parameters=PARAMS)
        response = logged_in.post(reverse("inspections:inspection_cancel", args=[inspection.pk]))
        assert response.status_code == 302
        inspection.refresh_from_db()
        assert inspection.status == "cancelled"
        assert AuditEvent.objects.filter(action="inspection.cancel").exists()


class TestExecute:
    @override_settings(TASKS=IMMEDIATE)
    def test_immediate_backend_runs_and_fills_the_queued_row(self, organization, inspector,
                                                             fake_engine):
        inspection = inspection_request(organization=organization, actor=inspector,
                                        parameters=PARAMS)
        inspection.refresh_from_db()
        assert inspection.status == "finished"
        assert Inspection.objects.count() == 1
        assert CheckResult.objects.filter(inspection=inspection).count() == 39
        assert inspection.meta["request"]["targets"] == ["127.77.0.1"]
        assert inspection.meta["progress"]["stage"] == "finished"
        assert inspection.summary["findings"]["opened"] == 7
        plan = fake_engine["plan"]
        assert plan.scan_targets == ["127.77.0.1"] and plan.scan_ports == [22, 80]
        assert AuditEvent.objects.filter(action="inspection.store", actor=inspector).exists()

    @override_settings(TASKS=IMMEDIATE)
    def test_engine_failure_marks_failed_and_stores_nothing(self, organization, inspector,
                                                            fake_engine):
        from zicha.domain.errors import ZichaError

        fake_engine["raise"] = ZichaError("bundle is broken", code="bundle-truncated")
        inspection = inspection_request(organization=organization, actor=inspector,
                                        parameters=PARAMS)
        inspection.refresh_from_db()
        assert inspection.status == "failed"
        assert inspection.meta["error"] == {"code": "bundle-truncated",
                                            "message": "bundle is broken"}
        assert nothing_stored(inspection)

    @override_settings(TASKS=DUMMY)
    def test_organization_register_is_passed_to_the_engine(self, organization, inspector,
                                                           fake_engine):
        Asset.objects.create(organization=organization, name="his-app-01", ip="127.20.1.10",
                             platform="linux", role="server", registered=True)
        Asset.objects.create(organization=organization, name="stray", ip="127.20.1.99",
                             registered=False)
        inspection = inspection_request(organization=organization, actor=inspector,
                                        parameters={**PARAMS, "register": "organization"})
        inspection_execute(inspection_id=inspection.pk)
        register = fake_engine["plan"].register
        assert [a.name for a in register.assets] == ["his-app-01"]

    @override_settings(TASKS=DUMMY)
    def test_a_finished_inspection_is_not_run_again(self, organization, inspector, fake_engine):
        inspection = inspection_request(organization=organization, actor=inspector,
                                        parameters=PARAMS)
        assert inspection_execute(inspection_id=inspection.pk) == "finished"
        fake_engine.clear()
        assert inspection_execute(inspection_id=inspection.pk) == "finished"
        assert "plan" not in fake_engine


class TestViews:
    def test_start_form_queues_and_redirects_to_progress(self, organization, logged_in):
        with override_settings(TASKS=DUMMY):
            response = logged_in.post(reverse("inspections:inspection_start"), {
                "organization": organization.pk, "scope": "127.0.0.0/8",
                "targets": "127.77.0.1", "ports": "22", "vantage_zone": "intranet",
                "register": "none"})
        inspection = Inspection.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("inspections:inspection_detail",
                                               args=[inspection.pk])
        page = logged_in.get(response["Location"])
        assert b"inspection_status" in page.content or b"/status/" in page.content
        status = logged_in.get(reverse("inspections:inspection_status", args=[inspection.pk]))
        assert status.json()["status"] == "queued"

    def test_start_form_shows_refusals(self, organization, logged_in):
        response = logged_in.post(reverse("inspections:inspection_start"), {
            "organization": organization.pk, "scope": "127.0.0.0/24", "targets": "127.9.9.9",
            "ports": "22", "vantage_zone": "intranet", "register": "none"})
        assert response.status_code == 200 and not Inspection.objects.exists()
        assert b"127.9.9.9" in response.content

    @override_settings(DEBUG=False)
    def test_lab_checkbox_only_when_enabled(self, logged_in, monkeypatch):
        monkeypatch.delenv("ZICHA_ENABLE_LAB", raising=False)
        assert b'name="lab"' not in logged_in.get(reverse("inspections:inspection_start")).content
        monkeypatch.setenv("ZICHA_ENABLE_LAB", "1")
        assert b'name="lab"' in logged_in.get(reverse("inspections:inspection_start")).content

    def test_only_inspectors_start(self, client, make_user):
        url = reverse("inspections:inspection_start")
        for role in ("leadership", "district_auditor", "department_head"):
            client.force_login(make_user(role, role))
            assert client.get(url).status_code == 403


# a per-process place on loopback, so parallel runs (and `zicha demo`) do not collide
_OCTET = 121 + 2 * (os.getpid() % 60)
LAB_MOVES = {"127.20.0.0/16": f"127.{_OCTET}.0.0/16", "127.30.0.0/16": f"127.{_OCTET + 1}.0.0/16"}


@pytest.mark.integration
@override_settings(TASKS=IMMEDIATE, ZICHA_ENABLE_LAB=True, ZICHA_LAB_MOVES=LAB_MOVES)
def test_background_inspection_of_the_lab(organization, inspector):
    """The real engine scans the simulated hospital (loopback only) inside the task."""
    inspection = inspection_request(organization=organization, actor=inspector,
                                    parameters={"lab": True, "ports": "22,23,80,445,3389"})
    inspection.refresh_from_db()
    assert inspection.status == "finished", inspection.meta.get("error")
    assert inspection.meta["lab"] == "Demo People's Hospital"
    assert inspection.meta["scan"]["hosts_up"] > 5
    assert CheckResult.objects.filter(inspection=inspection).count() > 100
    assert CheckResult.objects.filter(inspection=inspection, status="failed").exists()
    assert Asset.objects.filter(organization=organization,
                                ip__startswith=f"127.{_OCTET}.").exists()
    assert not Asset.objects.filter(ip__startswith="127.20.").exists()
    assert Finding.objects.filter(organization=organization).exists()
    assert Evidence.objects.filter(inspection=inspection, kind="facts").exists()
