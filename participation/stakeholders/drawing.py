"""Geometry for the server-rendered SVG drawings (matrix and network) and the PDF.

The matrix is a 5 × 5 grid: interest 0–4 left to right, influence 0–4 bottom to top. Markers in
one cell are laid out on a small grid of their own, so 200 actors stay readable. Attitude is shown
by a colour-blind-safe diverging palette (orange ↔ purple, after ColorBrewer PuOr) *and* by the
shape (square = opposes, circle = neutral, diamond = supports); success-critical actors get a thick
black ring. Every marker carries its table number.
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup

from participation.stakeholders.strategy import HIGH, STRATEGIES

CELL = 110
LEFT, TOP, RIGHT, BOTTOM = 70, 14, 14, 58
SIZE = 5 * CELL
WIDTH, HEIGHT = LEFT + SIZE + RIGHT, TOP + SIZE + BOTTOM
#: attitude → (fill, text colour); text contrast ≥ 4.5:1 on every fill.
PALETTE = {
    -2: ("#b35806", "#ffffff"),
    -1: ("#fdb863", "#1a1a1a"),
    0: ("#f7f7f7", "#1a1a1a"),
    1: ("#b2abd2", "#1a1a1a"),
    2: ("#542788", "#ffffff"),
}
SHAPES = {-2: "square", -1: "square", 0: "circle", 1: "diamond", 2: "diamond"}


@dataclass
class Marker:
    """One actor in the grid."""

    number: int
    assessment: object
    x: float
    y: float
    r: float

    @property
    def fill(self) -> str:
        """Fill colour by attitude."""
        return PALETTE[self.assessment.attitude][0]

    @property
    def ink(self) -> str:
        """Text colour that contrasts with the fill."""
        return PALETTE[self.assessment.attitude][1]

    @property
    def shape(self) -> str:
        """square, circle or diamond (attitude without colour)."""
        return SHAPES[self.assessment.attitude]

    @property
    def points(self) -> str:
        """Diamond corners as an SVG ``points`` value."""
        x, y, r = self.x, self.y, self.r * 1.2
        return f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"

    @property
    def font_size(self) -> float:
        """Number size that fits the marker."""
        return round(max(7.0, self.r * (0.95 if self.number < 100 else 0.75)), 1)

    #: Accessible name, set by :func:`label_markers`.
    label: str = ""

    @property
    def svg(self) -> Markup:
        """Ring (if success-critical), shape and number as SVG.

        Built here rather than in the template: 200 markers × a dozen escaped template values
        were a third of the matrix page's time. Only numbers and constants go in, so nothing
        needs escaping.
        """
        x, y, r = self.x, self.y, self.r
        parts = []
        if self.assessment.success_critical:
            parts.append(f'<circle class="sh-critical" cx="{x}" cy="{y}" r="{r * 1.3 + 3:.1f}"/>')
        if self.shape == "square":
            parts.append(
                f'<rect class="sh-shape" x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" '
                f'height="{2 * r:.1f}" fill="{self.fill}"/>'
            )
        elif self.shape == "diamond":
            parts.append(f'<polygon class="sh-shape" points="{self.points}" fill="{self.fill}"/>')
        else:
            parts.append(f'<circle class="sh-shape" cx="{x}" cy="{y}" r="{r}" fill="{self.fill}"/>')
        parts.append(
            f'<text x="{x}" y="{y + self.font_size * 0.35:.1f}" font-size="{self.font_size}" '
            f'fill="{self.ink}" class="sh-num">{int(self.number)}</text>'
        )
        return Markup("".join(parts))  # numbers and constants only: safe as markup


def label_markers(markers, attitude_labels: dict[int, str]) -> None:
    """Give every marker its accessible name: number, name, position, attitude, critical.

    The message is translated once and filled per marker: a gettext call per marker would cost
    more than drawing the whole grid.
    """
    text = _("%(number)s. %(name)s: influence %(influence)s, interest %(interest)s, %(attitude)s")
    critical = ", " + _("success-critical")
    for m in markers:
        a = m.assessment
        m.label = text % {
            "number": m.number,
            "name": a.actor.display_name,
            "influence": a.influence,
            "interest": a.interest,
            "attitude": attitude_labels[a.attitude],
        } + (critical if a.success_critical else "")


def cell_box(interest: int, influence: int) -> tuple[float, float]:
    """Top-left corner of the grid cell."""
    return LEFT + interest * CELL, TOP + (4 - influence) * CELL


def layout(assessments: list) -> dict[int, Marker]:
    """Place each assessment (numbered in list order) in its cell; keyed by actor id."""
    cells: dict[tuple[int, int], list[tuple[int, object]]] = defaultdict(list)
    for number, a in enumerate(assessments, start=1):
        cells[(a.interest, a.influence)].append((number, a))
    markers: dict[int, Marker] = {}
    for (interest, influence), items in cells.items():
        x0, y0 = cell_box(interest, influence)
        cols = math.ceil(math.sqrt(len(items)))
        rows = math.ceil(len(items) / cols)
        step = (CELL - 12) / max(cols, rows)
        r = min(15.0, step * 0.4)
        for i, (number, a) in enumerate(items):
            row, col = divmod(i, cols)
            x = x0 + 6 + step * (col + 0.5) + (CELL - 12 - step * cols) / 2
            y = y0 + 6 + step * (row + 0.5) + (CELL - 12 - step * rows) / 2
            markers[a.actor_id] = Marker(number, a, round(x, 1), round(y, 1), round(r, 1))
    return markers


def arrows(old: dict[int, Marker], new: dict[int, Marker]) -> list[tuple[float, ...]]:
    """Lines from the old to the new marker of each actor that changed cell, ending at its edge."""
    lines = []
    for actor_id, end in new.items():
        start = old.get(actor_id)
        if start is None or (start.assessment.interest, start.assessment.influence) == (
            end.assessment.interest,
            end.assessment.influence,
        ):
            continue
        dx, dy = end.x - start.x, end.y - start.y
        length = math.hypot(dx, dy) or 1
        shorten = end.r * 1.3 + 3
        lines.append(
            (
                start.x,
                start.y,
                round(end.x - dx / length * shorten, 1),
                round(end.y - dy / length * shorten, 1),
            )
        )
    return lines


def ghosts_svg(old: dict[int, Marker]) -> Markup:
    """Dotted circles at the earlier places (comparison mode)."""
    return Markup(  # numbers only: safe as markup
        "".join(f'<circle class="sh-ghost" cx="{m.x}" cy="{m.y}" r="{m.r}"/>' for m in old.values())
    )


def arrows_svg(lines: list[tuple[float, ...]]) -> Markup:
    """Arrows from the earlier to the current places."""
    return Markup(  # numbers only: safe as markup
        "".join(
            f'<line class="sh-arrow" x1="{a}" y1="{b}" x2="{c}" y2="{d}" '
            'marker-end="url(#sh-arrowhead)"/>'
            for a, b, c, d in lines
        )
    )


def quadrants() -> list[dict]:
    """Background areas of the four quadrants, labelled with their suggested strategy."""
    low, high = HIGH * CELL, (5 - HIGH) * CELL  # widths/heights of the low and high bands
    boxes = [
        ("inform", LEFT, TOP + high, low, low),
        ("consult", LEFT, TOP, low, high),
        ("involve", LEFT + low, TOP + high, high, low),
        ("collaborate", LEFT + low, TOP, high, high),
    ]
    return [
        {"key": k, "x": x, "y": y, "w": w, "h": h, "label": str(STRATEGIES[k])}
        for k, x, y, w, h in boxes
    ]


@dataclass
class Node:
    """An actor on the network circle."""

    actor: object
    x: float
    y: float
    anchor: str
    label_x: float
    label_y: float


NETWORK_SIZE = 720
EDGE_STYLES = {
    "member_of": {"stroke": "#4a4a4a", "dash": "2 4"},
    "cooperates": {"stroke": "#0b5394", "dash": ""},
    "conflict": {"stroke": "#b35806", "dash": "8 5"},
    "funds": {"stroke": "#542788", "dash": "14 4 2 4"},
}


def circle_layout(actors: list) -> dict[int, Node]:
    """Actors evenly on a circle, labels outside it."""
    n = max(len(actors), 1)
    c = NETWORK_SIZE / 2
    radius = c - 170
    nodes = {}
    for i, actor in enumerate(actors):
        angle = 2 * math.pi * i / n - math.pi / 2
        x, y = c + radius * math.cos(angle), c + radius * math.sin(angle)
        lx, ly = c + (radius + 10) * math.cos(angle), c + (radius + 10) * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.1 else "end" if math.cos(angle) < -0.1 else "middle"
        nodes[actor.id] = Node(
            actor, round(x, 1), round(y, 1), anchor, round(lx, 1), round(ly + 4, 1)
        )
    return nodes
