"""Writing and verifying the audit log. Services call ``audit_record`` explicitly."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from zicha.web.audit.models import AuditEvent

__all__ = ["GENESIS", "AuditVerification", "audit_record", "audit_record_many", "audit_verify",
           "event_hash"]

GENESIS = "0" * 64


def _canonical(event: AuditEvent) -> str:
    payload = {
        "at": event.at.isoformat(), "actor": event.actor_id, "actor_label": event.actor_label,
        "organization": event.organization_id, "action": event.action,
        "target_type": event.target_type, "target_id": event.target_id,
        "target_label": event.target_label, "before": event.before, "after": event.after,
        "detail": event.detail,
    }
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + "\n" + _canonical(event)).encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str)) if value is not None else None


def audit_record(*, actor: Any, action: str, target: models.Model | None = None,
                 organization: Any = None, before: dict[str, Any] | None = None,
                 after: dict[str, Any] | None = None,
                 detail: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event. Call inside the service's transaction so both commit together.

    ``action`` is a stable code such as ``finding.assign`` or ``account.login_failed``.
    The chain is extended under a lock on the last event (select_for_update on
    PostgreSQL; SQLite serialises writers with IMMEDIATE transactions).
    """
    with transaction.atomic():
        last = AuditEvent.objects.select_for_update().order_by("-seq").first()
        prev = last.hash if last else GENESIS
        actor_obj = actor if getattr(actor, "pk", None) else None
        if organization is None and target is not None:
            organization = getattr(target, "organization", None)
        event = AuditEvent(
            at=timezone.now(), actor=actor_obj,
            actor_label=str(getattr(actor, "username", None) or actor or "system"),
            organization=organization if getattr(organization, "pk", None) else None,
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            target_label=str(target)[:255] if target is not None else "",
            before=_jsonable(before), after=_jsonable(after), detail=_jsonable(detail),
            prev_hash=prev,
        )
        event.hash = event_hash(prev, event)
        event.save(force_insert=True)
        return event


def audit_record_many(*, actor: Any, action: str, organization: Any,
                      changes: list[tuple[models.Model, str, dict[str, Any], dict[str, Any]]],
                      detail: dict[str, Any] | None = None) -> int:
    """Append one event per (target, label, before, after) in bulk — e.g. the findings an
    inspection verified or reopened — chained exactly as ``audit_record`` would chain them
    one by one. The label is given so that no query runs per target."""
    if not changes:
        return 0
    with transaction.atomic():
        last = AuditEvent.objects.select_for_update().order_by("-seq").first()
        prev = last.hash if last else GENESIS
        actor_obj = actor if getattr(actor, "pk", None) else None
        label = str(getattr(actor, "username", None) or actor or "system")
        org = organization if getattr(organization, "pk", None) else None
        at = timezone.now()
        events = []
        for target, target_label, before, after in changes:
            event = AuditEvent(
                at=at, actor=actor_obj, actor_label=label, organization=org, action=action,
                target_type=target._meta.label_lower, target_id=str(target.pk),
                target_label=target_label[:255], before=_jsonable(before),
                after=_jsonable(after), detail=_jsonable(detail), prev_hash=prev)
            event.hash = event_hash(prev, event)
            prev = event.hash
            events.append(event)
        AuditEvent.objects.bulk_create(events, batch_size=500)
        return len(events)


@dataclass(frozen=True)
class AuditVerification:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str | None = None


def audit_verify() -> AuditVerification:
    """Walk the chain; report the first event whose link or content does not match."""
    prev = GENESIS
    count = 0
    expected_seq = None
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if event.prev_hash != prev:
            return AuditVerification(False, count, event.seq,
                                     "previous hash does not match: an event was removed or "
                                     "inserted before this one")
        if event_hash(prev, event) != event.hash:
            return AuditVerification(False, count, event.seq, "content was changed")
        prev = event.hash
        expected_seq = event.seq
    del expected_seq
    return AuditVerification(True, count)
