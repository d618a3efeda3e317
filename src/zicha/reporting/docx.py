"""自查报告 (.docx) with python-docx, drawn from the composed blocks.

Chinese typography: 宋体 body and 黑体 headings as East-Asian fonts on every
style and every run, 一、（一）1. numbering written as text (it survives any
template and copy-paste), table header rows repeat across pages, page numbers
in the footer, A4 with 公文 margins. An optional hospital Word template is
filled through docxtpl instead (see :mod:`zicha.reporting.template`).
"""

from __future__ import annotations

from pathlib import Path

from docx.shared import Pt

from zicha.reporting.compose import Chart, Heading, PageBreak, Para, Table, compose
from zicha.reporting.model import ReportData
from zicha.reporting.wordxml import (
    HUMAN_STYLE,
    PARA_STYLE,
    add_heading,
    add_page_break,
    add_para,
    add_picture,
    add_table,
    new_document,
)

__all__ = ["render_blocks", "write_docx"]


def render_blocks(doc, blocks, charts: dict[str, bytes], *, cover: bool = True) -> None:
    first_title = cover
    for block in blocks:
        if isinstance(block, Heading):
            add_heading(doc, block.text, block.level)
        elif isinstance(block, Para):
            style = HUMAN_STYLE if block.human else PARA_STYLE.get(block.style, "zicha 正文")
            p = add_para(doc, block.text, style, align=block.align)
            if block.style == "title" and first_title:
                p.paragraph_format.space_before = Pt(110)
                first_title = False
        elif isinstance(block, Table):
            if block.caption:
                add_para(doc, block.caption, "zicha 图表标题")
            numeric = [i for i, h in enumerate(block.header)
                       if all(_short(r[i]) for r in block.rows[:50])]
            add_table(doc, block.header, block.rows, block.widths, center_cols=numeric)
        elif isinstance(block, Chart):
            png = charts.get(block.key)
            if png:
                add_picture(doc, png)
                cap = add_para(doc, block.caption, "zicha 图表标题")
                cap.paragraph_format.keep_with_next = False   # a figure's caption sits below it
        elif isinstance(block, PageBreak):
            add_page_break(doc)


def _short(value: str) -> bool:
    return len(value) <= 8


def write_docx(data: ReportData, path: Path, *, charts: dict[str, bytes] | None = None) -> Path:
    charts = charts or {}
    doc = new_document(title=f"{data.organization}网络安全自查报告")
    doc.core_properties.subject = data.inspection_label
    doc.core_properties.created = data.generated_at
    render_blocks(doc, compose(data, set(charts)), charts)
    path = Path(path)
    doc.save(str(path))
    return path
