"""A small compliance trend chart as SVG geometry, computed on the server.

The hospital network is offline: no JavaScript library, no CDN. The template
draws the rectangles, the line and the labels from these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["TrendChart", "trend_chart"]

WIDTH, HEIGHT = 640, 200
TOP, BOTTOM, LEFT, RIGHT = 20, 36, 36, 8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    cx: float
    label: str
    value: str
    inspection_id: int


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    bars: list[Bar]
    line: str                       # polyline points
    grid: list[dict[str, Any]]      # y and label of the 0/50/100 % lines
    plot_left: int
    plot_right: int


def trend_chart(points: list[Any]) -> TrendChart | None:
    """``points``: objects with ``percent`` (or None), ``day`` and ``inspection_id``."""
    if not points:
        return None
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / len(points)
    bar_w = min(48.0, step * 0.6)
    bars, line = [], []
    for i, p in enumerate(points):
        pct = p.percent
        h = plot_h * (pct or 0) / 100.0
        cx = LEFT + step * i + step / 2
        y = TOP + plot_h - h
        bars.append(Bar(x=round(cx - bar_w / 2, 1), y=round(y, 1), width=round(bar_w, 1),
                        height=round(h, 1), cx=round(cx, 1),
                        label=p.day.strftime("%m-%d") if p.day else "—",
                        value="—" if pct is None else f"{pct:.0f}%",
                        inspection_id=p.inspection_id))
        if pct is not None:
            line.append(f"{cx:.1f},{y:.1f}")
    grid = [{"y": round(TOP + plot_h * (1 - v / 100), 1), "label": f"{v}%"} for v in (0, 50, 100)]
    return TrendChart(width=WIDTH, height=HEIGHT, bars=bars, line=" ".join(line), grid=grid,
                      plot_left=LEFT, plot_right=WIDTH - RIGHT)
