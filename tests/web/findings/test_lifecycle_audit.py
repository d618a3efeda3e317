"""Automatic verify / reopen by an inspection is audited per finding, in the hash chain."""

from __future__ import annotations

import pytest
from outcomes import A1, ASSET_KEYS, full_outcome

from zicha.web.audit.models import AuditEvent
from zicha.web.audit.services import audit_verify
from zicha.web.findings.models import Finding

pytestmark = pytest.mark.django_db


def test_each_automatic_transition_is_an_audit_event(store) -> None:
    key = ASSET_KEYS[0]
    store(full_outcome(day=1, overrides={(key, A1): "failed"}))
    finding = Finding.objects.get(check_id=A1, asset__ip=key.split(":", 1)[1])
    second = store(full_outcome(day=8, overrides={(key, A1): "passed"}))
    third = store(full_outcome(day=15, overrides={(key, A1): "failed"}))
    events = AuditEvent.objects.filter(action="finding.auto_transition",
                                       target_id=str(finding.pk)).order_by("seq")
    assert [(e.before["status"], e.after["status"], e.detail["inspection"]) for e in events] == \
        [("open", "verified", second.pk), ("verified", "open", third.pk)]
    assert audit_verify().ok
