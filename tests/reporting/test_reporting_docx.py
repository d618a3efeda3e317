"""自查报告 .docx and 整改台账 .docx opened with python-docx and checked against the input."""

from __future__ import annotations

import re
import zipfile
from collections import Counter

import pytest
from docx import Document
from docx.oxml.ns import qn
from reporting_cases import (
    ORG,
    big_outcome,
    manual_only_outcome,
    workstation_outcome,
    zero_findings_outcome,
)

from zicha.reporting import from_outcome
from zicha.reporting.charts import render_charts
from zicha.reporting.docx import write_docx
from zicha.reporting.labels import AREA_NAMES
from zicha.reporting.ledger import LEDGER_COLUMNS, write_ledger_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SECTIONS = ["一、基本情况（检查范围）", "二、工作开展检查情况", "三、存在的风险和问题",
            "四、与上次自查对比", "五、工作建议和今后计划"]


def _write(tmp_path, data, charts=True, name="r.docx"):
    path = tmp_path / name
    write_docx(data, path, charts=render_charts(data) if charts else {})
    return path, Document(str(path))


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def _parts(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()
                if n.startswith("word/") and n.endswith(".xml")}


@pytest.fixture
def ws_report(tmp_path, narrative):
    data = from_outcome(workstation_outcome(open_rdp=2, win7=2, n=12), narrative=narrative)
    path, doc = _write(tmp_path, data)
    return data, path, doc


def test_sections_in_order_with_every_area(ws_report):
    _, _, doc = ws_report
    h1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert h1 == SECTIONS
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    numerals = "一二三四五六七八"
    assert h2 == [f"（{numerals[i]}）{name}" for i, name in enumerate(AREA_NAMES.values())]


def test_cover_and_numbers(ws_report):
    data, _, doc = ws_report
    text = _text(doc)
    assert doc.paragraphs[0].text == ORG and doc.paragraphs[1].text == "网络安全自查报告"
    assert "检查期间：2025年6月25日 至 2025年6月30日" in text
    assert "共检查内网工作站 12 台" in text
    assert "其中 10 台已关闭 3389、445 等高危端口" in text
    assert "发现 2 台仍在使用已停止支持的操作系统" in text
    open_f = [f for f in data.findings if f.is_open]
    assert f"本次自查发现待整改问题 {len(open_f)} 项" in text
    # 待定: owners and deadlines are unknown when the ledger is derived
    assert "责任人：待定；整改期限：待定" in text


def test_area_table_counts_equal_the_results(ws_report):
    data, _, doc = ws_report
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "检查领域")
    row = next(r for r in table.rows if r.cells[0].text == "临床内网工作站")
    c = Counter(r.status for r in data.results)
    cells = [x.text for x in row.cells]
    assert cells[1:8] == ["3", "12", str(c["passed"]), str(c["failed"]), str(c["error"]),
                          str(c["manual"]), str(c["not_applicable"])]
    other = next(r for r in table.rows if r.cells[0].text == "日志")
    assert other.cells[-1].text == "未检查"


def test_areas_not_checked_say_so(ws_report):
    _, _, doc = ws_report
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        if p.style.name == "Heading 2" and not p.text.endswith("临床内网工作站"):
            assert paras[i + 1].text == "本次未检查此项。", p.text


def test_every_run_has_an_east_asian_font(ws_report):
    _, path, _ = ws_report
    runs = 0
    for name, xml in _parts(path).items():
        if not (name == "word/document.xml" or "footer" in name or "header" in name):
            continue
        for run in re.findall(rb"<w:r>.*?</w:r>|<w:r .*?</w:r>", xml, flags=re.S):
            runs += 1
            assert re.search(rb'<w:rFonts [^>]*w:eastAsia="[^"]+"', run), (name, run[:200])
    assert runs > 100


def test_styles_carry_east_asian_fonts_without_theme(ws_report):
    _, _, doc = ws_report
    for name, font in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Heading 2", "黑体"),
                       ("医院撰写正文", "宋体")):
        rfonts = doc.styles[name].element.rPr.rFonts
        assert rfonts.get(qn("w:eastAsia")) == font
        assert rfonts.get(qn("w:asciiTheme")) is None and rfonts.get(qn("w:eastAsiaTheme")) is None


def test_tables_repeat_header_rows(ws_report):
    _, _, doc = ws_report
    assert len(doc.tables) >= 3
    for t in doc.tables:
        tr_pr = t.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        assert t.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None


def test_page_setup_and_page_number_field(ws_report):
    _, path, doc = ws_report
    s = doc.sections[0]
    mm = [round(x.mm) for x in (s.page_width, s.page_height, s.top_margin, s.bottom_margin,
                                s.left_margin, s.right_margin)]
    assert mm == [210, 297, 37, 35, 28, 26]
    footers = b"".join(x for n, x in _parts(path).items() if "footer" in n)
    assert b" PAGE " in footers and b"NUMPAGES" in footers


def test_human_paragraphs_are_kept_apart(ws_report):
    _, _, doc = ws_report
    human = [p.text for p in doc.paragraphs if p.style.name == "医院撰写正文"]
    assert human == ["医院领导高度重视本次自查（人工撰写段落一）。", "工作站补充说明（人工撰写段落三）。",
                     "下一阶段将逐步淘汰老旧工作站（人工撰写段落二）。"]
    generated = [p.text for p in doc.paragraphs if p.style.name == "zicha 正文"]
    assert not any("人工撰写" in t for t in generated)


def test_charts_are_embedded(ws_report):
    _, path, _ = ws_report
    with zipfile.ZipFile(path) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert len(media) >= 3      # compliance, severity, department


def test_zero_findings(tmp_path):
    data = from_outcome(zero_findings_outcome())
    _, doc = _write(tmp_path, data)
    text = _text(doc)
    assert "本次自查未发现不符合项。" in text
    assert "本次自查未发现需整改的问题" in text
    assert "5 台均已禁用 USB 存储设备" in text
    assert "信息系统及等保定级情况：待确认" in text


def test_only_manual_items(tmp_path):
    data = from_outcome(manual_only_outcome())
    _, doc = _write(tmp_path, data)
    text = _text(doc)
    assert "已制定应急预案并开展演练：待确认。" in text
    assert "另有人工检查项 1 项待确认" in text
    assert "共涉及资产 0 台" in text
    assert "负责人：待定" in text


def test_thousands_of_results(tmp_path):
    o = big_outcome(500, 20)
    data = from_outcome(o)
    _, doc = _write(tmp_path, data)
    failed = sum(1 for r in o.results if r.status.value == "failed")
    text = _text(doc)
    assert f"本次自查发现待整改问题 {failed} 项" in text
    assert f"形成检查结果 {len(o.results)} 项次" in text
    summary = next(t for t in doc.tables if t.rows[0].cells[0].text == "序号"
                   and t.rows[0].cells[1].text == "问题")
    assert sum(int(r.cells[3].text) for r in summary.rows[1:]) == failed
    # 人员与培训 has no checks at all
    assert "本次未检查此项。" in text


def test_ledger_docx_has_every_finding(tmp_path):
    data = from_outcome(big_outcome(60, 10))
    path = write_ledger_docx(data, tmp_path / "ledger.docx")
    doc = Document(str(path))
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == list(LEDGER_COLUMNS)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [int(r[0]) for r in rows] == [f.number for f in data.findings]
    assert all(r[7] == "待定" and r[8] == "待定" for r in rows)
    assert {r[14] for r in rows} == {"新增"}
    assert doc.sections[0].page_width > doc.sections[0].page_height     # landscape
