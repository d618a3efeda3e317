"""Charts as PNG bytes (matplotlib, Agg, no pyplot global state).

A CJK font is looked up through matplotlib's font manager (Noto Sans CJK,
Source Han Sans, WenQuanYi, SimHei, Microsoft YaHei). If none is installed the
charts are still drawn, Chinese labels come out as boxes, and a
``ChartFontWarning`` says so and how to fix it.
"""

from __future__ import annotations

import functools
import io
import warnings
from functools import lru_cache

import matplotlib

matplotlib.use("Agg", force=False)

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import fontManager

from zicha.reporting.labels import AREA_NAMES, SEVERITY_NAMES, SEVERITY_ORDER
from zicha.reporting.model import ReportData
from zicha.reporting.stats import compliance, compute

__all__ = ["CJK_FAMILIES", "ChartFontWarning", "cjk_font", "render_charts"]

CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
    "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei",
    "Microsoft YaHei", "Noto Serif CJK SC", "AR PL UMing CN",
)
SEVERITY_COLOURS = {"critical": "#7f0000", "high": "#d7301f", "medium": "#fc8d59",
                    "low": "#fdcc8a", "info": "#bdbdbd"}
BAR = "#3b6ea5"
DPI = 150
MAX_DEPARTMENTS = 12


class ChartFontWarning(UserWarning):
    """No CJK font found: Chinese chart labels will not render."""


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    available = {f.name for f in fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in available:
            return family
    warnings.warn("no CJK font found for charts (looked for: " + ", ".join(CJK_FAMILIES)
                  + "); Chinese labels will show as boxes. Install one: "
                  "apt-get install fonts-noto-cjk", ChartFontWarning, stacklevel=2)
    return None


def _figure(width: float = 7.0, height: float = 3.4) -> Figure:
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _style(ax) -> None:
    ax.spines[["top", "right"]].set_visible(False)


def _with_cjk(fn):
    """Run a chart function with the CJK font first in matplotlib's font list."""
    @functools.wraps(fn)
    def wrapper(data: ReportData) -> bytes | None:
        font = cjk_font()
        rc = {"axes.unicode_minus": False, "font.size": 9}
        if font:
            rc.update({"font.family": "sans-serif", "font.sans-serif": [font, "DejaVu Sans"]})
        with matplotlib.rc_context(rc):
            return fn(data)
    return wrapper


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


@_with_cjk
def compliance_chart(data: ReportData) -> bytes | None:
    st = compute(data)
    areas = [(a, s) for a, s in st.areas.items() if s.examined]
    if not areas:
        return None
    names = [AREA_NAMES.get(a, a) for a, _ in areas][::-1]
    values = [s.compliance for _, s in areas][::-1]
    fig = _figure(7.0, 0.42 * len(names) + 1.1)
    ax = fig.add_subplot()
    bars = ax.barh(names, [v or 0.0 for v in values], color=BAR)
    for bar, v in zip(bars, values, strict=False):
        y = bar.get_y() + bar.get_height() / 2
        if v is None:
            ax.text(1, y, "无可判定结果（待确认）", va="center", fontsize=8, color="#666666")
        elif v >= 85:
            ax.text(v - 1, y, f"{v:.1f}%", va="center", ha="right", fontsize=8, color="white")
        else:
            ax.text(v + 1, y, f"{v:.1f}%", va="center", fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("符合率（%）")
    _style(ax)
    return _png(fig)


@_with_cjk
def severity_chart(data: ReportData) -> bytes | None:
    st = compute(data)
    sev = [s for s in SEVERITY_ORDER if st.by_severity.get(s)]
    if not sev:
        return None
    fig = _figure(5.5, 2.8)
    ax = fig.add_subplot()
    counts = [st.by_severity[s] for s in sev]
    bars = ax.bar([SEVERITY_NAMES[s] for s in sev], counts,
                  color=[SEVERITY_COLOURS[s] for s in sev])
    for bar, n in zip(bars, counts, strict=False):
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), str(n), ha="center",
                va="bottom", fontsize=8)
    ax.set_ylabel("待整改问题（项）")
    _style(ax)
    return _png(fig)


@_with_cjk
def department_chart(data: ReportData) -> bytes | None:
    st = compute(data)
    if not st.by_department:
        return None
    top = st.by_department.most_common(MAX_DEPARTMENTS)
    rest = sum(st.by_department.values()) - sum(n for _, n in top)
    if rest:
        top.append(("其他科室", rest))
    names = [d for d, _ in top][::-1]
    counts = [n for _, n in top][::-1]
    fig = _figure(7.0, 0.38 * len(names) + 1.2)
    ax = fig.add_subplot()
    bars = ax.barh(names, counts, color=BAR)
    for bar, n in zip(bars, counts, strict=False):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {n}", va="center",
                fontsize=8)
    ax.set_xlabel("待整改问题（项）")
    _style(ax)
    return _png(fig)


@_with_cjk
def trend_chart(data: ReportData) -> bytes | None:
    if not data.previous:
        return None
    st = compute(data)
    labels = [p.date.isoformat() for p in data.previous] + [data.period_end.isoformat()]
    overall = [compliance(p.counts) for p in data.previous] + [st.compliance]
    failed = [p.counts.get("failed", 0) for p in data.previous] + [st.counts["failed"]]
    fig = _figure(7.0, 3.0)
    ax = fig.add_subplot()
    xs = list(range(len(labels)))
    ax.plot(xs, [v if v is not None else float("nan") for v in overall], marker="o",
            color=BAR, label="总体符合率（%）")
    ax.set_ylim(0, 100)
    ax.set_xticks(xs, labels)
    ax.set_ylabel("符合率（%）")
    ax2 = ax.twinx()
    ax2.bar(xs, failed, width=0.4, alpha=0.3, color="#d7301f", label="不通过（项次）")
    ax2.set_ylabel("不通过（项次）")
    _style(ax)
    _style(ax2)
    ax2.spines[["right"]].set_visible(True)
    handles = ax.get_legend_handles_labels()
    handles2 = ax2.get_legend_handles_labels()
    ax.legend(handles[0] + handles2[0], handles[1] + handles2[1], loc="lower left", fontsize=8)
    return _png(fig)


CHARTS = {"compliance": compliance_chart, "severity": severity_chart,
          "department": department_chart, "trend": trend_chart}


def render_charts(data: ReportData, keys: tuple[str, ...] = tuple(CHARTS)) -> dict[str, bytes]:
    """PNG bytes per chart key; charts with nothing to show are left out."""
    out = {}
    for key in keys:
        png = CHARTS[key](data)
        if png is not None:
            out[key] = png
    return out
