"""Point → area at every level, for one point or many (vectorised shapely STRtree).

The index is built once per process from the current areas and rebuilt when another process
imports areas: imports bump a generation counter in ``app_state``, which is checked at most every
few seconds, so web workers and the scheduler all see new boundaries without a restart.
"""

import threading
import time
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import shape
from sqlalchemy import select

from participation.areas.models import Area, AreaLevel
from participation.core.models import AppState
from participation.extensions import db

GENERATION_KEY = "areas.generation"
CHECK_INTERVAL = 3.0


@dataclass
class LevelIndex:
    """STRtree over one level's current areas, with prepared polygons."""

    key: str
    rank: int
    ids: np.ndarray
    geoms: np.ndarray
    tree: shapely.STRtree


class AreaIndex:
    """Spatial index over all levels.

    One index serves every request thread of a process (gunicorn's gthread workers), but GEOS's
    prepared polygons are not thread-safe (libgeos/geos#825: they keep mutable search state,
    built lazily on the first test): two threads testing the same polygon at once aborted a
    process ("Fatal Python error: Aborted" inside ``contains_xy``), even after a warm-up test
    per polygon. So the tests run under one lock per index; a single point costs microseconds,
    far less than the request around it.
    """

    def __init__(self, levels: list[LevelIndex], parents: dict[int, tuple[int | None, int]]):
        self.levels = levels
        #: ``{area_id: (parent_id, level_rank)}`` of every area, current or not.
        self.parents = parents
        self._chains: dict[int, list[tuple[int, int]]] = {}
        self._geos = threading.Lock()

    @classmethod
    def build(cls) -> "AreaIndex":
        """Load every current area's geometry and build one tree per level."""
        levels = []
        for level in db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank)):
            rows = db.session.execute(
                select(Area.id, Area.geometry).where(
                    Area.level_id == level.id, Area.valid_to.is_(None)
                )
            ).all()
            if not rows:
                continue
            ids = np.array([r.id for r in rows], dtype=np.int64)
            geoms = np.array([shape(r.geometry) for r in rows], dtype=object)
            shapely.prepare(geoms)  # polygons are tested many times: prepare them once
            levels.append(LevelIndex(level.key, level.rank, ids, geoms, shapely.STRtree(geoms)))
        parents = {
            row.id: (row.parent_id, row.rank)
            for row in db.session.execute(
                select(Area.id, Area.parent_id, AreaLevel.rank).join(
                    AreaLevel, AreaLevel.id == Area.level_id
                )
            )
        }
        return cls(levels, parents)

    def chain(self, area_id: int) -> list[tuple[int, int]]:
        """``[(area_id, level_rank)]`` for the area and its ancestors, top level first.

        Read from the parent links loaded with the index, so a survey response's area chain
        needs no query, and an import (which bumps the generation) renews it in every process.
        ``[]`` for an unknown area.
        """
        chain = self._chains.get(area_id)
        if chain is None:
            chain, node, seen = [], area_id, set()
            while node is not None and node in self.parents and node not in seen:
                seen.add(node)  # (a cycle in bad data must not hang a request)
                parent, rank = self.parents[node]
                chain.append((node, rank))
                node = parent
            chain.reverse()
            self._chains[area_id] = chain  # areas are few: one entry per area at most
        return chain

    def locate_many(self, lons, lats) -> dict[str, np.ndarray]:
        """Area id per point for every level (``-1`` where a point lies in no area).

        The tree gives bounding-box candidates for all points at once; then each candidate
        polygon tests its points in one vectorised, prepared ``contains_xy`` call.
        """
        xs, ys = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
        points = shapely.points(xs, ys)
        with self._geos:
            return self._locate_many(xs, ys, points)

    def _locate_many(self, xs, ys, points) -> dict[str, np.ndarray]:
        result = {}
        for level in self.levels:
            found = np.full(len(xs), -1, dtype=np.int64)
            point_idx, tree_idx = level.tree.query(points)
            if len(tree_idx):
                order = np.argsort(tree_idx, kind="stable")
                point_idx, tree_idx = point_idx[order], tree_idx[order]
                starts = np.flatnonzero(np.diff(tree_idx)) + 1
                for pts, polys in zip(
                    np.split(point_idx, starts), np.split(tree_idx, starts), strict=True
                ):
                    inside = shapely.contains_xy(level.geoms[polys[0]], xs[pts], ys[pts])
                    found[pts[inside]] = level.ids[polys[0]]
            result[level.key] = found
        return result

    def locate(self, lon: float, lat: float) -> dict[str, int]:
        """``{level_key: area_id}`` for the levels that contain the point.

        The same answer as :meth:`locate_many` for one point (the last containing candidate in
        tree order wins), without its array bookkeeping: every pin and map answer locates one
        point, and the sorting and splitting of the bulk path cost more than the tests.
        """
        lon, lat = float(lon), float(lat)
        point = shapely.points(lon, lat)
        result = {}
        with self._geos:
            for level in self.levels:
                for index in sorted(level.tree.query(point).tolist()):
                    if shapely.contains_xy(level.geoms[index], lon, lat):
                        result[level.key] = int(level.ids[index])
        return result


_lock = threading.Lock()
_cache: dict = {"index": None, "generation": None, "checked": 0.0, "db": None}


def current_generation() -> str:
    """The area generation stored in the database ("0" before any import)."""
    row = db.session.get(AppState, GENERATION_KEY)
    return row.value if row else "0"


def bump_generation() -> None:
    """Mark the index stale for every process (call in the importing transaction)."""
    row = db.session.get(AppState, GENERATION_KEY)
    if row is None:
        db.session.add(AppState(key=GENERATION_KEY, value="1"))
    else:
        row.value = str(int(row.value) + 1)
    invalidate()


def invalidate() -> None:
    """Drop this process's cached index."""
    with _lock:
        _cache["index"] = None


def get_index() -> AreaIndex:
    """Return the cached index, rebuilding it when the generation (or database) changed."""
    now = time.monotonic()
    db_url = str(db.engine.url)
    with _lock:
        fresh = _cache["index"] is not None and _cache["db"] == db_url
        if fresh and now - _cache["checked"] < CHECK_INTERVAL:
            return _cache["index"]
    generation = current_generation()
    with _lock:
        if _cache["index"] is None or _cache["db"] != db_url or _cache["generation"] != generation:
            _cache.update(index=AreaIndex.build(), generation=generation, db=db_url)
        _cache["checked"] = now
        return _cache["index"]


def locate(lon: float, lat: float) -> dict[str, int]:
    """Area ids containing a point, per level key."""
    return get_index().locate(lon, lat)


def locate_many(lons, lats) -> dict[str, np.ndarray]:
    """Bulk version of :func:`locate` for many points."""
    return get_index().locate_many(lons, lats)


def point_in_areas(lon: float, lat: float, areas: list[Area]) -> bool:
    """True when the point lies in one of *areas* (areas of any level)."""
    found = set(locate(lon, lat).values())
    return any(a.id in found for a in areas)
