"""Exporting audit events: CSV for Excel (UTF-8 with BOM, Chinese headers) and JSON lines.

Both stream: an export of the whole log never sits in memory. JSON lines carry
every field needed to re-run the hash chain check outside zicha (``at`` in UTC
ISO form, as hashed); the CSV is for people.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from zicha.web.audit.actions import action_label
from zicha.web.audit.models import AuditEvent

__all__ = ["BOM", "csv_rows", "jsonl_rows"]

BOM = "\ufeff"
CHUNK = 2000


class _Echo:
    def write(self, value: str) -> str:
        return value


def _json(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def csv_rows(events: Iterable[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow([
        _("Sequence"), _("Time"), _("Who"), _("Organization"), _("Action code"), _("Action"),
        _("Object type"), _("Object id"), _("Object"), _("Before"), _("After"), _("Detail"),
        _("Hash"), _("Previous hash"),
    ])
    for e in events:
        yield writer.writerow([
            e.seq, timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_label,
            str(e.organization) if e.organization_id else "", e.action, action_label(e.action),
            e.target_type, e.target_id, e.target_label, _json(e.before), _json(e.after),
            _json(e.detail), e.hash, e.prev_hash,
        ])


def jsonl_rows(events: Iterable[AuditEvent]) -> Iterator[str]:
    for e in events:
        yield json.dumps({
            "seq": e.seq, "at": e.at.isoformat(), "actor": e.actor_id,
            "actor_label": e.actor_label, "organization": e.organization_id,
            "action": e.action, "target_type": e.target_type, "target_id": e.target_id,
            "target_label": e.target_label, "before": e.before, "after": e.after,
            "detail": e.detail, "prev_hash": e.prev_hash, "hash": e.hash,
        }, ensure_ascii=False, default=str) + "\n"
