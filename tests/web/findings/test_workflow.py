"""The rectification lifecycle: assign, start, rectify, verified or reopened by the next
inspection; risk acceptance with approver and expiry; due dates from severity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from zicha.web.audit.models import AuditEvent
from zicha.web.audit.services import audit_verify
from zicha.web.findings.due import DUE_DAYS, default_due_date
from zicha.web.findings.models import Finding
from zicha.web.findings.workflow_services import (
    FindingWorkflowError,
    finding_accept_risk,
    finding_assign,
    finding_rectify,
    finding_start,
    findings_expire_risks,
)
from zicha.web.inventory.models import Department

from ..outcomes import ASSET_CHECKS, ASSETS, make_outcome, result

HIS = ASSETS[0].key
CHECK = ASSET_CHECKS[0]          # severity high


def inspect(store, status, day):
    return store(make_outcome([result(HIS, CHECK, status, severity="high")], checks=[CHECK],
                              day=day))


def the_finding():
    return Finding.objects.get(check_id=CHECK.id)


def today():
    return timezone.localdate()


def test_new_findings_get_the_default_due_date(store):
    first = inspect(store, "failed", 1)
    finding = the_finding()
    assert DUE_DAYS == {"critical": 7, "high": 15, "medium": 30, "low": 90, "info": 90}
    assert finding.due_date == timezone.localtime(first.finished_at).date() + dt.timedelta(days=15)


def test_due_days_are_configurable(settings):
    settings.ZICHA_FINDING_DUE_DAYS = {"high": 3}
    assert default_due_date(severity="high", opened=dt.date(2025, 1, 1)) == dt.date(2025, 1, 4)
    assert default_due_date(severity="low", opened=dt.date(2025, 1, 1)) == dt.date(2025, 4, 1)


def test_full_lifecycle(store, organization, inspector):
    """assign → in progress → rectified → the next inspection passes → verified;
    it fails again later → reopened. Every step is audited and the chain stays intact."""
    inspect(store, "failed", 1)
    finding = the_finding()
    it = Department.objects.create(organization=organization, name="设备科")
    due = today() + dt.timedelta(days=10)
    finding = finding_assign(finding=finding, actor=inspector, department=it,
                             owner_user=inspector, due_date=due)
    assert (finding.department, finding.owner_user, finding.due_date) == (it, inspector, due)
    assert finding.owner == inspector.username
    finding = finding_start(finding=finding, actor=inspector)
    assert finding.status == "in_progress"
    finding = finding_rectify(finding=finding, actor=inspector, note="已修改 PASS_MAX_DAYS")
    assert finding.status == "rectified" and finding.rectified_by == inspector

    second = inspect(store, "passed", 2)
    finding.refresh_from_db()
    assert finding.status == "verified" and finding.closed_at == second.finished_at

    inspect(store, "failed", 3)
    finding.refresh_from_db()
    assert finding.status == "open" and finding.closed_at is None
    actions = list(AuditEvent.objects.filter(target_type="findings.finding")
                   .values_list("action", flat=True))
    assert [a for a in actions if a != "finding.auto_transition"] == \
        ["finding.assign", "finding.start", "finding.rectify"]
    assert actions.count("finding.auto_transition") == 2      # verified, then reopened
    assert audit_verify().ok


def test_rectified_that_fails_again_reopens(store, inspector):
    inspect(store, "failed", 1)
    finding_rectify(finding=the_finding(), actor=inspector)
    inspect(store, "failed", 2)
    assert the_finding().status == "open"


@pytest.mark.parametrize(("start", "service"), [
    ("in_progress", finding_start), ("verified", finding_start),
    ("rectified", finding_rectify), ("risk_accepted", finding_rectify),
])
def test_transitions_are_validated(store, inspector, start, service):
    inspect(store, "failed", 1)
    Finding.objects.update(status=start)
    with pytest.raises(FindingWorkflowError) as exc:
        service(finding=the_finding(), actor=inspector)
    assert exc.value.code == "finding-transition"
    assert the_finding().status == start


def test_assign_refuses_foreign_department_and_past_due(store, inspector):
    from zicha.web.inventory.services import organization_get_or_create

    inspect(store, "failed", 1)
    other = organization_get_or_create(name="另一家医院", code="other")
    foreign = Department.objects.create(organization=other, name="外院科室")
    with pytest.raises(FindingWorkflowError) as exc:
        finding_assign(finding=the_finding(), actor=inspector, department=foreign)
    assert exc.value.code == "assign-department-foreign"
    with pytest.raises(FindingWorkflowError) as exc:
        finding_assign(finding=the_finding(), actor=inspector, department=None,
                       due_date=today() - dt.timedelta(days=1))
    assert exc.value.code == "assign-due-past"


class TestRiskAcceptance:
    @pytest.fixture
    def approver(self, make_user):
        return make_user("zhang-approver", "admin")

    def accept(self, finding, actor, default_approver, **kw):
        values = {"reason": "厂商 PACS 软件依赖 445 端口，已限制来源地址",
                  "expires_on": today() + dt.timedelta(days=90), "approver": default_approver}
        values.update(kw)
        return finding_accept_risk(finding=finding, actor=actor, **values)

    def test_accept_then_expire_reopens(self, store, inspector, approver):
        inspect(store, "failed", 1)
        finding = self.accept(the_finding(), inspector, approver)
        assert finding.status == "risk_accepted"
        assert (finding.risk_requested_by, finding.risk_approved_by) == (inspector, approver)
        inspect(store, "failed", 2)                       # accepted: stays accepted
        assert the_finding().status == "risk_accepted"
        assert findings_expire_risks(today=finding.risk_expires_on) == 0   # last valid day
        assert findings_expire_risks(today=finding.risk_expires_on + dt.timedelta(days=1)) == 1
        finding = the_finding()
        assert finding.status == "open"
        event = AuditEvent.objects.get(action="finding.risk_expired")
        assert event.actor is None and event.before["status"] == "risk_accepted"

    def test_expired_acceptance_is_reopened_by_the_next_inspection(self, store, inspector,
                                                                   approver):
        inspect(store, "failed", 1)
        self.accept(the_finding(), inspector, approver)
        Finding.objects.update(risk_expires_on=today() - dt.timedelta(days=1))
        third = inspect(store, "passed", 3)
        finding = the_finding()
        assert finding.status == "verified"               # expired → open → passed → verified
        assert AuditEvent.objects.get(action="inspection.store",
                                      target_id=str(third.pk)).detail[
            "risk_acceptances_expired"] == 1

    def test_daily_command(self, store, inspector, approver):
        inspect(store, "failed", 1)
        self.accept(the_finding(), inspector, approver)
        Finding.objects.update(risk_expires_on=today() - dt.timedelta(days=1))
        call_command("zicha_expire_risks", verbosity=0)
        assert the_finding().status == "open"

    @pytest.mark.parametrize(("kw", "code"), [
        ({"reason": "  "}, "risk-reason-missing"),
        ({"expires_on": None}, "risk-expiry-missing"),
        ({"expires_on": dt.date(2020, 1, 1)}, "risk-expiry-past"),
        ({"expires_on": "far"}, "risk-expiry-too-far"),
        ({"approver": None}, "risk-approver-missing"),
        ({"approver": "self"}, "risk-approver-self"),
        ({"approver": "head"}, "risk-approver-not-allowed"),
    ])
    def test_validation(self, store, inspector, approver, make_user, kw, code):
        kw = dict(kw)
        inspect(store, "failed", 1)
        if kw.get("expires_on") == "far":
            kw["expires_on"] = today() + dt.timedelta(days=366)
        if kw.get("approver") == "self":
            kw["approver"] = inspector
        if kw.get("approver") == "head":
            kw["approver"] = make_user("head", "department_head")
        with pytest.raises(FindingWorkflowError) as exc:
            self.accept(the_finding(), inspector, approver, **kw)
        assert exc.value.code == code
        assert the_finding().status == "open"

    def test_second_person_can_be_switched_off(self, store, inspector, settings):
        settings.ZICHA_RISK_SECOND_PERSON = False
        inspect(store, "failed", 1)
        assert self.accept(the_finding(), inspector, inspector).status == "risk_accepted"
