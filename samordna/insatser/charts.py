"""Bar charts drawn on the server as SVG: no JavaScript library, no CDN.

Each chart is an `<svg role="img">` named by its `<title>` and `<desc>` (aria-labelledby), with a legend in
text; the page shows the same numbers in a table beside it (templates/charts/bar.html), so nothing is only
in the picture. Colours are told apart by a legend and by the table, never by colour alone.
"""

from __future__ import annotations

import dataclasses
import itertools

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Fills with at least 3:1 contrast against white (WCAG 1.4.11), distinct also in greyscale.
PALETTE = ("#1f5f8b", "#b3541e", "#3c7a3c", "#6b4f9e", "#8a6d00", "#444444")
_ids = itertools.count(1)


@dataclasses.dataclass
class Series:
    label: str
    values: list  # one number (or None) per category


@dataclasses.dataclass
class Chart:
    id: str
    title: str
    desc: str
    categories: list[str]
    series: list[Series]
    stacked: bool = False
    unit: str = ""
    svg: str = ""

    @property
    def rows(self):
        """The table beside the chart: one row per category, one column per series."""
        return [(cat, [s.values[i] for s in self.series]) for i, cat in enumerate(self.categories)]

    @property
    def empty(self) -> bool:
        return not self.categories or all(v in (None, 0) for s in self.series for v in s.values)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if value <= step * factor:
            return step * factor
    return step * 10


def _fmt(value: float, unit: str) -> str:
    whole = f"{int(round(value)):,}".replace(",", "\u00a0")
    return f"{whole}\u00a0{unit}".strip() if unit else whole


def bar_chart(title: str, desc: str, categories: list[str], series: list[Series], *, stacked: bool = False,
              unit: str = "", chart_id: str | None = None) -> Chart:
    chart = Chart(chart_id or f"chart-{next(_ids)}", title, desc, list(categories), series, stacked, unit)
    chart.svg = _svg(chart)
    return chart


def _svg(chart: Chart) -> str:
    width, height, left, right, top, bottom = 640, 260, 70, 10, 10, 50
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(chart.categories), 1)
    values = [[v or 0 for v in s.values] for s in chart.series]
    if chart.stacked:
        peak = max((sum(col) for col in zip(*values, strict=True)), default=0) if values else 0
    else:
        peak = max((v for row in values for v in row), default=0)
    top_value = _nice_max(peak)
    cid = escape(chart.id)
    out = [f'<svg class="chart" viewBox="0 0 {width} {height + 24 * ((len(chart.series) + 2) // 3)}" role="img" '
           f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{cid}-title">{escape(chart.title)}</title>', f'<desc id="{cid}-desc">{escape(chart.desc)}</desc>']
    for k in range(5):  # grid lines and their values
        value = top_value * k / 4
        y = top + plot_h - plot_h * k / 4
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#c8c8c8" />')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#333">'
                   f'{escape(_fmt(value, ""))}</text>')
    group_w = plot_w / n
    bars = 1 if chart.stacked else max(len(chart.series), 1)
    bar_w = max(min(group_w * 0.8 / bars, 60), 2)
    for i, category in enumerate(chart.categories):
        x0 = left + group_w * i + (group_w - bar_w * bars) / 2
        base = 0.0
        for j, series in enumerate(chart.series):
            value = values[j][i]
            h = plot_h * value / top_value
            x = x0 if chart.stacked else x0 + bar_w * j
            y = top + plot_h - h - (plot_h * base / top_value if chart.stacked else 0)
            if value:
                out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                           f'fill="{PALETTE[j % len(PALETTE)]}"><title>{escape(series.label)}, {escape(category)}: '
                           f'{escape(_fmt(value, chart.unit))}</title></rect>')
            if chart.stacked:
                base += value
        out.append(f'<text x="{left + group_w * (i + 0.5):.1f}" y="{top + plot_h + 16}" text-anchor="middle" '
                   f'font-size="11" fill="#333">{escape(category)}</text>')
    for j, series in enumerate(chart.series):  # the legend, in text
        x, y = left + (j % 3) * 190, height + 24 * (j // 3)
        out.append(f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{PALETTE[j % len(PALETTE)]}" />')
        out.append(f'<text x="{x + 18}" y="{y}" font-size="12" fill="#222">{escape(series.label)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)
