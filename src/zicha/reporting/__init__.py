"""Reporting: 自查报告 (.docx/.html/.pdf), 自查表 and 整改台账 (.xlsx/.docx), charts.

Everything is written from a :class:`~zicha.reporting.model.ReportData`; every
number in the output is computed from it (:mod:`zicha.reporting.stats`), none
is typed into a template. Engines never import Django; the web layer builds a
ReportData from stored rows and calls :func:`write_report_set`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from zicha.domain.errors import ZichaError
from zicha.reporting.model import ReportData, from_outcome

__all__ = ["FORMATS", "ReportData", "file_stem", "from_outcome", "write_report_set"]

FORMATS = ("docx", "xlsx", "html", "pdf")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_stem(kind: str, data: ReportData) -> str:
    """``自查报告-演示人民医院-2025-06-30``: safe on Windows and Linux."""
    org = _UNSAFE.sub("_", data.organization).strip(" ._") or "未命名单位"
    return f"{kind}-{org}-{data.period_end.isoformat()}"


def write_report_set(data: ReportData, out_dir: Path, *,
                     formats: Iterable[str] = FORMATS,
                     template: Path | None = None) -> dict[str, Path]:
    """Write the report set into ``out_dir`` and return the files by key.

    Keys: ``docx`` (自查报告), ``xlsx`` (自查表), ``ledger_xlsx`` / ``ledger_docx``
    (整改台账, written with xlsx / docx), ``html``, ``pdf``. ``template``: a hospital
    Word template filled through docxtpl instead of the built-in layout.
    """
    wanted = tuple(dict.fromkeys(formats))
    unknown = set(wanted) - set(FORMATS)
    if unknown:
        raise ZichaError(f"unknown report format(s): {', '.join(sorted(unknown))}",
                         code="report-format-unknown", hint=f"choose from {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    charts: dict[str, bytes] = {}
    if {"docx", "html", "pdf"} & set(wanted):
        from zicha.reporting.charts import render_charts

        charts = render_charts(data)
    report_docx = out / f"{file_stem('自查报告', data)}.docx"
    if "docx" in wanted or "pdf" in wanted:
        if template is not None:
            from zicha.reporting.template import render_template

            render_template(data, template, report_docx, charts=charts)
        else:
            from zicha.reporting.docx import write_docx

            write_docx(data, report_docx, charts=charts)
        files["docx"] = report_docx
    if "xlsx" in wanted:
        from zicha.reporting.xlsx import write_checklist_xlsx, write_ledger_xlsx

        files["xlsx"] = write_checklist_xlsx(data, out / f"{file_stem('自查表', data)}.xlsx")
        files["ledger_xlsx"] = write_ledger_xlsx(data, out / f"{file_stem('整改台账', data)}.xlsx")
    if "docx" in wanted:
        from zicha.reporting.ledger import write_ledger_docx

        files["ledger_docx"] = write_ledger_docx(data, out / f"{file_stem('整改台账', data)}.docx")
    if "html" in wanted:
        from zicha.reporting.html import write_html

        files["html"] = write_html(data, out / f"{file_stem('自查报告', data)}.html", charts=charts)
    if "pdf" in wanted:
        from zicha.reporting.pdf import docx_to_pdf

        files["pdf"] = docx_to_pdf(report_docx, out / f"{file_stem('自查报告', data)}.pdf")
        if "docx" not in wanted:
            report_docx.unlink(missing_ok=True)
            files.pop("docx", None)
    return files
