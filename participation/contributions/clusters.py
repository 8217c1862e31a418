"""Precomputed map clusters: visible pins counted per grid cell and zoom, maintained on write.

The city-wide map (all processes of several years, 500,000 pins) cannot group every row per
request. Instead ``map_clusters`` holds, per process, zoom (0 … ``POINT_ZOOM - 1``) and cell of a
fixed Web-Mercator grid (``SUB`` cells per 256-pixel tile, i.e. 64 px), the number of visible
contributions with a position, the sums of their coordinates (mean position) and the sum of their
ids (which *is* the id when the cell holds one pin). A map request then reads at most
``MAX_CELLS_PER_SIDE``² rows of one zoom through the primary key.

**Maintained in the same transaction** as every ORM write of a contribution (insert, a change of
visibility, position or process, delete): mapper events add or subtract the pin in one UPSERT per
change, so a rolled-back write changes nothing. Core ``update()``s of contributions elsewhere
(support counts, statuses, e-mails) touch none of these columns. Data written around the ORM
(bulk imports, benchmarks) calls :func:`rebuild`; deleting a process removes its cells (FK
cascade).

**No hot rows on PostgreSQL**: at low zooms all pins of a process fall into a few cells, and every
pin locked those rows until its COMMIT, so concurrent pins queued for them. A cell therefore has
up to ``SHARDS`` rows (``shard`` in the key) below ``SHARD_ZOOM``; a writer adds its pin to one
shard chosen at random, readers sum a cell's rows (``mapdata.precomputed_clusters`` groups by
cell anyway). SQLite has one writer and keeps shard 0 only; :func:`rebuild` writes shard 0.
"""

import math
import random

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Integer,
    SmallInteger,
    delete,
    event,
    insert,
    text,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, mapped_column

from participation.contributions.models import Contribution
from participation.extensions import db

#: Zoom levels with clusters: 0 … 14 (from 15 on the map shows single pins).
ZOOMS = range(15)
#: Cells per tile side: a 256-pixel tile holds 4 × 4 cells of 64 px.
SUB = 4
#: Web Mercator's latitude limit.
MAX_LAT = 85.05112878
#: Rows per cell by dialect (default 1) for the zooms below ``SHARD_ZOOM``. At zoom 12 a cell is
#: ~1.5 km wide in Berlin: a district's pins share a few dozen of them, from zoom 12 on hundreds.
SHARDS = {"postgresql": 8}
SHARD_ZOOM = 12


class MapCluster(db.Model):
    """Visible pins of one process in one grid cell at one zoom."""

    __tablename__ = "map_clusters"

    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True
    )
    zoom: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    #: Cell column and row of the Web-Mercator grid at this zoom (``2**zoom * SUB`` per side).
    gx: Mapped[int] = mapped_column(Integer, primary_key=True)
    gy: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: One of a cell's rows (see the module docstring): readers sum them; 0 on SQLite.
    shard: Mapped[int] = mapped_column(
        SmallInteger, primary_key=True, default=0, server_default=text("0")
    )
    #: Visible contributions with a position in the cell (0 rows are left in place).
    count: Mapped[int] = mapped_column(Integer, default=0)
    #: Sums of the coordinates: the cluster is drawn at their mean.
    sum_lon: Mapped[float] = mapped_column(Float, default=0.0)
    sum_lat: Mapped[float] = mapped_column(Float, default=0.0)
    #: Sum of the contribution ids: the id of the only pin when ``count`` is 1.
    sum_id: Mapped[int] = mapped_column(BigInteger, default=0)


def cell(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    """Grid cell ``(gx, gy)`` of a position at *zoom* (y grows southwards, as tiles do)."""
    n = 2**zoom * SUB
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return min(int(x), n - 1), min(max(int(y), 0), n - 1)


def shard_for(dialect: str) -> int:
    """The shard a writer on *dialect* adds its pin to (random; always 0 on SQLite)."""
    shards = SHARDS.get(dialect, 1)
    return random.randrange(shards) if shards > 1 else 0


def _rows(
    process_id: int, lon: float, lat: float, cid: int, sign: int, shard: int = 0
) -> list[dict]:
    """The cell rows of one pin at every zoom (*sign* -1 subtracts it; *shard* below SHARD_ZOOM)."""
    return [
        {
            "process_id": process_id,
            "zoom": zoom,
            "gx": gx,
            "gy": gy,
            "shard": shard if zoom < SHARD_ZOOM else 0,
            "count": sign,
            "sum_lon": sign * lon,
            "sum_lat": sign * lat,
            "sum_id": sign * cid,
        }
        for zoom in ZOOMS
        for gx, gy in (cell(lon, lat, zoom),)
    ]


def _apply(connection, rows: list[dict]) -> None:
    """Add *rows* to the cells with one INSERT … ON CONFLICT DO UPDATE (executemany)."""
    # One row per cell: a move subtracts and adds in the same cells at low zooms, and PostgreSQL
    # refuses an UPSERT that touches a row twice.
    merged: dict[tuple, dict] = {}
    for row in rows:
        key = (row["process_id"], row["zoom"], row["gx"], row["gy"], row["shard"])
        if key in merged:
            for name in ("count", "sum_lon", "sum_lat", "sum_id"):
                merged[key][name] += row[name]
        else:
            merged[key] = dict(row)
    # in key order: concurrent writers lock the rows they share in the same order (no deadlock)
    rows = [merged[key] for key in sorted(merged)]
    if not rows:
        return
    connection.execute(_upsert(connection.dialect.name), rows)


#: Dialect name → the cell UPSERT, built once and run as one executemany over the cells (a
#: multi-row VALUES of 15 cells × 8 columns was compiled anew for every pin: most of its cost).
_UPSERTS: dict[str, object] = {}


def _upsert(dialect: str):
    stmt = _UPSERTS.get(dialect)
    if stmt is None:
        table = MapCluster.__table__
        make = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = make(table)
        stmt = _UPSERTS[dialect] = stmt.on_conflict_do_update(
            index_elements=[
                table.c.process_id,
                table.c.zoom,
                table.c.gx,
                table.c.gy,
                table.c.shard,
            ],
            set_={
                "count": table.c.count + stmt.excluded.count,
                "sum_lon": table.c.sum_lon + stmt.excluded.sum_lon,
                "sum_lat": table.c.sum_lat + stmt.excluded.sum_lat,
                "sum_id": table.c.sum_id + stmt.excluded.sum_id,
            },
        )
    return stmt


def _counted(process_id, visibility, lon, lat) -> bool:
    return visibility == "visible" and lon is not None and lat is not None and bool(process_id)


def _old(target, key: str):
    """The value of *key* before this flush (the current one when unchanged)."""
    history = sa_inspect(target).attrs[key].history
    if history.deleted:
        return history.deleted[0]
    return getattr(target, key)


#: The columns that decide where (and whether) a contribution is counted.
TRACKED = ("process_id", "visibility", "lon", "lat")


def _keep_old_value(_target, value, _old, _initiator):
    return value


# active_history: setting one of these on an expired object (e.g. after a commit) loads the old
# value first, so the flush knows which cell to subtract the pin from.
for _key in TRACKED:
    event.listen(
        getattr(Contribution, _key), "set", _keep_old_value, active_history=True, retval=True
    )


@event.listens_for(Contribution, "after_insert")
def _inserted(_mapper, connection, target: Contribution) -> None:
    if _counted(target.process_id, target.visibility, target.lon, target.lat):
        shard = shard_for(connection.dialect.name)
        _apply(connection, _rows(target.process_id, target.lon, target.lat, target.id, 1, shard))


@event.listens_for(Contribution, "after_update")
def _updated(_mapper, connection, target: Contribution) -> None:
    old = tuple(_old(target, k) for k in TRACKED)
    new = tuple(getattr(target, k) for k in TRACKED)
    if old == new:
        return
    rows = []
    # any shard will do for a subtraction: readers sum a cell's shards (a row may go negative)
    shard = shard_for(connection.dialect.name)
    if _counted(*old):
        rows += _rows(old[0], old[2], old[3], target.id, -1, shard)
    if _counted(*new):
        rows += _rows(new[0], new[2], new[3], target.id, 1, shard)
    _apply(connection, rows)


@event.listens_for(Contribution, "after_delete")
def _deleted(_mapper, connection, target: Contribution) -> None:
    old = tuple(_old(target, k) for k in TRACKED)
    if _counted(*old):
        shard = shard_for(connection.dialect.name)
        _apply(connection, _rows(old[0], old[2], old[3], target.id, -1, shard))


def rebuild(process_ids: list[int] | None = None, batch: int = 20000) -> int:
    """Recount the cells from the contributions (after writes that bypassed the ORM).

    Runs in the current transaction; returns the number of pins counted. Every cell is written
    as shard 0 (the shards of the maintained cells sum to the same values).
    """
    table = MapCluster.__table__
    session = db.session
    stmt = delete(table)
    if process_ids is not None:
        stmt = stmt.where(table.c.process_id.in_(process_ids))
    session.execute(stmt)
    cells: dict[tuple[int, int, int, int], list] = {}
    query = (
        db.select(Contribution.id, Contribution.process_id, Contribution.lon, Contribution.lat)
        .where(
            Contribution.visibility == "visible",
            Contribution.lon.is_not(None),
            Contribution.lat.is_not(None),
        )
        .execution_options(yield_per=batch)
    )
    if process_ids is not None:
        query = query.where(Contribution.process_id.in_(process_ids))
    pins = 0
    for cid, pid, lon, lat in session.execute(query):
        pins += 1
        for zoom in ZOOMS:
            gx, gy = cell(lon, lat, zoom)
            entry = cells.get((pid, zoom, gx, gy))
            if entry is None:
                cells[(pid, zoom, gx, gy)] = [1, lon, lat, cid]
            else:
                entry[0] += 1
                entry[1] += lon
                entry[2] += lat
                entry[3] += cid
    keys = ("process_id", "zoom", "gx", "gy", "count", "sum_lon", "sum_lat", "sum_id")
    rows = [dict(zip(keys, (*key, *sums), strict=True)) for key, sums in cells.items()]
    for start in range(0, len(rows), batch):
        session.execute(insert(table), rows[start : start + batch])
    return pins
