"""HTML, charts, the Word template, the report set and PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import warnings

import pytest
from docx import Document
from reporting_cases import ORG, big_outcome, workstation_outcome, zero_findings_outcome

from zicha.domain.errors import ZichaError
from zicha.reporting import charts as charts_mod
from zicha.reporting import from_outcome, write_report_set
from zicha.reporting.charts import ChartFontWarning, render_charts
from zicha.reporting.html import render_html
from zicha.reporting.labels import AREA_NAMES
from zicha.reporting.pdf import docx_to_pdf
from zicha.reporting.template import render_template

PNG = b"\x89PNG\r\n\x1a\n"


def test_html_is_self_contained_and_structured(narrative):
    data = from_outcome(workstation_outcome(), narrative=narrative)
    html = render_html(data, charts=render_charts(data))
    assert '<html lang="zh-Hans">' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert html.count('src="data:image/png;base64,') >= 3
    for heading in ("一、基本情况（检查范围）", "二、工作开展检查情况", "三、存在的风险和问题",
                    "四、与上次自查对比", "五、工作建议和今后计划"):
        assert f"<h1>{heading}</h1>" in html
    for i, name in enumerate(AREA_NAMES.values()):
        assert f"<h2>（{'一二三四五六七八'[i]}）{name}</h2>" in html
    assert '<p class="human">医院领导高度重视本次自查（人工撰写段落一）。</p>' in html
    assert "<thead>" in html


def test_html_escapes_text():
    o = workstation_outcome()
    o.organization = "<script>医院"
    html = render_html(from_outcome(o))
    assert "<script>医院" not in html and "&lt;script&gt;医院" in html


def test_charts_are_png():
    data = from_outcome(big_outcome(50, 20), previous=[big_outcome(50, 20)])
    charts = render_charts(data)
    assert set(charts) == {"compliance", "severity", "department", "trend"}
    assert all(v.startswith(PNG) for v in charts.values())


def test_charts_skip_what_has_no_data():
    assert set(render_charts(from_outcome(zero_findings_outcome()))) == {"compliance"}


def test_missing_cjk_font_warns_clearly(monkeypatch):
    charts_mod.cjk_font.cache_clear()
    monkeypatch.setattr(charts_mod, "CJK_FAMILIES", ("No Such Font CJK",))
    try:
        with pytest.warns(ChartFontWarning, match="fonts-noto-cjk"):
            assert charts_mod.cjk_font() is None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert render_charts(from_outcome(zero_findings_outcome()))["compliance"].startswith(PNG)
    finally:
        charts_mod.cjk_font.cache_clear()


def _template(path, body):
    doc = Document()
    for line in body:
        doc.add_paragraph(line)
    doc.save(str(path))
    return path


def test_hospital_template_gets_the_context(tmp_path, narrative):
    data = from_outcome(workstation_outcome(), narrative=narrative)
    tpl = _template(tmp_path / "t.docx", [
        "{{ organization }}（{{ reporting_unit }}）自查报告",
        "符合率 {{ totals.compliance }}，问题 {{ totals.open_findings }} 项",
        "{%p for a in areas %}",
        "{{ a.heading }}：{{ a.sentences[0] }}",
        "{%p endfor %}",
        "{%p for a in areas %}",
        "{{ a.heading }}",
        "{%p for s in a.sentences %}",
        "{{ s }}",
        "{%p endfor %}",
        "{%p endfor %}",
        "{{ charts.compliance }}",
        "{%p for r in risks %}",
        "{{ r.index }}. {{ r.problem }} 期限 {{ r.due }}",
        "{%p endfor %}",
    ])
    out = render_template(data, tpl, tmp_path / "out.docx", charts=render_charts(data))
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert len(doc.inline_shapes) == 1                 # the compliance chart
    assert "其中 10 台已关闭 3389、445 等高危端口" in text
    assert f"{ORG}（演示人民医院信息科）自查报告" in text
    open_f = sum(1 for f in data.findings if f.is_open)
    assert f"问题 {open_f} 项" in text
    assert "（三）临床内网工作站：共检查内网工作站 12 台" in text
    assert "（八）人员与培训：本次未检查此项。" in text
    assert "2. 仍开放 3389、445 等高危端口 期限 待定" in text
    assert "3. 不符合“自定义检查” 期限 待定" in text


def test_broken_template_is_reported(tmp_path):
    data = from_outcome(workstation_outcome())
    tpl = _template(tmp_path / "bad.docx", ["{% for x in %}"])
    with pytest.raises(ZichaError) as info:
        render_template(data, tpl, tmp_path / "o.docx")
    assert info.value.code == "template-invalid"
    not_docx = tmp_path / "x.docx"
    not_docx.write_text("not a zip")
    with pytest.raises(ZichaError):
        render_template(data, not_docx, tmp_path / "o.docx")


def test_report_set_file_names(tmp_path, narrative):
    data = from_outcome(workstation_outcome(), narrative=narrative)
    files = write_report_set(data, tmp_path, formats=("docx", "xlsx", "html"))
    assert {k: p.name for k, p in files.items()} == {
        "docx": "自查报告-演示人民医院-2025-06-30.docx",
        "xlsx": "自查表-演示人民医院-2025-06-30.xlsx",
        "ledger_xlsx": "整改台账-演示人民医院-2025-06-30.xlsx",
        "ledger_docx": "整改台账-演示人民医院-2025-06-30.docx",
        "html": "自查报告-演示人民医院-2025-06-30.html",
    }
    assert all(p.stat().st_size > 0 for p in files.values())


def test_report_set_rejects_unknown_format(tmp_path):
    with pytest.raises(ZichaError) as info:
        write_report_set(from_outcome(workstation_outcome()), tmp_path, formats=("odt",))
    assert info.value.code == "report-format-unknown"


def test_pdf_unavailable_without_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    docx = tmp_path / "a.docx"
    Document().save(str(docx))
    with pytest.raises(ZichaError) as info:
        docx_to_pdf(docx)
    assert info.value.code == "pdf-unavailable"
    assert "libreoffice-writer-nogui" in info.value.hint


@pytest.mark.pdf
def test_pdf_has_chinese_text(tmp_path, narrative):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: "
                    "apt-get install libreoffice-writer-nogui fonts-noto-cjk")
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftotext, pdftoppm) is not installed")
    data = from_outcome(workstation_outcome(), narrative=narrative)
    files = write_report_set(data, tmp_path, formats=("pdf",))
    assert set(files) == {"pdf"}
    pdf = files["pdf"]
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not list(tmp_path.glob("*.docx"))        # only asked for PDF
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          check=True, timeout=60).stdout.decode("utf-8")
    assert "自查报告" in text and ORG in text
    assert "共检查内网工作站 12 台" in text
    subprocess.run(["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf),
                    str(tmp_path / "page")], check=True, timeout=60)
    (png,) = tmp_path.glob("page*.png")
    assert png.read_bytes().startswith(PNG) and png.stat().st_size > 5_000
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, timeout=60).stdout
    assert b"CJK" in fonts
