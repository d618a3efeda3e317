"""A self-contained HTML report: inline CSS, charts as data: URIs, zh-hans.

Drawn from the same blocks as the Word report, so both say the same thing.
Human paragraphs from the narrative file carry ``class="human"``.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from zicha.reporting.compose import Chart, Heading, PageBreak, Para, Table, compose
from zicha.reporting.model import ReportData

__all__ = ["render_html", "write_html"]

CSS = """
:root { --ink: #1a1a1a; --muted: #666; --line: #999; --head: #e6e6e6; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #f4f4f4;
  font: 16px/1.8 "Noto Serif CJK SC", "Source Han Serif SC", SimSun, "宋体", serif; }
main { max-width: 210mm; margin: 24px auto; background: #fff; padding: 28mm 26mm 30mm 28mm;
  box-shadow: 0 1px 4px rgba(0,0,0,.15); }
h1, h2, .title, caption, .caption, th { font-family: "Noto Sans CJK SC", "Source Han Sans SC",
  SimHei, "黑体", sans-serif; font-weight: normal; }
h1 { font-size: 21px; margin: 1.6em 0 .5em; }
h2 { font-size: 18px; margin: 1.2em 0 .4em; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.title { text-indent: 0; text-align: center; font-size: 30px; line-height: 1.6; }
p.title + p.title { margin-bottom: 2.5em; }
p.cover { text-indent: 0; text-align: center; font-size: 18px; }
p.item { text-indent: 0; font-weight: bold; margin-top: .4em; }
p.signature { text-indent: 0; text-align: right; }
p.signature:first-of-type { margin-top: 2em; }
p.human { border-left: 3px solid #c9c9c9; padding-left: .6em; margin-left: -.9em; }
.pagebreak { border: 0; border-top: 1px dashed #ccc; margin: 3em 0; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 1em; font-size: 14px;
  line-height: 1.5; }
caption, .caption { font-size: 14px; padding: .4em 0 .2em; text-align: center; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: middle; }
th { background: var(--head); }
td.n { text-align: center; white-space: nowrap; }
figure { margin: .8em 0; text-align: center; }
figure img { max-width: 100%; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 3em; }
@media print { body { background: #fff; } main { box-shadow: none; margin: 0; padding: 0; }
  .pagebreak { page-break-after: always; border: 0; margin: 0; }
  thead { display: table-header-group; } }
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
"""


def _block(block, charts: dict[str, bytes]) -> str:
    if isinstance(block, Heading):
        tag = "h1" if block.level == 1 else "h2"
        return f"<{tag}>{escape(block.text)}</{tag}>"
    if isinstance(block, Para):
        classes = [block.style] if block.style != "body" else []
        if block.human:
            classes.append("human")
        cls = f' class="{" ".join(classes)}"' if classes else ""
        return f"<p{cls}>{escape(block.text)}</p>"
    if isinstance(block, Table):
        numeric = {i for i in range(len(block.header))
                   if all(len(r[i]) <= 8 for r in block.rows[:50])}
        head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
        body = "\n".join(
            "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{escape(str(v))}</td>'
                             for i, v in enumerate(row)) + "</tr>"
            for row in block.rows)
        caption = f"<caption>{escape(block.caption)}</caption>" if block.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>"
    if isinstance(block, Chart):
        png = charts.get(block.key)
        if not png:
            return ""
        uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        return (f'<figure><img src="{uri}" alt="{escape(block.caption)}">'
                f'<figcaption class="caption">{escape(block.caption)}</figcaption></figure>')
    if isinstance(block, PageBreak):
        return '<hr class="pagebreak">'
    return ""


def render_html(data: ReportData, *, charts: dict[str, bytes] | None = None) -> str:
    charts = charts or {}
    blocks = compose(data, set(charts))
    body = "\n".join(_block(b, charts) for b in blocks)
    title = escape(f"{data.organization}网络安全自查报告")
    generated = escape(data.generated_at.strftime("%Y-%m-%d %H:%M"))
    return (f'<!DOCTYPE html>\n<html lang="zh-Hans">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n"
            f"<footer>由 zicha 根据本次检查数据生成于 {generated}；"
            f"左侧带竖线的段落为医院撰写内容。</footer>\n</main>\n</body>\n</html>\n")


def write_html(data: ReportData, path: Path, *, charts: dict[str, bytes] | None = None) -> Path:
    path = Path(path)
    path.write_text(render_html(data, charts=charts), encoding="utf-8")
    return path
