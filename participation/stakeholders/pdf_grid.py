"""The stakeholder matrix grid as a ReportLab drawing: quadrants, axes, the numbered markers and
the arrows from their place at the comparison date. Same geometry as the SVG on the page
(:mod:`participation.stakeholders.drawing`)."""

import math

from flask_babel import gettext as _
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors

from participation.stakeholders import drawing as geo


def grid_drawing(ctx: dict, scale: float, fonts: tuple[str, str]) -> Drawing:
    """The matrix grid with its markers (and arrows from the comparison date), *scale*d; *fonts*
    is (regular, bold) as :func:`participation.stakeholders.pdf.fonts` gives them."""
    regular, bold = fonts
    height = geo.HEIGHT

    def y(value: float) -> float:  # SVG's y grows downwards, ReportLab's upwards
        return height - value

    group = Group()
    tints = {
        "inform": "#f4f4f4",
        "consult": "#eceaf4",
        "involve": "#fbeee0",
        "collaborate": "#e8e4f1",
    }
    for q in geo.quadrants():
        group.add(
            Rect(
                q["x"],
                y(q["y"] + q["h"]),
                q["w"],
                q["h"],
                fillColor=colors.HexColor(tints[q["key"]]),
                strokeColor=None,
            )
        )
        group.add(
            String(
                q["x"] + 6,
                y(q["y"] + 14),
                q["label"],
                fontName=bold,
                fontSize=10,
                fillColor=colors.HexColor("#4a4a4a"),
            )
        )
    for i in range(6):
        x0 = geo.LEFT + i * geo.CELL
        group.add(
            Line(
                x0,
                y(geo.TOP),
                x0,
                y(geo.TOP + geo.SIZE),
                strokeColor=colors.HexColor("#9aa3ad"),
                strokeWidth=0.6,
            )
        )
        y0 = geo.TOP + i * geo.CELL
        group.add(
            Line(
                geo.LEFT,
                y(y0),
                geo.LEFT + geo.SIZE,
                y(y0),
                strokeColor=colors.HexColor("#9aa3ad"),
                strokeWidth=0.6,
            )
        )
    for v in range(5):
        cx = geo.LEFT + (v + 0.5) * geo.CELL
        group.add(
            String(
                cx,
                y(geo.TOP + geo.SIZE + 16),
                str(v),
                textAnchor="middle",
                fontName=regular,
                fontSize=11,
            )
        )
        cy = geo.TOP + (4 - v + 0.5) * geo.CELL
        group.add(
            String(
                geo.LEFT - 12, y(cy + 4), str(v), textAnchor="middle", fontName=regular, fontSize=11
            )
        )
    group.add(
        String(
            geo.LEFT + geo.SIZE / 2,
            y(geo.HEIGHT - 10),
            _("Interest"),
            textAnchor="middle",
            fontName=bold,
            fontSize=12,
        )
    )
    label = String(0, 0, _("Influence"), textAnchor="middle", fontName=bold, fontSize=12)
    turned = Group(label)
    turned.transform = (0, 1, -1, 0, 22, y(geo.TOP + geo.SIZE / 2))
    group.add(turned)
    for m in ctx["old_markers"].values():  # earlier places in comparison mode
        group.add(
            Circle(
                m.x,
                y(m.y),
                m.r,
                fillColor=None,
                strokeColor=colors.HexColor("#4a4a4a"),
                strokeDashArray=[3, 3],
            )
        )
    for x1, y1, x2, y2 in ctx["arrows"]:
        group.add(
            Line(x1, y(y1), x2, y(y2), strokeColor=colors.HexColor("#1a1a1a"), strokeWidth=1.4)
        )
        angle = math.atan2(y(y2) - y(y1), x2 - x1)
        head = [
            (x2, y(y2)),
            (x2 - 8 * math.cos(angle - 0.4), y(y2) - 8 * math.sin(angle - 0.4)),
            (x2 - 8 * math.cos(angle + 0.4), y(y2) - 8 * math.sin(angle + 0.4)),
        ]
        group.add(
            Polygon(
                [c for p in head for c in p], fillColor=colors.HexColor("#1a1a1a"), strokeColor=None
            )
        )
    for m in ctx["markers"]:
        fill, ink, stroke = (
            colors.HexColor(m.fill),
            colors.HexColor(m.ink),
            colors.HexColor("#333333"),
        )
        if m.assessment.success_critical:
            group.add(
                Circle(
                    m.x,
                    y(m.y),
                    m.r * 1.3 + 3,
                    fillColor=None,
                    strokeColor=colors.black,
                    strokeWidth=2.5,
                )
            )
        if m.shape == "square":
            group.add(
                Rect(m.x - m.r, y(m.y) - m.r, 2 * m.r, 2 * m.r, fillColor=fill, strokeColor=stroke)
            )
        elif m.shape == "diamond":
            r = m.r * 1.2
            group.add(
                Polygon(
                    [m.x, y(m.y) + r, m.x + r, y(m.y), m.x, y(m.y) - r, m.x - r, y(m.y)],
                    fillColor=fill,
                    strokeColor=stroke,
                )
            )
        else:
            group.add(Circle(m.x, y(m.y), m.r, fillColor=fill, strokeColor=stroke))
        group.add(
            String(
                m.x,
                y(m.y) - m.font_size / 3,
                str(m.number),
                textAnchor="middle",
                fontName=bold,
                fontSize=m.font_size,
                fillColor=ink,
            )
        )
    group.scale(scale, scale)
    result = Drawing(geo.WIDTH * scale, geo.HEIGHT * scale)
    result.add(group)
    return result
