"""Fill a hospital's own Word template (docxtpl / Jinja) with the report's data.

The hospital designs the document in Word — letterhead, 红头, its own styles —
and places Jinja tags (``{{ organization }}``, ``{%p for a in areas %}`` …).
The variables are listed in docs/report.md; :func:`template_context` builds
them, all as plain strings, numbers, lists and dicts computed from ReportData.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from zicha.domain.errors import Location, ZichaError
from zicha.reporting.compose import Heading, Para, compose, fmt_date, risk_groups
from zicha.reporting.labels import (
    AREA_NAMES,
    MISSING,
    SEVERITY_NAMES,
    STATUS_NAMES,
    TO_CONFIRM,
    ZONE_NAMES,
    area_name,
    cn_numeral,
    label,
)
from zicha.reporting.ledger import LEDGER_COLUMNS, ledger_rows
from zicha.reporting.model import ReportData
from zicha.reporting.sentences import area_sentences, checked_items, pct
from zicha.reporting.stats import compute

__all__ = ["SECTION_KEYS", "render_template", "template_context"]

#: level-1 headings of the composed report, in order → key in ``sections``
SECTION_KEYS = ("scope", "work", "risks", "comparison", "plan")


def _counts(c) -> dict[str, int]:
    return {s: c.get(s, 0) for s in STATUS_NAMES}


def template_context(data: ReportData, charts: dict[str, Any] | None = None) -> dict[str, Any]:
    st = compute(data)
    n = data.narrative
    areas = []
    for i, (code, a) in enumerate((c, s) for c, s in st.areas.items()
                                  if c in AREA_NAMES or s.checks):
        areas.append({
            "code": code, "name": area_name(code), "numeral": cn_numeral(i + 1),
            "heading": f"（{cn_numeral(i + 1)}）{area_name(code)}", "examined": a.examined,
            "items": checked_items(a), "sentences": area_sentences(data, code),
            "human": list(n.paras(code)) if n else [], "counts": _counts(a.counts),
            "assets": len(a.assets), "compliance": pct(a.compliance) if a.examined else "未检查",
        })
    sections: dict[str, list[str]] = {k: [] for k in SECTION_KEYS}
    index = -1
    for block in compose(data, set(charts or {})):
        if isinstance(block, Heading) and block.level == 1:
            index += 1
        elif isinstance(block, Para) and not block.human and 0 <= index < len(SECTION_KEYS):
            if block.style in ("body", "item"):
                sections[SECTION_KEYS[index]].append(block.text)
    zones = [{"zone": z.zone, "name": ZONE_NAMES.get(z.zone, z.zone), "servers": z.servers,
              "pcs": z.pcs, "switches": z.switches, "other": z.other, "total": z.total}
             for z in data.scope.zones]
    findings = [dict(zip(("number", "area", "check_id", "title", "severity", "asset",
                          "department", "owner", "due", "status", "measure", "verification",
                          "first_seen", "last_seen", "change"), row, strict=False))
                for row in ledger_rows(data)]
    risks = [{k: v for k, v in g.items() if k != "findings"} for g in risk_groups(data)]
    assets_examined = set().union(*(a.assets for a in st.areas.values())) if st.areas else set()
    last = data.previous[-1] if data.previous else None
    return {
        "organization": data.organization,
        "reporting_unit": (n.reporting_unit if n and n.reporting_unit else data.organization),
        "leader": (n.leader if n and n.leader else MISSING),
        "leading_group": list(n.leading_group) if n else [],
        "contact": (n.contact if n and n.contact else MISSING),
        "period_start": fmt_date(data.period_start), "period_end": fmt_date(data.period_end),
        "report_date": fmt_date(data.generated_at.date()),
        "generated_at": data.generated_at.strftime("%Y-%m-%d %H:%M"),
        "inspectors": "、".join(data.inspectors) or MISSING,
        "inspectors_list": list(data.inspectors),
        "inspection_id": data.inspection_id, "inspection_label": data.inspection_label,
        "zones": zones,
        "systems": [{"name": s.name, "grade": s.grade, "note": s.note or ""}
                    for s in data.scope.systems],
        "totals": {"checks": sum(1 for c in st.by_check.values() if c.checked),
                   "assets": len(assets_examined), "results": sum(st.counts.values()),
                   **_counts(st.counts), "compliance": pct(st.compliance),
                   "open_findings": len(st.open_findings),
                   "by_severity": {SEVERITY_NAMES.get(s, s): c for s, c in st.by_severity.items()}},
        "areas": areas,
        "sections": sections,
        "risks": risks,
        "findings": findings,
        "ledger_columns": list(LEDGER_COLUMNS),
        "comparison": {"new": st.changes["new"], "recurring": st.changes["recurring"],
                       "fixed": st.changes["fixed"],
                       "previous_label": last.label if last else "",
                       "previous": [{"label": p.label, "date": p.date.isoformat(),
                                     "counts": dict(p.counts)} for p in data.previous]},
        "manual_pending": [(data.check(c).title_zh if data.check(c) else c)
                           for c, a in data.manual_answers.items() if a is None or not a.answer],
        "narrative": {k: list(v) for k, v in (n.paragraphs.items() if n else [])},
        "charts": charts or {},
        "labels": {"missing": MISSING, "to_confirm": TO_CONFIRM,
                   "status": dict(STATUS_NAMES),
                   "severity": {k: label(SEVERITY_NAMES, k) for k in SEVERITY_NAMES}},
    }


def render_template(data: ReportData, template: str | Path, out: str | Path,
                    *, charts: dict[str, bytes] | None = None) -> Path:
    """Render ``template`` (a .docx with Jinja tags) to ``out``."""
    import io

    import jinja2
    from docx.opc.exceptions import PackageNotFoundError
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    path = Path(template)
    if not path.is_file():
        raise ZichaError(f"template {path} does not exist", code="template-invalid",
                         location=Location(file=str(path)))
    try:
        tpl = DocxTemplate(str(path))
        images = {k: InlineImage(tpl, io.BytesIO(v), width=Mm(150))
                  for k, v in (charts or {}).items()}
        tpl.render(template_context(data, images), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise ZichaError(f"template {path.name}: {exc.message}", code="template-invalid",
                         location=Location(file=str(path), line=exc.lineno),
                         hint="check the {{ }} / {% %} tags; docs/report.md lists the variables"
                         ) from None
    except jinja2.TemplateError as exc:
        raise ZichaError(f"template {path.name}: {exc}", code="template-invalid",
                         location=Location(file=str(path))) from None
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, PackageNotFoundError) as exc:
        raise ZichaError(f"template {path.name} cannot be used: {exc}", code="template-invalid",
                         location=Location(file=str(path))) from None
    out = Path(out)
    tpl.save(str(out))
    return out
