"""Small multiples of line charts, drawn directly as SVG.

One panel per measure, each with its own y scale (units differ), a time axis
shared by all panels, one line per series told apart by colour *and* dash
pattern, a point at every value, and one legend.

Why not Vega-Lite, as for the other charts: a faceted Vega-Lite chart builds a
dataflow per panel, and vl-convert measures every label by re-reading the font
file. For the KPI chart (about 20 panels) that came to ~0.55 s of CPU per
council, 70% of rendering a whole report (`bench/batch.py`). Drawing the same
picture here takes milliseconds and gives identical bytes on every machine.

The SVG is decorative for assistive technology: the caller wraps it in an
element with role="img" and a text alternative, and shows the data table.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from dataclasses import dataclass
from html import escape

FONT = "Arial, Helvetica, sans-serif"
TEXT = "#1A1A1A"
GRID = "#DDDDDD"
AXIS = "#6E6E6E"

COLUMNS = 3
PLOT_W, PLOT_H = 200, 96          # the plotting area of one panel
GUTTER_L, BAND_T, BAND_B = 52, 38, 20   # y labels; panel title (two lines); x labels
TITLE_CHARS = 36                   # a line of a panel title (bold 12 px) that fits the panel's width
GAP_X, GAP_Y = 22, 14
HEADER = 62                        # chart title and legend
LEGEND_LINE = 18                   # each further line of a wrapped legend
CHAR_W = 6.6                       # average width of a 12 px Arial character, for laying out the legend


@dataclass(frozen=True)
class Style:
    colour: str
    dash: str   # SVG stroke-dasharray; "" for a solid line


@dataclass(frozen=True)
class Panel:
    title: str                                   # shown above the panel, on up to two lines
    unit: str                                    # pct, count, ...: how y labels are written
    series: dict[str, list[tuple[dt.date, float]]]


@dataclass(frozen=True)
class SvgChart:
    """A chart already drawn: its SVG and its text alternative."""
    description: str
    markup: str


def small_multiples(title: str, description: str, panels: list[Panel], styles: dict[str, Style]) -> SvgChart:
    """Up to COLUMNS panels a row (one panel alone is drawn one panel wide, its legend on as many lines
    as it needs)."""
    dates = [d for p in panels for pts in p.series.values() for d, _ in pts]
    x_scale = _TimeScale(min(dates), max(dates))
    columns = max(1, min(COLUMNS, len(panels)))
    cell_w = GUTTER_L + PLOT_W + GAP_X
    cell_h = BAND_T + PLOT_H + BAND_B + GAP_Y
    width = columns * cell_w - GAP_X + 8
    rows = math.ceil(len(panels) / columns)
    used = [name for name in styles if any(name in p.series for p in panels)]
    legend, lines = _legend(used, styles, y=42, width=width)
    header = HEADER + (lines - 1) * LEGEND_LINE
    height = header + rows * cell_h
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="12" fill="{TEXT}" '
             f'aria-hidden="true" focusable="false">',
             f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>',
             f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>',
             legend]
    for i, panel in enumerate(panels):
        left = (i % columns) * cell_w + GUTTER_L
        top = header + (i // columns) * cell_h + BAND_T
        parts.append(_panel(panel, left, top, x_scale, [(n, styles[n]) for n in used]))
    parts.append("</svg>")
    return SvgChart(description, "".join(parts))


def _legend(names: list[str], styles: dict[str, Style], y: float, width: float) -> tuple[str, int]:
    """The legend, wrapped onto more lines where the chart is too narrow for it; (markup, lines)."""
    parts = [f'<text x="0" y="{y + 4}" font-weight="bold">Series</text>']
    x, lines = 52.0, 1
    for name in names:
        step = 36 + len(name) * CHAR_W + 18
        if x > 52 and x + step - 18 > width:
            x, y, lines = 52.0, y + LEGEND_LINE, lines + 1
        parts.append(_line([(x, y), (x + 30, y)], styles[name], width=3))
        parts.append(f'<text x="{x + 36:g}" y="{y + 4}">{escape(name)}</text>')
        x += step
    return "".join(parts), lines


def _panel(panel: Panel, left: float, top: float, x_scale: _TimeScale, styles: list[tuple[str, Style]]) -> str:
    values = [v for pts in panel.series.values() for _, v in pts]
    ticks = nice_ticks(min(values), max(values), floor=0.0 if min(values) >= 0 else None,
                       ceiling=100.0 if panel.unit == "pct" and max(values) <= 100 else None)
    lo, hi = ticks[0], ticks[-1]

    def y(v: float) -> float:
        return top + PLOT_H - (v - lo) / (hi - lo) * PLOT_H

    def x(d: dt.date) -> float:
        return left + x_scale(d) * PLOT_W

    lines = title_lines(panel.title)
    parts = [f'<g><title>{escape(panel.title)}</title>']
    for n, line in enumerate(lines):
        parts.append(f'<text x="{left - GUTTER_L + 4:g}" y="{top - 24 + 15 * n + (15 if len(lines) == 1 else 0):g}" '
                     f'font-weight="bold">{escape(line)}</text>')
    for t, label in zip(ticks, y_labels(ticks, panel.unit)):
        ty = _r(y(t))
        parts.append(f'<line x1="{left:g}" x2="{left + PLOT_W:g}" y1="{ty:g}" y2="{ty:g}" stroke="{GRID}"/>')
        parts.append(f'<text x="{left - 6:g}" y="{ty + 4:g}" text-anchor="end">{escape(label)}</text>')
    bottom = top + PLOT_H
    parts.append(f'<line x1="{left:g}" x2="{left + PLOT_W:g}" y1="{bottom:g}" y2="{bottom:g}" stroke="{AXIS}"/>')
    # The time scale is shared, but each panel labels its own periods, by the year they end, right under
    # their points (a 31 December value on an axis ticked at 1 January would sit under the next year).
    last_in_year = {d.year: d for d in sorted({d for pts in panel.series.values() for d, _ in pts})}
    last_tx = -math.inf
    for year, d in sorted(last_in_year.items()):
        tx = _r(x(d))
        if tx - last_tx < 34:  # labels would touch
            continue
        last_tx = tx
        parts.append(f'<line x1="{tx:g}" x2="{tx:g}" y1="{bottom:g}" y2="{bottom + 4:g}" stroke="{AXIS}"/>')
        parts.append(f'<text x="{tx:g}" y="{bottom + 16:g}" text-anchor="middle">{year}</text>')
    for name, style in styles:
        points = sorted(panel.series.get(name, []))
        if not points:
            continue
        xy = [(x(d), y(v)) for d, v in points]
        if len(xy) > 1:
            parts.append(_line(xy, style))
        parts += [f'<circle cx="{_r(px):g}" cy="{_r(py):g}" r="3" fill="{style.colour}"/>' for px, py in xy]
    parts.append("</g>")
    return "".join(parts)


def _line(points: list[tuple[float, float]], style: Style, width: float = 2) -> str:
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    coords = " ".join(f"{_r(px):g},{_r(py):g}" for px, py in points)
    return f'<polyline points="{coords}" fill="none" stroke="{style.colour}" stroke-width="{width:g}"{dash}/>'


def _r(v: float) -> float:
    return round(v, 1)


def title_lines(title: str) -> list[str]:
    """A panel title on one or two lines. A title too long for two keeps its end, which is where
    similar KPI titles differ ("... (excluding exceptions)" against "... (including exceptions)")."""
    lines = textwrap.wrap(title, TITLE_CHARS)
    if len(lines) <= 2:
        return lines
    tail = title[-(TITLE_CHARS - 1):]
    return [lines[0], "…" + (tail.split(" ", 1)[1] if " " in tail[1:] else tail)]


# -- scales ---------------------------------------------------------------------------------

def nice_ticks(lo: float, hi: float, intervals: int = 3, floor: float | None = None,
               ceiling: float | None = None) -> list[float]:
    """Round tick values covering [lo, hi], about `intervals` steps of 1, 2 or 5 times a power of ten.
    The first and last ticks are the axis limits. A flat series (or one whose values differ only by
    float noise) gets a band around its value, kept within [floor, ceiling] (no -1% or 110%)."""
    if hi - lo <= 1e-9 * max(1.0, abs(lo), abs(hi)):
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
        if floor is not None and lo < floor <= hi - pad:
            lo = floor
        if ceiling is not None and hi > ceiling >= lo + pad:
            hi = ceiling
    raw = (hi - lo) / intervals
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start, stop = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    return [round(k * step, 10) for k in range(start, max(stop, start + 1) + 1)]


def y_labels(ticks: list[float], unit: str) -> list[str]:
    """Tick labels, all with the decimals the step needs; thousands and millions shortened ("250k",
    "1.5m") when the full numbers would not fit beside the panel."""
    step = ticks[1] - ticks[0]
    decimals = next((d for d in range(6) if abs(round(step, d) - step) < 1e-9), 6)
    suffix = "%" if unit == "pct" else ""
    labels = [_plain(f"{t:,.{decimals}f}") + suffix for t in ticks]
    if max(len(label) for label in labels) * CHAR_W <= GUTTER_L - 8:
        return labels
    return [_compact(t) + suffix for t in ticks]


def _plain(text: str) -> str:
    return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text


def _compact(value: float) -> str:
    for size, letter in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{letter}"
    return f"{value:.3g}"


class _TimeScale:
    """Dates to 0..1 across the panel, with a little room either side."""

    def __init__(self, first: dt.date, last: dt.date):
        span = (last - first).days
        pad = dt.timedelta(days=max(span * 0.06, 120))
        self.start, self.end = first - pad, last + pad

    def __call__(self, d: dt.date) -> float:
        return (d - self.start).days / (self.end - self.start).days
