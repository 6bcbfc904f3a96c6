"""Server-rendered SVG charts, so the report needs no script library and no network to draw.

Every chart carries a visible title, axis labels and a legend, and every text it prints is
escaped here (the template inserts the SVG as trusted markup).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from itertools import count

_ids = count(1)

FONT = "font-family=\"system-ui,-apple-system,'Segoe UI',Roboto,sans-serif\""
AXIS_COLOR = "#4a5568"
GRID_COLOR = "#e2e8f0"
UNDECLARED_COLOR = "#c53030"


@dataclass(frozen=True)
class Series:
    """One bar series: a legend name and a fill colour."""

    name: str
    color: str


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _short(label: str, limit: int = 32) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


def nice_ticks(maximum: float, target: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``maximum`` (1-2-5 steps)."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / target
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    top = math.ceil(maximum / step) * step
    return [i * step for i in range(int(round(top / step)) + 1)]


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(
    title: str,
    categories: Sequence[str],
    values: Sequence[Sequence[float]],
    series: Sequence[Series],
    *,
    x_label: str,
    y_label: str,
    stacked: bool = True,
    chart_id: str | None = None,
) -> str:
    """A horizontal bar chart: one row per category, one bar segment (or bar) per series.

    ``values[i][j]`` is the value of series ``j`` for category ``i``.
    """
    chart_id = chart_id or f"bar{next(_ids)}"
    n_series = max(len(series), 1)
    label_width = min(260, 16 + 8 * max((len(_short(c)) for c in categories), default=4))
    plot_width = 520
    bar_height = 18 if stacked else 12
    row_height = (bar_height + 10) if stacked else (bar_height * n_series + 12)
    top = 70
    plot_height = max(row_height * len(categories), row_height)
    width = label_width + plot_width + 60
    height = top + plot_height + 52
    totals = [sum(v) if stacked else max(v, default=0) for v in values]
    ticks = nice_ticks(max(totals, default=0))
    scale = plot_width / ticks[-1]
    x0 = label_width

    parts = [
        f'<svg class="chart" id="{_e(chart_id)}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{_e(chart_id)}-t" '
        f'style="max-width:{width}px" {FONT}>',
        f'<title id="{_e(chart_id)}-t">{_e(title)}</title>',
        f'<text x="0" y="18" font-size="15" font-weight="600" fill="#1a202c">{_e(title)}</text>',
    ]
    # Legend, top row.
    lx = 0
    for s in series:
        parts.append(
            f'<rect x="{lx}" y="30" width="12" height="12" fill="{_e(s.color)}"/>'
            f'<text x="{lx + 17}" y="40" font-size="12" fill="{AXIS_COLOR}">{_e(s.name)}</text>'
        )
        lx += 30 + 7 * len(s.name)
    # Grid and x ticks.
    for t in ticks:
        x = x0 + t * scale
        parts.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_height}" '
            f'stroke="{GRID_COLOR}"/>'
            f'<text x="{x:.1f}" y="{top + plot_height + 16}" font-size="11" '
            f'text-anchor="middle" fill="{AXIS_COLOR}">{_fmt(t)}</text>'
        )
    parts.append(
        f'<line x1="{x0}" y1="{top}" x2="{x0}" y2="{top + plot_height}" stroke="{AXIS_COLOR}"/>'
        f'<text x="{x0 + plot_width / 2:.1f}" y="{top + plot_height + 38}" font-size="12" '
        f'text-anchor="middle" fill="{AXIS_COLOR}">{_e(x_label)}</text>'
        f'<text x="0" y="{top - 6}" font-size="12" fill="{AXIS_COLOR}">{_e(y_label)}</text>'
    )
    for i, (cat, row) in enumerate(zip(categories, values, strict=True)):
        y = top + i * row_height + 5
        parts.append(
            f'<text x="{x0 - 8}" y="{y + (row_height - 10) / 2 + 4:.1f}" font-size="12" '
            f'text-anchor="end" fill="#1a202c"><title>{_e(cat)}</title>{_e(_short(cat))}</text>'
        )
        x = float(x0)
        for j, (value, s) in enumerate(zip(row, series, strict=True)):
            w = value * scale
            by = y if stacked else y + j * bar_height
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{by}" width="{w:.1f}" height="{bar_height - 1}" '
                    f'fill="{_e(s.color)}"><title>{_e(cat)} \u2013 {_e(s.name)}: '
                    f"{_fmt(value)}</title></rect>"
                )
            if not stacked:
                parts.append(
                    f'<text x="{x0 + w + 4:.1f}" y="{by + bar_height - 3}" font-size="11" '
                    f'fill="{AXIS_COLOR}">{_fmt(value)}</text>'
                )
            if stacked:
                x += w
        if stacked:
            parts.append(
                f'<text x="{x + 4:.1f}" y="{y + bar_height - 5}" font-size="11" '
                f'fill="{AXIS_COLOR}">{_fmt(sum(row))}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _heat_color(value: int, maximum: int) -> str:
    """A light-to-dark blue ramp on a log scale, so small counts stay visible next to big ones."""
    if value <= 0:
        return "#f7fafc"
    t = math.log1p(value) / math.log1p(max(maximum, 1))
    light, dark = (222, 235, 247), (8, 48, 107)
    r, g, b = (round(a + (z - a) * t) for a, z in zip(light, dark, strict=True))
    return f"#{r:02x}{g:02x}{b:02x}"


def heat_map(
    title: str,
    rows: Sequence[str],
    columns: Sequence[str],
    cells: Mapping[tuple[str, str], tuple[int, int]],
    *,
    x_label: str,
    y_label: str,
    chart_id: str | None = None,
) -> str:
    """A grid of counts; ``cells[(row, column)] = (findings, undeclared_findings)``.

    Cells holding undeclared findings are hatched and outlined in red (see the legend).
    """
    chart_id = chart_id or f"heat{next(_ids)}"
    label_width = min(260, 16 + 8 * max((len(_short(r)) for r in rows), default=4))
    cell_w, cell_h = 112, 34
    top = 96
    width = label_width + cell_w * max(len(columns), 1) + 20
    height = top + cell_h * max(len(rows), 1) + 40
    maximum = max((v[0] for v in cells.values()), default=0)
    hatch = f"{chart_id}-hatch"
    parts = [
        f'<svg class="chart" id="{_e(chart_id)}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{_e(chart_id)}-t" '
        f'style="max-width:{width}px" {FONT}>',
        f'<title id="{_e(chart_id)}-t">{_e(title)}</title>',
        "<defs>"
        f'<pattern id="{hatch}" patternUnits="userSpaceOnUse" width="8" height="8" '
        'patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{UNDECLARED_COLOR}" stroke-width="3" '
        'stroke-opacity="0.75"/></pattern></defs>',
        f'<text x="0" y="18" font-size="15" font-weight="600" fill="#1a202c">{_e(title)}</text>',
    ]
    # Legend: colour ramp and the undeclared marking.
    steps = sorted({1, max(round(math.sqrt(max(maximum, 1))), 1), max(maximum, 1)})
    for i, v in enumerate(steps):
        parts.append(
            f'<rect x="{i * 70}" y="32" width="16" height="14" fill="{_heat_color(v, maximum)}" '
            f'stroke="{GRID_COLOR}"/><text x="{i * 70 + 21}" y="43" font-size="11" '
            f'fill="{AXIS_COLOR}">{_fmt(v)}</text>'
        )
    lx = 230
    parts.append(
        f'<rect x="{lx}" y="32" width="16" height="14" fill="#ffffff" stroke="{UNDECLARED_COLOR}" '
        f'stroke-width="2"/><rect x="{lx}" y="32" width="16" height="14" fill="url(#{hatch})"/>'
        f'<text x="{lx + 22}" y="43" font-size="11" fill="{AXIS_COLOR}">'
        "undeclared by the policy (hatched, red outline)</text>"
        f'<text x="0" y="62" font-size="11" fill="{AXIS_COLOR}">'
        "colour = number of findings (log scale)</text>"
    )
    parts.append(
        f'<text x="{label_width + cell_w * len(columns) / 2:.1f}" y="{top - 26}" font-size="12" '
        f'text-anchor="middle" fill="{AXIS_COLOR}">{_e(x_label)}</text>'
        f'<text x="0" y="{top - 8}" font-size="12" fill="{AXIS_COLOR}">{_e(y_label)}</text>'
    )
    for j, col in enumerate(columns):
        parts.append(
            f'<text x="{label_width + j * cell_w + cell_w / 2:.1f}" y="{top - 8}" font-size="12" '
            f'text-anchor="middle" fill="#1a202c">{_e(_short(col, 16))}</text>'
        )
    for i, row in enumerate(rows):
        y = top + i * cell_h
        parts.append(
            f'<text x="{label_width - 8}" y="{y + cell_h / 2 + 4:.1f}" font-size="12" '
            f'text-anchor="end" fill="#1a202c">{_e(_short(row))}</text>'
        )
        for j, col in enumerate(columns):
            x = label_width + j * cell_w
            n, undeclared = cells.get((row, col), (0, 0))
            fill = _heat_color(n, maximum)
            dark = n > 0 and math.log1p(n) / math.log1p(max(maximum, 1)) > 0.55
            state = "undeclared" if undeclared else ("declared" if n else "empty")
            tip = f"{row} in {col}: {n:,} findings" + (
                f", {undeclared:,} undeclared" if undeclared else ""
            )
            parts.append(
                f'<g class="cell" data-row="{_e(row)}" data-col="{_e(col)}" data-count="{n}" '
                f'data-state="{state}"><title>{_e(tip)}</title>'
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="{fill}" stroke="{GRID_COLOR}"/>'
            )
            if undeclared:
                parts.append(
                    f'<rect x="{x + 2}" y="{y + 2}" width="{cell_w - 4}" height="{cell_h - 4}" '
                    f'fill="url(#{hatch})" stroke="{UNDECLARED_COLOR}" stroke-width="2.5"/>'
                )
            if n:
                text_fill = "#ffffff" if dark else "#1a202c"
                parts.append(
                    f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" '
                    f'font-size="12" font-weight="600" text-anchor="middle" fill="{text_fill}" '
                    f'paint-order="stroke" stroke="{fill}" stroke-width="3">{n:,}</text>'
                )
            parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
