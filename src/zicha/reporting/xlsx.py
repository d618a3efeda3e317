"""自查表 and 整改台账 as Excel workbooks (openpyxl).

自查表: a 汇总 sheet (counts by area and status, compliance %) and one sheet
per area listing every check item × asset with its result, evidence and
finding number. 整改台账: every finding (columns in :mod:`.ledger`).
Frozen header, autofilter, column widths, Chinese sheet names, 宋体.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from pathlib import Path
from typing import ClassVar

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zicha.reporting.compose import fmt_date
from zicha.reporting.labels import (
    AREA_NAMES,
    KIND_NAMES,
    STATUS_NAMES,
    TO_CONFIRM,
    area_name,
    label,
    ref_label,
)
from zicha.reporting.ledger import LEDGER_COLUMNS, WIDTHS, ledger_rows, summary_sentence
from zicha.reporting.model import ReportData
from zicha.reporting.stats import compute, result_area

__all__ = ["CHECKLIST_COLUMNS", "sheet_title", "write_checklist_xlsx", "write_ledger_xlsx"]

CHECKLIST_COLUMNS = ("序号", "检查领域", "检查项编号", "检查项", "等保条款", "方法", "资产", "科室",
                     "结果", "证据摘要", "问题编号")
CHECKLIST_WIDTHS = (7, 14, 16, 36, 26, 7, 26, 12, 10, 60, 10)
RESULT_CHOICES = ("通过", "不通过", "不适用", TO_CONFIRM, "无法判定")
FONT = "宋体"
BODY = Font(name=FONT, size=10)
HEAD = Font(name=FONT, size=10, bold=True)
TITLE = Font(name=FONT, size=14, bold=True)
FILL = PatternFill("solid", fgColor="D9D9D9")
FAIL_FONT = Font(name=FONT, size=10, color="C00000", bold=True)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_title(name: str) -> str:
    """Excel sheet names: ≤ 31 characters, none of []:*?/\\."""
    return name.translate(_FORBIDDEN)[:31]


def _workbook(title: str) -> Workbook:
    # write-only: rows stream to disk; 20,000 rows take about a second instead of four
    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.creator = "zicha"
    return wb


class _Looks:
    """Cell looks, each styled once; cells copy the compact style array.

    Assigning Font/Alignment objects per cell hashes them every time (≈ 10 s for
    20,000 rows); copying openpyxl's per-cell style array (``_style``, a few
    integers) writes the same XML in a fraction of that.
    """

    SPECS: ClassVar[dict[str, tuple]] = {"wrap": (BODY, WRAP, None, BOX), "center": (BODY, CENTER, None, BOX),
             "fail": (FAIL_FONT, CENTER, None, BOX), "head": (HEAD, CENTER, FILL, BOX),
             "title": (TITLE, None, None, None), "text": (BODY, None, None, None),
             "total": (HEAD, CENTER, None, BOX)}

    def __init__(self, ws) -> None:
        self.ws = ws
        self.arrays = {}
        for key, (font, align, fill, border) in self.SPECS.items():
            cell = WriteOnlyCell(ws)
            cell.font = font
            if align is not None:
                cell.alignment = align
            if fill is not None:
                cell.fill = fill
            if border is not None:
                cell.border = border
            self.arrays[key] = cell._style

    def cell(self, value, look: str) -> WriteOnlyCell:
        c = WriteOnlyCell(self.ws, value)
        c._style = copy(self.arrays[look])
        return c


def _sheet(wb: Workbook, title: str, widths: Sequence[float], header_row: int) -> tuple:
    ws = wb.create_sheet(sheet_title(title))
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 9   # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return ws, _Looks(ws)


def _rows(ws, looks: _Looks, rows, *, centered: set[int], result_col: int | None = None,
          look: str | None = None) -> int:
    """Append rows; return how many."""
    n = 0
    for values in rows:
        cells = [looks.cell(v, look or ("center" if c in centered else "wrap"))
                 for c, v in enumerate(values, 1)]
        if result_col is not None and values[result_col - 1] == "不通过":
            cells[result_col - 1] = looks.cell(values[result_col - 1], "fail")
        ws.append(cells)
        n += 1
    return n


def _filter(ws, ncols: int, first: int, last: int) -> None:
    ws.auto_filter.ref = f"A{first}:{get_column_letter(ncols)}{max(last, first)}"


def _summary_sheet(wb: Workbook, data: ReportData) -> None:
    st = compute(data)
    cols = ("检查领域", "检查项", "资产", "通过", "不通过", "无法判定", TO_CONFIRM, "不适用", "合计",
            "符合率（%）")
    ws, looks = _sheet(wb, "汇总", (18, 8, 8, 8, 8, 10, 8, 8, 8, 12), header_row=4)
    ws.append([looks.cell(f"{data.organization}网络安全自查表", "title")])
    ws.append([looks.cell(
        f"{data.inspection_label}　检查期间：{fmt_date(data.period_start)} 至 "
        f"{fmt_date(data.period_end)}　检查人员：{'、'.join(data.inspectors) or '待定'}", "text")])
    ws.append([])
    ws.append([looks.cell(c, "head") for c in cols])
    rows = []
    for area, a in st.areas.items():
        if area not in AREA_NAMES and not a.checks:
            continue
        k = a.counts
        rows.append((area_name(area), sum(1 for c in a.checks if c.checked), len(a.assets),
                     k["passed"], k["failed"], k["error"], k["manual"], k["not_applicable"],
                     sum(k.values()), a.compliance if a.examined else "未检查"))
    n = _rows(ws, looks, rows, centered=set(range(2, 11)))
    k = st.counts
    assets = set().union(*(a.assets for a in st.areas.values())) if st.areas else set()
    _rows(ws, looks, [("合计", sum(1 for c in st.by_check.values() if c.checked), len(assets),
                       k["passed"], k["failed"], k["error"], k["manual"], k["not_applicable"],
                       sum(k.values()), st.compliance if st.compliance is not None else "—")],
          centered=set(), look="total")
    ws.append([])
    ws.append([looks.cell("符合率 = 通过 ÷（通过 + 不通过 + 无法判定）× 100；不适用与待确认不计入。",
                          "text")])
    _filter(ws, len(cols), 4, 4 + n + 1)


def _area_rows(data: ReportData, area: str, results: list):
    results = sorted(results, key=lambda r: (r.check_id, (data.asset(r.asset).name
                                                          if data.asset(r.asset) else r.asset or "")))
    if not results:
        yield ("", area_name(area), "", "本次未检查此项", "", "", "", "", "", "", "")
        return
    for i, r in enumerate(results, 1):
        check = data.check(r.check_id)
        asset = data.asset(r.asset)
        if asset is not None:
            asset_text = f"{asset.name}（{asset.ip}）" if asset.ip and asset.ip != asset.name \
                else asset.name
        else:
            asset_text = "全院" if r.asset is None else r.asset
        evidence = r.evidence
        if check and check.kind == "manual":
            ans = data.manual_answers.get(r.check_id)
            if ans is not None and ans.note:
                evidence = ans.note if not evidence else f"{evidence}；{ans.note}"
        yield (i, area_name(area), r.check_id, check.title_zh if check else r.check_id,
               "；".join(ref_label(x) for x in check.refs) if check else "",
               label(KIND_NAMES, check.kind if check else "auto"), asset_text,
               (asset.department if asset else None) or "", label(STATUS_NAMES, r.status),
               evidence, r.finding if r.finding is not None else "")


def write_checklist_xlsx(data: ReportData, path: Path) -> Path:
    wb = _workbook(f"{data.organization}网络安全自查表")
    _summary_sheet(wb, data)
    st = compute(data)
    by_area: dict[str, list] = {}
    for r in data.results:
        check = data.check(r.check_id)
        area = result_area(check, data.asset(r.asset)) if check else "other"
        by_area.setdefault(area, []).append(r)
    for area in (a for a in st.areas if a in AREA_NAMES or st.areas[a].checks):
        ws, looks = _sheet(wb, area_name(area), CHECKLIST_WIDTHS, header_row=1)
        dv = DataValidation(type="list", formula1='"' + ",".join(RESULT_CHOICES) + '"',
                            allow_blank=True, showErrorMessage=True,
                            errorTitle="结果", error="请选择：" + "、".join(RESULT_CHOICES))
        ws.data_validations.append(dv)
        ws.append([looks.cell(c, "head") for c in CHECKLIST_COLUMNS])
        n = _rows(ws, looks, _area_rows(data, area, by_area.get(area, [])),
                  centered={1, 6, 9, 11}, result_col=9)
        _filter(ws, len(CHECKLIST_COLUMNS), 1, n + 1)
        dv.add(f"I2:I{max(n + 1, 2)}")
    path = Path(path)
    wb.save(str(path))
    return path


def write_ledger_xlsx(data: ReportData, path: Path) -> Path:
    wb = _workbook(f"{data.organization}网络安全整改台账")
    ws, looks = _sheet(wb, "整改台账", [w * 5 for w in WIDTHS], header_row=3)
    ws.append([looks.cell(f"{data.organization}网络安全问题整改台账（{data.inspection_label}）",
                          "title")])
    ws.append([looks.cell(summary_sentence(data), "text")])
    ws.append([looks.cell(c, "head") for c in LEDGER_COLUMNS])
    rows = ([int(v) if i == 0 else v for i, v in enumerate(row)] for row in ledger_rows(data))
    n = _rows(ws, looks, rows, centered={1, 5, 8, 9, 10, 13, 14, 15})
    if not data.findings:
        ws.append(["", "", "", looks.cell("本次自查未发现需整改的问题。", "text")])
        n = 1
    _filter(ws, len(LEDGER_COLUMNS), 3, 3 + n)
    path = Path(path)
    wb.save(str(path))
    return path
