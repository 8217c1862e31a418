"""Server-rendered SVG: a small trend chart and a choropleth, each with a text alternative.

No JavaScript and no third-party requests. Colours: one sequential blue scale (ColorBrewer
"Blues", 5 classes) whatever the polarity of the indicator — a map of neighbourhoods must not
paint some of them red ("bad"). Areas without a published value are drawn in light grey with a
hatch, so "no data" never looks like "low". The areas' outlines are projected and simplified in
:mod:`participation.indicators.mapshapes`.
"""

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from participation.indicators.mapshapes import MAP_WIDTH

#: Light to dark; the darkest classes carry white text nowhere (labels are outside the map).
SEQUENTIAL = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA = "#f0f0f0"


@dataclass(frozen=True)
class LegendClass:
    """One colour class of the map legend: ``low ≤ value ≤ high``."""

    colour: str
    #: CSS class of the legend swatch (``q0`` lightest … ``q4`` darkest).
    css: str
    low: float
    high: float
    count: int


def fmt(value: float | None, digits: int = 1) -> str:
    """Short number for chart labels (the page formats its tables with Babel)."""
    if value is None:
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}".replace(",", "\u202f")
    return f"{value:.{digits}f}"


def describe_series(points: list[tuple[str, float | None, bool]]) -> str:
    """Text alternative of a trend: ``2018: 9.1 (estimate); 2020: 8.4``."""
    from flask_babel import gettext as _

    return "; ".join(
        f"{period}: {fmt(value, 2)}" + (f" ({_('estimate')})" if estimate else "")
        for period, value, estimate in points
    )


def trend_svg(
    points: list[tuple[str, float | None, bool]],
    *,
    title: str,
    description: str,
    unit: str = "",
    target: float | None = None,
    chart_id: str = "trend",
    width: int = 320,
    height: int = 120,
) -> Markup:
    """A line over the periods; estimated points are hollow, an optional target is dashed.

    :param points: ``[(period, value or None, is_estimate)]`` in time order; None is a gap.
    """
    known = [v for _p, v, _e in points if v is not None]
    if target is not None:
        known.append(target)
    if not known:
        return Markup("")
    low, high = min(known), max(known)
    if low == high:
        low, high = low - 1, high + 1
    pad_l, pad_r, pad_t, pad_b = 44, 12, 10, 24
    inner_w, inner_h = width - pad_l - pad_r, height - pad_t - pad_b
    step = inner_w / max(len(points) - 1, 1)

    def y(v: float) -> float:
        return pad_t + inner_h * (1 - (v - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="chart trend" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
        f'<line x1="{pad_l}" y1="{pad_t + inner_h}" x2="{width - pad_r}" y2="{pad_t + inner_h}" '
        'stroke="#767676"/>',
        f'<text x="{pad_l - 4}" y="{y(high) + 4:.1f}" text-anchor="end" font-size="11">'
        f"{escape(fmt(high))}</text>",
        f'<text x="{pad_l - 4}" y="{y(low) + 4:.1f}" text-anchor="end" font-size="11">'
        f"{escape(fmt(low))}</text>",
    ]
    if target is not None:
        parts.append(
            f'<line x1="{pad_l}" y1="{y(target):.1f}" x2="{width - pad_r}" y2="{y(target):.1f}" '
            'stroke="#08519c" stroke-dasharray="4 3"/>'
        )
    line, coords = [], []
    for i, (period, value, estimate) in enumerate(points):
        x = pad_l + i * step if len(points) > 1 else pad_l + inner_w / 2
        parts.append(
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" font-size="11">'
            f"{escape(period)}</text>"
        )
        if value is None:
            if line:
                coords.append(line)
            line = []
            continue
        line.append(f"{x:.1f},{y(value):.1f}")
        fill = "#fff" if estimate else "#08519c"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="4" fill="{fill}" stroke="#08519c" '
            'stroke-width="2"/>'
        )
    if line:
        coords.append(line)
    for segment in coords:
        if len(segment) > 1:
            parts.insert(
                6,
                f'<polyline points="{" ".join(segment)}" fill="none" stroke="#08519c" '
                'stroke-width="2"/>',
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def classes(values: list[float], n: int = len(SEQUENTIAL)) -> list[float]:
    """Quantile class limits (upper bounds) for *values*; fewer classes for few distinct values."""
    distinct = sorted(set(values))
    if not distinct:
        return []
    n = min(n, len(distinct))
    ordered = sorted(values)
    limits = []
    for i in range(1, n + 1):
        limits.append(ordered[min(len(ordered) - 1, math.ceil(i * len(ordered) / n) - 1)])
    return sorted(set(limits))


def choropleth_svg(
    rows: list[tuple[int, str, float | None]],
    *,
    paths: dict[int, str],
    height: float,
    selected_id: int,
    title: str,
    description: str,
    label=fmt,
) -> tuple[Markup, list[LegendClass]]:
    """The areas ``(id, name, value or None)`` coloured by class, *selected_id* outlined.

    :param paths: from :func:`participation.indicators.mapshapes.project_shapes`.
    :param label: formats a value for the tooltips.
    Returns the SVG and the legend classes (the page prints the legend and a table next to it).
    """
    known = [v for *_r, v in rows if v is not None]
    limits = classes(known)
    counts = [0] * len(limits)
    offset = len(SEQUENTIAL) - len(limits)
    shapes, selected = [], ""
    for area_id, name, value in rows:
        d = paths.get(area_id)
        if not d:
            continue
        if value is None:
            fill = "url(#nodata)"
        else:
            index = next(i for i, limit in enumerate(limits) if value <= limit)
            counts[index] += 1
            fill = SEQUENTIAL[index + offset]
        tip = escape(f"{name}: {label(value)}")
        # the white outline is set once on the group (447 × 33 bytes less)
        shapes.append(f'<path d="{d}" fill="{fill}"><title>{tip}</title></path>')
        if area_id == selected_id:
            selected = (
                f'<path d="{d}" fill="none" stroke="#000" stroke-width="2.5"><title>{tip}</title>'
                "</path>"
            )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MAP_WIDTH} {height:.0f}" '
        f'class="chart choropleth" role="img" aria-labelledby="map-title map-desc">'
        f'<title id="map-title">{escape(title)}</title><desc id="map-desc">{escape(description)}'
        '</desc><defs><pattern id="nodata" width="6" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="6" height="6" fill="{NO_DATA}"/><path d="M0 6L6 0" stroke="#bbb"/>'
        '</pattern></defs><g stroke="#fff" stroke-width="0.6">'
        + "".join(shapes)
        + "</g>"
        + selected
        + "</svg>"
    )
    legend = []
    previous = min(known) if known else 0.0
    for i, limit in enumerate(limits):
        legend.append(
            LegendClass(SEQUENTIAL[i + offset], f"q{i + offset}", previous, limit, counts[i])
        )
        previous = limit
    return Markup(svg), legend
