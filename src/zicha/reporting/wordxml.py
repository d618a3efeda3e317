"""python-docx helpers for Chinese documents.

python-docx writes only ``w:ascii``/``w:hAnsi`` (no East-Asian API; python-docx
#154), so Chinese text would fall back to the theme font. Every style and
every run made here carries ``w:eastAsia`` explicitly, and theme attributes
are removed because Word lets them win (collection-parsing.md §5.1).

Big tables are written as one XML string and parsed once: thousands of rows
through ``table.add_row()`` / ``cell.text`` take seconds, the string takes
milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

__all__ = [
    "BODY_FONT",
    "HEADING_FONT",
    "LATIN_FONT",
    "add_page_break",
    "add_para",
    "add_table",
    "new_document",
    "set_cjk_font",
]

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "left": WD_ALIGN_PARAGRAPH.LEFT, None: None}

#: our paragraph styles: name → (font, size pt, bold, align, first-line indent, space before)
STYLES = {
    "zicha 封面标题": (HEADING_FONT, 26, False, "center", False, 18),
    "zicha 封面": (BODY_FONT, 16, False, "center", False, 12),
    "zicha 正文": (BODY_FONT, 12, False, None, True, 0),
    "医院撰写正文": (BODY_FONT, 12, False, None, True, 0),
    "zicha 小标题": (BODY_FONT, 12, True, None, False, 6),
    "zicha 图表标题": (HEADING_FONT, 10.5, False, "center", False, 3),
    "zicha 落款": (BODY_FONT, 12, False, "right", False, 0),
    "zicha 表格": (BODY_FONT, 10.5, False, None, False, 0),
}
PARA_STYLE = {"body": "zicha 正文", "title": "zicha 封面标题", "cover": "zicha 封面",
              "caption": "zicha 图表标题", "signature": "zicha 落款", "item": "zicha 小标题"}
HUMAN_STYLE = "医院撰写正文"


def clean(text: str) -> str:
    return _BAD_XML.sub("", text)


def set_cjk_font(target, east_asia: str = BODY_FONT, latin: str = LATIN_FONT) -> None:
    """Set Latin and East-Asian fonts on a style or run and drop theme fonts."""
    target.font.name = latin
    rfonts = target.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)
    for attr in THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)


def _page(doc: DocumentType, landscape: bool) -> None:
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        width, height = Mm(210), Mm(297)
        section.page_width, section.page_height = (height, width) if landscape else (width, height)
        # GB/T 9704 公文 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
        if landscape:
            section.top_margin, section.bottom_margin = Mm(25), Mm(25)
            section.left_margin, section.right_margin = Mm(20), Mm(20)
        else:
            section.top_margin, section.bottom_margin = Mm(37), Mm(35)
            section.left_margin, section.right_margin = Mm(28), Mm(26)
        section.footer_distance = Mm(15)


def text_width_twips(doc: DocumentType) -> int:
    s = doc.sections[0]
    return int((s.page_width - s.left_margin - s.right_margin) / 635)   # EMU → twips


def new_document(*, landscape: bool = False, title: str = "") -> DocumentType:
    doc = Document()
    _page(doc, landscape)
    styles = doc.styles
    normal = styles["Normal"]
    set_cjk_font(normal, BODY_FONT)
    normal.font.size = Pt(12)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    # docDefaults too, so runs outside our styles never fall back to the theme font
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            rf = rpr.find(qn("w:rFonts"))
            if rf is None:
                rf = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
                rpr.insert(0, rf)
            for attr in THEME_ATTRS:
                rf.attrib.pop(qn(attr), None)
            for attr, font in (("w:ascii", LATIN_FONT), ("w:hAnsi", LATIN_FONT),
                               ("w:eastAsia", BODY_FONT), ("w:cs", LATIN_FONT)):
                rf.set(qn(attr), font)
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = parse_xml(f"<w:lang {nsdecls('w')}/>")
                rpr.append(lang)
            lang.set(qn("w:val"), "en-US")
            lang.set(qn("w:eastAsia"), "zh-CN")
    for level, size in ((1, 16), (2, 14), (3, 12)):
        h = styles[f"Heading {level}"]
        set_cjk_font(h, HEADING_FONT)
        h.font.size = Pt(size)
        h.font.bold = False
        h.font.color.rgb = RGBColor(0, 0, 0)
        h.paragraph_format.space_before = Pt(12 if level == 1 else 6)
        h.paragraph_format.space_after = Pt(6 if level == 1 else 3)
        h.paragraph_format.line_spacing = 1.5
        h.paragraph_format.keep_with_next = True
    for name, (font, size, bold, align, indent, before) in STYLES.items():
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = normal
        set_cjk_font(st, font)
        st.font.size = Pt(size)
        st.font.bold = bold
        pf = st.paragraph_format
        pf.alignment = ALIGN[align]
        pf.first_line_indent = Pt(size * 2) if indent else None
        pf.space_before = Pt(before)
        if name == "zicha 表格":
            pf.line_spacing = 1.0
        if name == "zicha 图表标题":
            pf.keep_with_next = True
    if title:
        doc.core_properties.title = title
    doc.core_properties.author = "zicha"
    _footer(doc)
    return doc


def _run_xml(text: str, font: str = BODY_FONT, bold: bool = False, size: float | None = None) -> str:
    props = (f'<w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{font}" '
             f'w:cs="{LATIN_FONT}"/>' + ("<w:b/>" if bold else "")
             + (f'<w:sz w:val="{int(size * 2)}"/>' if size else ""))
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(clean(text))}</w:t></w:r>'


def _field_xml(instr: str) -> str:
    rpr = (f'<w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" '
           f'w:eastAsia="{BODY_FONT}" w:cs="{LATIN_FONT}"/></w:rPr>')
    return (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{rpr}<w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{rpr}<w:t>1</w:t></w:r>'
            f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')


def _footer(doc: DocumentType) -> None:
    """"第 X 页 共 Y 页" centred in every footer, with PAGE / NUMPAGES fields."""
    for section in doc.sections:
        section.different_first_page_header_footer = True   # no page number on the cover
        footer = section.footer
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        xml = (_run_xml("第 ") + _field_xml("PAGE") + _run_xml(" 页  共 ")
               + _field_xml("NUMPAGES") + _run_xml(" 页"))
        for el in parse_xml(f"<w:p {nsdecls('w')}>{xml}</w:p>"):
            p._p.append(el)


def add_para(doc: DocumentType, text: str, style: str = "zicha 正文", *,
             align: str | None = None, font: str | None = None, bold: bool | None = None):
    p = doc.add_paragraph(style=style)
    if align:
        p.alignment = ALIGN[align]
    run = p.add_run(clean(text))
    set_cjk_font(run, font or STYLES.get(style, (BODY_FONT,))[0])
    if bold is not None:
        run.bold = bold
    return p


def add_heading(doc: DocumentType, text: str, level: int):
    p = doc.add_paragraph(style=f"Heading {level}")
    run = p.add_run(clean(text))
    set_cjk_font(run, HEADING_FONT)
    return p


def add_page_break(doc: DocumentType) -> None:
    p = doc.add_paragraph()
    run = p.add_run()
    set_cjk_font(run, BODY_FONT)
    run.add_break(WD_BREAK.PAGE)


def add_picture(doc: DocumentType, png: bytes, width_mm: float = 150) -> None:
    import io

    doc.add_picture(io.BytesIO(png), width=Mm(width_mm))
    p = doc.paragraphs[-1]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = None
    p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.keep_with_next = True
    for run in p.runs:
        set_cjk_font(run, BODY_FONT)


def add_table(doc: DocumentType, header: Sequence[str], rows: Sequence[Sequence[str]],
              widths: Sequence[float] = (), *, font_size: float = 10.5,
              center_cols: Sequence[int] = ()) -> None:
    """A bordered table whose header row repeats on every page (w:tblHeader)."""
    total = text_width_twips(doc)
    ncol = len(header)
    rel = list(widths) if len(widths) == ncol else [1.0] * ncol
    tw = [int(total * w / sum(rel)) for w in rel]
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    parts = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(tw)}" w:type="dxa"/>'
             f'<w:jc w:val="center"/><w:tblBorders>{border}</w:tblBorders>'
             f'<w:tblLayout w:type="fixed"/>'
             f'<w:tblCellMar><w:left w:w="70" w:type="dxa"/><w:right w:w="70" w:type="dxa"/>'
             f'</w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
             f'w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
             "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in tw) + "</w:tblGrid>"]
    ppr = '<w:pPr><w:pStyle w:val="zicha"/>{jc}</w:pPr>'
    style_id = _style_id(doc, "zicha 表格")
    ppr = ppr.replace('w:val="zicha"', f'w:val="{style_id}"')

    def cell(text: str, width: int, *, head: bool, center: bool) -> str:
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/>' if head else ""
        jc = '<w:jc w:val="center"/>' if center else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}'
                f'<w:vAlign w:val="center"/></w:tcPr><w:p>{ppr.format(jc=jc)}'
                f'{_run_xml(text, HEADING_FONT if head else BODY_FONT, size=font_size)}'
                f'</w:p></w:tc>')

    parts.append('<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
                 + "".join(cell(h, w, head=True, center=True) for h, w in zip(header, tw, strict=False))
                 + "</w:tr>")
    centered = set(center_cols)
    for row in rows:
        parts.append('<w:tr><w:trPr><w:cantSplit/></w:trPr>'
                     + "".join(cell(str(v), w, head=False, center=i in centered)
                               for i, (v, w) in enumerate(zip(row, tw, strict=False)))
                     + "</w:tr>")
    parts.append("</w:tbl>")
    tbl = parse_xml("".join(parts))
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    # a small empty paragraph after the table keeps the next text off its bottom border
    spacer = parse_xml(f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" '
                       f'w:line="160" w:lineRule="exact"/></w:pPr></w:p>')
    for el in (tbl, spacer):
        if sect is not None:
            sect.addprevious(el)
        else:
            body.append(el)


def _style_id(doc: DocumentType, name: str) -> str:
    return doc.styles[name].style_id
