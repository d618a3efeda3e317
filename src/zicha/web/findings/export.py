"""The rectification ledger (整改台账) as CSV or .xlsx (openpyxl, write-only mode)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zicha.web.findings.choices import ACTIVE_STATUSES
from zicha.web.findings.due import local_date
from zicha.web.findings.models import Finding
from zicha.web.findings.selectors import finding_check_titles

__all__ = ["ledger_csv", "ledger_rows", "ledger_xlsx"]


def _headers() -> list[str]:
    return [_("No."), _("Check"), _("Title"), _("Asset"), _("IP address"), _("Zone"),
            _("Department"), _("Severity"), _("Status"), _("Owner"), _("Due date"),
            _("Overdue"), _("Opened at"), _("Closed at"), _("Risk acceptance reason"),
            _("Accepted until"), _("Approved by")]


def ledger_rows(findings: QuerySet[Finding]) -> Iterator[list[Any]]:
    """One list per finding, in the order of ``findings`` (header row first)."""
    from zicha.web.inspections.templatetags.zicha_text import localized

    yield _headers()
    rows = list(findings.select_related("asset", "asset__zone", "department",
                                        "risk_approved_by"))
    titles = finding_check_titles(check_ids={f.check_id for f in rows})
    today = local_date()
    for f in rows:
        overdue = bool(f.due_date and f.status in ACTIVE_STATUSES and f.due_date < today)
        yield [f.pk, f.check_id, localized(titles.get(f.check_id)),
               f.asset.name if f.asset else _("Organization"),
               (f.asset.ip or "") if f.asset else "",
               str(f.asset.zone) if f.asset and f.asset.zone else "",
               str(f.department) if f.department else "", f.get_severity_display(),
               f.get_status_display(), f.owner, f.due_date or "",
               _("yes") if overdue else "", _local(f.opened_at), _local(f.closed_at),
               f.risk_reason, f.risk_expires_on or "",
               str(f.risk_approved_by) if f.risk_approved_by else ""]


def _local(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def ledger_csv(rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 with BOM, so Excel on Chinese Windows opens it correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas in text cells (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def ledger_xlsx(rows: Iterable[list[Any]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Rectification ledger"))
    for row in rows:
        sheet.append([_safe(v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
