"""Map data: server-side grid clusters at low zoom, individual points at street zoom.

Unfiltered clusters are read from cells precomputed per zoom and maintained with every write
(:mod:`participation.contributions.clusters`): a request reads at most ``MAX_CELLS_PER_SIDE``²
rows, whatever the number of pins. Filtered clusters are computed in SQL (``GROUP BY floor(lon /
cell), floor(lat / cell)``) over a bbox range scan of ``ix_contributions_map``; that cell grows
with the bbox, so no request yields more than about ``MAX_CELLS_PER_SIDE``² clusters either.
"""

import hashlib
import math
from dataclasses import dataclass

from sqlalchemy import func, select

from participation.contributions import clusters as map_clusters
from participation.contributions.models import Contribution
from participation.contributions.queries import Filters, apply_filters
from participation.core import cache
from participation.extensions import db

#: From this zoom on, single contributions are returned instead of clusters.
POINT_ZOOM = 15
#: At most this many points per response (newest first); the client is told when cut.
POINT_LIMIT = 1000
#: A cluster cell is ~64 screen pixels wide (a tile is 256 px).
CELL_PIXELS = 64
MAX_CELLS_PER_SIDE = 48


@dataclass(frozen=True)
class BBox:
    """A lon/lat bounding box."""

    west: float
    south: float
    east: float
    north: float

    @classmethod
    def parse(cls, text: str | None) -> "BBox | None":
        """Parse ``w,s,e,n``; None for anything malformed (clamped to valid coordinates)."""
        try:
            w, s, e, n = (float(x) for x in (text or "").split(","))
        except ValueError:
            return None
        if not all(math.isfinite(v) for v in (w, s, e, n)) or w > e or s > n:
            return None
        return cls(max(w, -180), max(s, -90), min(e, 180), min(n, 90))


def cell_size(zoom: int, bbox: BBox) -> tuple[float, float]:
    """Cluster cell (degrees lon, degrees lat) for *zoom*, grown for oversized boxes."""
    lon_cell = 360.0 / (2**zoom) * CELL_PIXELS / 256
    lon_cell = max(lon_cell, (bbox.east - bbox.west) / MAX_CELLS_PER_SIDE)
    mid = math.radians((bbox.north + bbox.south) / 2)
    # Mercator: a degree of latitude looks longer than a degree of longitude away from the equator.
    lat_cell = max(lon_cell * math.cos(mid), (bbox.north - bbox.south) / MAX_CELLS_PER_SIDE)
    return lon_cell, lat_cell


def version(process_ids: list[int]) -> str:
    """Fingerprint of the map data: changes whenever a contribution or a process changes.

    The shared content versions (bumped in the transaction of every such write, see
    ``core/cache.py``) instead of an aggregate over the contributions, which cost most of a
    city-wide map request at 500,000 pins; the page cache has read them already (memoised).
    """
    del process_ids  # the versions are per package: any change anywhere gives a new ETag
    return "-".join(str(v) for v in cache.versions("processes", "contributions"))


def etag_for(process_ids: list[int], bbox: BBox, zoom: int, filters: Filters) -> str:
    """ETag of one map response: data version + request parameters."""
    raw = f"{sorted(process_ids)}|{version(process_ids)}|{bbox}|{zoom}|{filters}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _base(process_ids: list[int], bbox: BBox, filters: Filters):
    stmt = select().where(
        Contribution.process_id.in_(process_ids),
        Contribution.visibility == "visible",
        Contribution.lon.between(bbox.west, bbox.east),
        Contribution.lat.between(bbox.south, bbox.north),
    )
    return apply_filters(stmt, filters)


def clusters(process_ids: list[int], bbox: BBox, zoom: int, filters: Filters) -> dict:
    """Grid clusters (count and mean position per cell) as a GeoJSON FeatureCollection.

    Without filters they are read from the precomputed cells (:mod:`.clusters`); a filter by
    category, status or area groups the matching rows live (those maps are per process).
    """
    if filters == Filters():
        return precomputed_clusters(process_ids, bbox, zoom)
    lon_cell, lat_cell = cell_size(zoom, bbox)
    gx = func.floor(Contribution.lon / lon_cell).label("gx")
    gy = func.floor(Contribution.lat / lat_cell).label("gy")
    stmt = (
        _base(process_ids, bbox, filters)
        .add_columns(
            gx,
            gy,
            func.count(),
            func.avg(Contribution.lon),
            func.avg(Contribution.lat),
            func.min(Contribution.id),
        )
        .group_by(gx, gy)
    )
    features = []
    for _gx, _gy, count, lon, lat, first_id in db.session.execute(stmt):
        props = {"count": count}
        if count == 1:
            props["id"] = first_id
        features.append(_point(lon, lat, props))
    return {"type": "FeatureCollection", "clustered": True, "features": features}


def precomputed_clusters(process_ids: list[int], bbox: BBox, zoom: int) -> dict:
    """Clusters from ``map_clusters``: at most ``MAX_CELLS_PER_SIDE``² cells of one zoom.

    A viewport wider than that many cells at *zoom* is answered from a coarser zoom, so the
    response stays small however large the box; cells of several processes, and the shards of
    a cell (``clusters.SHARDS``), are summed.
    """
    level = max(0, min(zoom, POINT_ZOOM - 1))
    while True:
        west, north = map_clusters.cell(bbox.west, bbox.north, level)
        east, south = map_clusters.cell(bbox.east, bbox.south, level)
        if level == 0 or max(east - west, south - north) < MAX_CELLS_PER_SIDE:
            break
        level -= 1
    table = map_clusters.MapCluster
    total = func.sum(table.count)
    stmt = (
        select(total, func.sum(table.sum_lon), func.sum(table.sum_lat), func.sum(table.sum_id))
        .where(
            table.process_id.in_(process_ids),
            table.zoom == level,
            table.gx.between(west, east),
            table.gy.between(north, south),
        )
        .group_by(table.gx, table.gy)
        # the sum: a cell's shards (and processes) add up, a single shard row may be 0 or less
        .having(total > 0)
    )
    features = []
    for count, sum_lon, sum_lat, sum_id in db.session.execute(stmt):
        if not count:
            continue
        props = {"count": int(count)}
        if count == 1:
            props["id"] = int(sum_id)
        features.append(_point(sum_lon / count, sum_lat / count, props))
    return {"type": "FeatureCollection", "clustered": True, "features": features}


def points(process_ids: list[int], bbox: BBox, filters: Filters) -> dict:
    """Single visible contributions (newest first, at most ``POINT_LIMIT``)."""
    stmt = (
        _base(process_ids, bbox, filters)
        .add_columns(
            Contribution.id,
            Contribution.lon,
            Contribution.lat,
            Contribution.title,
            Contribution.category_id,
            Contribution.support_count,
            Contribution.process_id,
        )
        .order_by(Contribution.id.desc())
        .limit(POINT_LIMIT + 1)
    )
    rows = db.session.execute(stmt).all()
    features = [
        _point(lon, lat, {"id": cid, "t": title, "c": cat, "s": supports, "p": pid})
        for cid, lon, lat, title, cat, supports, pid in rows[:POINT_LIMIT]
    ]
    return {
        "type": "FeatureCollection",
        "clustered": False,
        "truncated": len(rows) > POINT_LIMIT,
        "features": features,
    }


def _point(lon: float, lat: float, props: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": props,
    }
