"""The areas' outlines for the server-rendered choropleth: projected into a 600-wide view box,
simplified (Douglas–Peucker) and written as short relative SVG path data."""

import math

MAP_WIDTH = 600


def _project(bbox):
    """A function (lon, lat) → view-box point for *bbox*, and the map's height."""
    min_lon, min_lat, max_lon, max_lat = bbox
    kx = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * kx, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    scale = MAP_WIDTH / span_x
    height = span_y * scale

    def point(lon: float, lat: float) -> tuple[float, float]:
        # whole units of a 600-wide view box: finer detail is invisible and only adds bytes
        return round((lon - min_lon) * kx * scale), round((max_lat - lat) * scale)

    return point, height


def _rings(geometry: dict | None):
    """The rings of a (Multi)Polygon GeoJSON geometry (nothing for other types)."""
    if not geometry:
        return
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield from polygon


def _path(geometry, point) -> str:
    """SVG path data of *geometry*: projected, deduplicated, simplified, relative steps."""
    out = []
    for ring in _rings(geometry):
        last = None
        pts = []
        for lon, lat, *_rest in ring:
            p = point(lon, lat)
            if p != last:  # drop points that collapse at map resolution
                pts.append(p)
                last = p
        pts = _simplify(pts)
        if len(pts) >= 3:
            out.append(_relative(pts))
    return "".join(out)


#: Points closer than this to the line through their neighbours are dropped (view box units: a
#: 600-wide map shown 360 px wide on a phone makes one unit 0.6 px).
TOLERANCE = 0.75


def _simplify(pts: list[tuple[int, int]], tolerance: float = TOLERANCE) -> list[tuple[int, int]]:
    """Douglas–Peucker on one ring (first and last point kept): about half the points go."""
    if len(pts) < 4:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = pts[first], pts[last]
        dx, dy = bx - ax, by - ay
        norm = math.hypot(dx, dy)
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = pts[i]
            if norm:
                distance = abs(dy * (px - ax) - dx * (py - ay)) / norm
            else:  # a closed ring: first == last, measure from the point itself
                distance = math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, kept in zip(pts, keep, strict=True) if kept]


def _relative(pts: list[tuple[int, int]]) -> str:
    """``M x y l dx dy …z``: relative steps are one or two digits where absolute points have
    three, and a minus sign separates numbers by itself (the 447-area map: 97 → about 60 KB)."""
    (x0, y0), parts = pts[0], []
    px, py = x0, y0
    for x, y in pts[1:]:
        for step in (x - px, y - py):
            if parts and step >= 0:
                parts.append(" ")
            parts.append(str(step))
        px, py = x, y
    return f"M{x0} {y0}l{''.join(parts)}z"


def project_shapes(
    rows: list[tuple[int, dict | None]], bbox: tuple[float, float, float, float]
) -> tuple[dict[int, str], float]:
    """SVG path data per area id for ``(id, geometry)`` rows, and the map's height.

    The expensive part of a map (447 planning areas): callers cache it per area generation.
    """
    point, height = _project(bbox)
    paths = {}
    for area_id, geometry in rows:
        d = _path(geometry, point)
        if d:
            paths[area_id] = d
    return paths, height
