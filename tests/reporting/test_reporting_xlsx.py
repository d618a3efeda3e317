"""自查表 and 整改台账 .xlsx opened with openpyxl and checked against the input."""

from __future__ import annotations

from collections import Counter

import openpyxl
import pytest
from reporting_cases import big_outcome, manual_only_outcome, zero_findings_outcome

from zicha.reporting import from_outcome
from zicha.reporting.labels import AREA_NAMES, STATUS_NAMES
from zicha.reporting.ledger import LEDGER_COLUMNS
from zicha.reporting.xlsx import (
    CHECKLIST_COLUMNS,
    sheet_title,
    write_checklist_xlsx,
    write_ledger_xlsx,
)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    o = big_outcome(500, 20)
    data = from_outcome(o)
    d = tmp_path_factory.mktemp("xlsx")
    checklist = openpyxl.load_workbook(write_checklist_xlsx(data, d / "自查表.xlsx"))
    ledger = openpyxl.load_workbook(write_ledger_xlsx(data, d / "整改台账.xlsx"))
    return o, data, checklist, ledger


def _rows(ws, header_row):
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    return list(rows[0]), [r for r in rows[1:] if any(v is not None for v in r)]


def test_sheets_are_summary_plus_one_per_area(big):
    _, _, wb, _ = big
    assert wb.sheetnames == ["汇总", *AREA_NAMES.values()]


def test_every_result_is_a_row_with_its_labels(big):
    o, _data, wb, _ = big
    area_of = {c.id: c.area for c in o.checks.values()}
    total = 0
    for code, name in AREA_NAMES.items():
        ws = wb[name]
        header, rows = _rows(ws, 1)
        assert header == list(CHECKLIST_COLUMNS)
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref.startswith("A1:K")
        expected = [r for r in o.results if area_of[r.check_id] == code]
        if not expected:
            assert rows[0][3] == "本次未检查此项"
            continue
        assert len(rows) == len(expected)
        total += len(rows)
        assert Counter(r[8] for r in rows) == Counter(STATUS_NAMES[r.status.value]
                                                      for r in expected)
        assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
        assert {r[5] for r in rows} == {"自动"}
    assert total == len(o.results)


def test_failed_rows_carry_their_finding_number(big):
    _, data, wb, _ = big
    numbers = {f.number for f in data.findings}
    seen = set()
    for name in AREA_NAMES.values():
        _, rows = _rows(wb[name], 1)
        for r in rows:
            if r[8] == "不通过":
                assert r[10] in numbers
                seen.add(r[10])
            else:
                assert r[10] is None
    assert seen == numbers


def test_summary_counts_and_compliance(big):
    o, _data, wb, _ = big
    header, rows = _rows(wb["汇总"], 4)
    assert header[:3] == ["检查领域", "检查项", "资产"]
    total = next(r for r in rows if r[0] == "合计")
    c = o.counts()
    assert total[3:8] == (c["passed"], c["failed"], c["error"], c.get("manual", 0),
                          c["not_applicable"])
    assert total[9] == round(100 * c["passed"] / (c["passed"] + c["failed"] + c["error"]), 1)
    people = next(r for r in rows if r[0] == "人员与培训")
    assert people[9] == "未检查"


def test_ledger_has_every_failed_result(big):
    o, _data, _, wb = big
    ws = wb["整改台账"]
    header, rows = _rows(ws, 3)
    assert header == list(LEDGER_COLUMNS)
    assert ws.freeze_panes == "A4"
    failed = [r for r in o.results if r.status.value == "failed"]
    assert len(rows) == len(failed)
    names = {a.key: a.name for a in o.assets}
    assert Counter((r[5], r[2]) for r in rows) == Counter((names[r.asset], r.check_id)
                                                         for r in failed)
    assert {r[7] for r in rows} == {"待定"} and {r[8] for r in rows} == {"待定"}
    assert "待定" in {r[6] for r in rows}           # assets without a department
    assert {r[14] for r in rows} == {"新增"}


def test_chinese_font_and_widths(big):
    _, _, wb, _ = big
    ws = wb["临床内网工作站"]
    assert ws["A1"].font.name == "宋体" and ws["A1"].font.b
    assert ws["D2"].font.name == "宋体"
    assert ws.column_dimensions["J"].width >= 40


def test_manual_only_checklist(tmp_path):
    data = from_outcome(manual_only_outcome())
    wb = openpyxl.load_workbook(write_checklist_xlsx(data, tmp_path / "c.xlsx"))
    _, rows = _rows(wb["应急响应"], 1)
    (row,) = rows
    assert row[5] == "人工" and row[6] == "全院" and row[8] == "待确认"
    assert row[4] == "自查项 S30"
    _, rows = _rows(wb["人员与培训"], 1)
    assert rows[0][9].endswith("已查阅签到表")


def test_empty_ledger(tmp_path):
    data = from_outcome(zero_findings_outcome())
    wb = openpyxl.load_workbook(write_ledger_xlsx(data, tmp_path / "l.xlsx"))
    ws = wb.active
    assert "本次自查未发现需整改的问题。" in [c.value for c in ws[4]]


def test_sheet_title_rules():
    assert sheet_title("a/b:c*d?e[f]g\\h") == "a_b_c_d_e_f_g_h"
    assert len(sheet_title("检" * 40)) == 31
