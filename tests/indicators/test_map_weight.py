"""The choropleth's path data: relative steps draw exactly the projected points, in fewer bytes."""

import re

from participation.indicators.charts import choropleth_svg
from participation.indicators.mapshapes import _project, project_shapes

BBOX = (13.40, 52.45, 13.48, 52.50)


def _absolute(d: str) -> list[list[tuple[int, int]]]:
    """The rings of ``M x y l dx dy … z`` path data as absolute points (an SVG reader's view)."""
    rings = []
    for x0, y0, steps in re.findall(r"M(-?\d+) (-?\d+)l([-\d ]*)z", d):
        x, y = int(x0), int(y0)
        numbers = [int(n) for n in re.findall(r"-?\d+", steps)]
        ring = [(x, y)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def test_relative_path_data_draws_the_projected_points():
    square = [(13.41, 52.46), (13.47, 52.46), (13.47, 52.49), (13.41, 52.49), (13.41, 52.46)]
    dent = [(13.42, 52.47), (13.43, 52.47), (13.43, 52.48), (13.42, 52.47)]
    geometry = {"type": "Polygon", "coordinates": [square, dent]}
    paths, height = project_shapes([(1, geometry)], BBOX)
    point, _ = _project(BBOX)
    rings = _absolute(paths[1])
    assert rings == [[point(*p) for p in square], [point(*p) for p in dent]]
    assert height > 0
    assert " -" not in paths[1]  # a minus sign separates numbers by itself


def test_the_outline_is_set_once_for_all_areas():
    geometry = {
        "type": "Polygon",
        "coordinates": [[(13.41, 52.46), (13.47, 52.46), (13.47, 52.49), (13.41, 52.46)]],
    }
    paths, height = project_shapes([(i, geometry) for i in range(1, 4)], BBOX)
    svg, legend = choropleth_svg(
        [(1, "Körnerpark", 1.0), (2, "Rollberg", 2.0), (3, "Weiße Siedlung", None)],
        paths=paths,
        height=height,
        selected_id=2,
        title="Arbeitslosigkeit",
        description="Anteil je Planungsraum",
    )
    assert svg.count('stroke="#fff"') == 1  # on the group, not on each of 447 areas
    # three areas, the outline of the selected one and the stripes of the "no data" pattern
    assert svg.count("<path d=") == 5
    assert 'stroke="#000"' in svg and "Rollberg: " in svg
    assert len(legend) == 2


def test_points_on_a_straight_edge_are_dropped_corners_kept():
    from participation.indicators.mapshapes import _simplify

    # a 100 × 50 rectangle drawn with a point every unit along its long edges, closed
    top = [(x, 0) for x in range(0, 101)]
    bottom = [(x, 50) for x in range(100, -1, -1)]
    ring = top + bottom + [(0, 0)]
    simplified = _simplify(ring)
    assert simplified == [(0, 0), (100, 0), (100, 50), (0, 50), (0, 0)]
    # a real bend (2 units off the line) stays
    bent = [(0, 0), (50, 2), (100, 0), (100, 50), (0, 50), (0, 0)]
    assert (50, 2) in _simplify(bent)
