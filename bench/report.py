"""Benchmark: the report set for 5,000 assets and 20,000 results.

Budget (issue "The report"): 自查报告 .docx + 自查表 .xlsx ≤ 10 s. The 整改台账
(.xlsx and .docx), charts and HTML are timed as well. Peers measured in the
same run, on the same rows: the plain-library way of writing them
(openpyxl with Font/Alignment objects per cell; python-docx ``add_row`` and
``cell.text`` for the ledger table) — the ratio shows what the faster paths
in zicha.reporting buy.

    cd /work/main && PYTHONPATH=src .venv/bin/python bench/report.py [--assets N]
        [--results N] [--no-peer] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zicha.reporting import from_outcome
from zicha.reporting.charts import render_charts
from zicha.reporting.docx import write_docx
from zicha.reporting.html import write_html
from zicha.reporting.ledger import LEDGER_COLUMNS, ledger_rows, write_ledger_docx
from zicha.reporting.sample import sample_narrative, sample_outcome
from zicha.reporting.xlsx import CHECKLIST_COLUMNS, write_checklist_xlsx, write_ledger_xlsx

BUDGET_S = 10.0


def pad(text: str, width: int) -> str:
    """Left-justify counting CJK characters as two columns."""
    cols = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - cols)


def timed(label: str, fn: Callable[[], Any], rows: list[tuple[str, float]]) -> Any:
    t0 = time.perf_counter()
    value = fn()
    rows.append((label, time.perf_counter() - t0))
    return value


def peer_openpyxl(data, path: Path) -> None:
    """The obvious openpyxl code: one sheet, Font/Alignment objects on every cell."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.append(list(CHECKLIST_COLUMNS))
    for i, r in enumerate(data.results, 2):
        check = data.check(r.check_id)
        asset = data.asset(r.asset)
        values = [i - 1, check.area if check else "", r.check_id,
                  check.title_zh if check else "", "；".join(check.refs) if check else "",
                  check.kind if check else "", asset.name if asset else "全院",
                  (asset.department if asset else "") or "", r.status, r.evidence, r.finding]
        for c, v in enumerate(values, 1):
            cell = ws.cell(row=i, column=c, value=v)
            cell.font = Font(name="宋体", size=10)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    wb.save(str(path))


def peer_docx_table(data, path: Path) -> None:
    """The obvious python-docx code for the ledger table: add_row + cell.text."""
    from docx import Document

    doc = Document()
    rows = ledger_rows(data)
    table = doc.add_table(rows=1, cols=len(LEDGER_COLUMNS))
    for cell, name in zip(table.rows[0].cells, LEDGER_COLUMNS, strict=True):
        cell.text = name
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    doc.save(str(path))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assets", type=int, default=5000)
    ap.add_argument("--results", type=int, default=20000)
    ap.add_argument("--no-peer", action="store_true", help="skip the plain-library peers")
    ap.add_argument("--keep", type=Path, help="write the files here instead of a temp dir")
    args = ap.parse_args(argv)

    rows: list[tuple[str, float]] = []
    out = args.keep or Path(tempfile.mkdtemp(prefix="zicha-bench-report-"))
    out.mkdir(parents=True, exist_ok=True)
    outcome = timed("synthetic outcome", lambda: sample_outcome(
        args.assets, max_results=args.results), rows)
    previous = sample_outcome(args.assets, seed=2, max_results=args.results,
                              finished=dt.date(2025, 3, 31))
    data = timed("ReportData (from_outcome)", lambda: from_outcome(
        outcome, narrative=sample_narrative(), previous=[previous]), rows)
    charts = timed("charts", lambda: render_charts(data), rows)
    timed("自查报告 .docx", lambda: write_docx(data, out / "report.docx", charts=charts), rows)
    timed("自查表 .xlsx", lambda: write_checklist_xlsx(data, out / "checklist.xlsx"), rows)
    timed("整改台账 .xlsx", lambda: write_ledger_xlsx(data, out / "ledger.xlsx"), rows)
    timed("整改台账 .docx", lambda: write_ledger_docx(data, out / "ledger.docx"), rows)
    timed("自查报告 .html", lambda: write_html(data, out / "report.html", charts=charts), rows)

    times = dict(rows)
    budget = (times["ReportData (from_outcome)"] + times["charts"]
              + times["自查报告 .docx"] + times["自查表 .xlsx"])
    print(f"assets {len(data.assets):,}  results {len(data.results):,}  "
          f"findings {len(data.findings):,}  charts {len(charts)}  → {out}")
    for label, seconds in rows:
        print(f"  {pad(label, 34)} {seconds:7.2f} s")
    print(f"  {pad('docx + xlsx (with model, charts)', 34)} {budget:7.2f} s   budget {BUDGET_S:.0f} s "
          f"{'OK' if budget <= BUDGET_S else 'OVER'}")
    if not args.no_peer:
        t0 = time.perf_counter()
        peer_openpyxl(data, out / "peer.xlsx")
        px = time.perf_counter() - t0
        t0 = time.perf_counter()
        peer_docx_table(data, out / "peer-ledger.docx")
        pd = time.perf_counter() - t0
        print("peers (same rows, same run):")
        print(f"  {pad('openpyxl, styled per cell', 34)} {px:7.2f} s   zicha 自查表 is "
              f"{px / times['自查表 .xlsx']:.1f}× faster")
        print(f"  {pad('python-docx add_row ledger', 34)} {pd:7.2f} s   zicha 整改台账 .docx is "
              f"{pd / times['整改台账 .docx']:.1f}× faster")
    return 0 if budget <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
