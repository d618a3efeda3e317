"""audit_verify detects edited and removed events; an intact chain verifies."""

from __future__ import annotations

import itertools

from zicha.web.audit.models import AuditEvent
from zicha.web.audit.services import GENESIS, audit_record, audit_verify


def chain(n: int = 5) -> list[AuditEvent]:
    return [audit_record(actor=None, action="test.event", after={"n": i, "名称": "检验科"})
            for i in range(n)]


def test_empty_log_is_intact(db):
    result = audit_verify()
    assert result.ok and result.checked == 0


def test_intact_chain(db):
    events = chain()
    assert events[0].prev_hash == GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    result = audit_verify()
    assert result.ok and result.checked == 5 and result.first_bad_seq is None


def test_an_edited_after_is_reported_at_its_seq(db):
    events = chain()
    AuditEvent.objects.filter(seq=events[2].seq).update(after={"n": 99, "名称": "检验科"})
    result = audit_verify()
    assert not result.ok
    assert result.first_bad_seq == events[2].seq
    assert result.problem == "content was changed"
    assert result.checked == 3


def test_an_edited_actor_label_or_time_is_reported(db):
    events = chain()
    AuditEvent.objects.filter(seq=events[1].seq).update(actor_label="someone else")
    assert audit_verify().first_bad_seq == events[1].seq


def test_a_deleted_middle_event_breaks_the_link(db):
    events = chain()
    AuditEvent.objects.filter(seq=events[2].seq).delete()
    result = audit_verify()
    assert not result.ok
    assert result.first_bad_seq == events[3].seq
    assert result.problem.startswith("previous hash does not match")


def test_a_recomputed_hash_does_not_hide_an_edit(db):
    """Fixing up one row's own hash after editing it still breaks the next link."""
    from zicha.web.audit.services import event_hash

    events = chain()
    victim = AuditEvent.objects.get(seq=events[1].seq)
    victim.after = {"n": -1}
    AuditEvent.objects.filter(seq=victim.seq).update(after=victim.after,
                                                     hash=event_hash(victim.prev_hash, victim))
    assert audit_verify().first_bad_seq == events[2].seq
