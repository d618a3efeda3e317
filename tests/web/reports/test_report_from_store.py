"""The report is computed from stored rows: numbers match the database, owners come from
the ledger, and earlier inspections feed the comparison."""

from __future__ import annotations

from collections import Counter

import docx
import openpyxl
import pytest
from outcomes import ASSET_CHECKS, ASSET_KEYS, full_outcome

from zicha.reporting import write_report_set
from zicha.reporting.stats import compute
from zicha.web.findings.models import Finding
from zicha.web.inspections.models import CheckResult
from zicha.web.reports.selectors import report_data_for

pytestmark = pytest.mark.django_db


def test_counts_come_from_the_stored_results(store) -> None:
    inspection = store(full_outcome(day=1))
    data = report_data_for(inspection)
    stored = Counter(CheckResult.objects.filter(inspection=inspection)
                     .values_list("status", flat=True))
    assert Counter(r.status for r in data.results) == stored
    assert compute(data).counts == stored
    failed = stored["failed"]
    assert len([f for f in data.findings if f.change != "fixed"]) == failed


def test_ledger_owner_department_and_due_date_reach_the_report(store, tmp_path) -> None:
    import datetime as dt

    inspection = store(full_outcome(day=1))
    finding = Finding.objects.filter(organization=inspection.organization).first()
    finding.owner, finding.due_date = "张某某", dt.date(2025, 4, 30)
    finding.save(update_fields=["owner", "due_date"])
    data = report_data_for(inspection)
    row = next(f for f in data.findings if f.check_id == finding.check_id and
               f.asset_name == finding.asset.name)
    assert (row.owner, row.due) == ("张某某", dt.date(2025, 4, 30))
    others = [f for f in data.findings if f is not row]
    assert all(f.owner is None for f in others)        # shown as 待定

    files = write_report_set(data, tmp_path, formats=("docx", "xlsx"))
    text = "\n".join(p.text for p in docx.Document(files["docx"]).paragraphs)
    assert "待定" in text
    ledger = openpyxl.load_workbook(files["ledger_xlsx"])
    cells = [c.value for ws in ledger.worksheets for r in ws.iter_rows() for c in r]
    assert "张某某" in cells


def test_second_inspection_reports_fixed_and_recurring(store) -> None:
    first = full_outcome(day=1)
    fail_pairs = [(r.asset, r.check_id) for r in first.results if r.status.value == "failed"]
    fixed, recurring = fail_pairs[0], fail_pairs[1]
    store(first)
    second = store(full_outcome(day=8, overrides={fixed: "passed", recurring: "failed"}))
    data = report_data_for(second)
    changes = {(f.check_id, f.change) for f in data.findings}
    assert (fixed[1], "fixed") in changes
    assert (recurring[1], "recurring") in changes
    assert len(data.previous) == 1 and sum(data.previous[0].counts.values()) == len(first.results)
    assert ASSET_KEYS and ASSET_CHECKS
