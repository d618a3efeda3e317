"""整改台账: every finding with owner, deadline, status, measure and verification.

The same columns go to Excel (:mod:`zicha.reporting.xlsx`) and Word (here).
Unknown owners, departments and deadlines read 待定.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from zicha.reporting.compose import fmt_date
from zicha.reporting.labels import (
    CHANGE_NAMES,
    FINDING_STATUS_NAMES,
    MISSING,
    SEVERITY_NAMES,
    area_name,
    label,
)
from zicha.reporting.model import FindingRow, ReportData
from zicha.reporting.wordxml import add_para, add_table, new_document

__all__ = ["LEDGER_COLUMNS", "ledger_rows", "write_ledger_docx"]

LEDGER_COLUMNS = ("问题编号", "检查领域", "检查项编号", "问题", "风险等级", "资产", "科室", "责任人",
                  "整改期限", "状态", "整改措施", "验证情况", "首次发现", "最近发现", "变化")
WIDTHS = (1.3, 2.4, 3.0, 4.2, 1.3, 2.4, 1.8, 1.8, 2.4, 1.9, 5.0, 2.2, 2.5, 2.5, 1.3)


def _date(d) -> str:
    return d.isoformat() if d else MISSING


def ledger_rows(data: ReportData) -> list[list[str]]:
    rows = []
    for f in sorted(data.findings, key=lambda f: f.number):
        check = data.check(f.check_id)
        rows.append(_row(f, area_name(check.area) if check else ""))
    return rows


def _row(f: FindingRow, area: str) -> list[str]:
    return [str(f.number), area, f.check_id, f.title, label(SEVERITY_NAMES, f.severity),
            f.asset_name, f.department or MISSING, f.owner or MISSING, _date(f.due),
            label(FINDING_STATUS_NAMES, f.status), f.measure or MISSING, f.verification or "",
            _date(f.first_seen), _date(f.last_seen), label(CHANGE_NAMES, f.change)]


def summary_sentence(data: ReportData) -> str:
    status = Counter(f.status for f in data.findings)
    change = Counter(f.change for f in data.findings)
    st = "、".join(f"{label(FINDING_STATUS_NAMES, s)} {n} 项" for s, n in status.most_common())
    ch = "、".join(f"{CHANGE_NAMES[c]} {change[c]} 项" for c in ("new", "recurring", "fixed")
                  if change.get(c))
    no_owner = sum(1 for f in data.findings if f.is_open and not f.owner)
    no_due = sum(1 for f in data.findings if f.is_open and not f.due)
    return (f"共 {len(data.findings)} 项（{st or '无'}）；{ch or '无变化'}。"
            f"未落实责任人 {no_owner} 项、未定整改期限 {no_due} 项（表中记为“{MISSING}”）。")


def write_ledger_docx(data: ReportData, path: Path) -> Path:
    doc = new_document(landscape=True, title=f"{data.organization}网络安全整改台账")
    add_para(doc, f"{data.organization}网络安全问题整改台账", "zicha 封面标题")
    add_para(doc, f"{data.inspection_label}　检查期间：{fmt_date(data.period_start)} 至 "
                  f"{fmt_date(data.period_end)}　生成日期：{fmt_date(data.generated_at.date())}",
             "zicha 图表标题")
    add_para(doc, summary_sentence(data))
    if data.findings:
        add_table(doc, LEDGER_COLUMNS, ledger_rows(data), WIDTHS, font_size=9,
                  center_cols=(0, 4, 7, 8, 9, 12, 13, 14))
    else:
        add_para(doc, "本次自查未发现需整改的问题。")
    path = Path(path)
    doc.save(str(path))
    return path
