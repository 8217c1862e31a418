"""Horizontal bar charts (reportlab.graphics) for the report: unsuppressed counts only.

A suppressed cell gets no bar (a bar would show its size); the table beside the chart prints
"< 5" for it. Every chart is accompanied by that table, so nothing is said by the chart alone.
"""

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from participation.reports.pdf.fonts import register, visual

#: One neutral colour (no traffic-light meaning).
BAR = colors.HexColor("#2166ac")
MAX_BARS = 12


def bar_chart(rows: list[tuple[str, object]], width: float, title: str = "") -> Drawing | None:
    """A bar per ``(label, Cell)`` whose value may be shown; None when nothing can be drawn."""
    regular, _bold = register()
    shown = [(label, cell.shown) for label, cell in rows if cell.shown is not None][:MAX_BARS]
    if not shown or not any(v for _l, v in shown):
        return None
    bar_h = 14
    label_w = min(width * 0.42, 190)
    height = len(shown) * (bar_h + 6) + 30
    drawing = Drawing(width, height, initialFontName=regular, initialFontSize=8)
    chart = HorizontalBarChart()
    chart.x = label_w
    chart.y = 18
    chart.width = width - label_w - 20
    chart.height = height - 30
    # First row at the top: reportlab draws categories from the bottom up.
    chart.data = [[v for _l, v in reversed(shown)]]
    chart.categoryAxis.categoryNames = [visual(label)[:40] for label, _v in reversed(shown)]
    chart.categoryAxis.labels.fontName = regular
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = regular
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = True
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    # multiBuild lays the story out several times (until the table of contents is stable);
    # expanding the chart widget into plain shapes once saves re-running the chart code each pass.
    flat = drawing.expandUserNodes()
    flat.initialFontName, flat.initialFontSize = regular, 8
    # Value labels drawn as plain strings (ReportLab's bar labels do not survive the expansion).
    for index, value in enumerate(chart.data[0]):
        start, size = chart.categoryAxis.scale(index)
        x = chart.valueAxis.scale(value) + 3
        flat.add(String(x, start + size / 2 - 2.5, str(value), fontName=regular, fontSize=7))
    if title:
        flat.add(String(0, height - 10, visual(title), fontName=regular, fontSize=8))
    return flat
