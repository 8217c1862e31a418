"""The write of a resident's pin on the hot path: Core statements in the shortest transaction.

SQLite has one writer at a time: a transaction holds the write lock from its first write (the
``BEGIN IMMEDIATE`` of ``core/db.py``) until its COMMIT's fsync has returned. Through the ORM a
pin held it for the whole flush — unit of work, the mapper event that builds the map cells, the
after-flush hooks — about 2 ms of Python per pin on top of the fsync, and on 2 cores shared by 4
workers the holder was often descheduled meanwhile: every other worker's pin waited for that
(profile in ``bench/pin_submit.py --profile``). Here everything is worked out first — validation
and the area lookup (the helpers of ``services.create_contribution``), the tracking hash, the rows
of ``contribution_areas`` and ``map_clusters`` — and then three statements run back to back
(driver SQL built once). The rows are exactly those the ORM path writes
(``tests/contributions/test_contrib_fastwrite.py``).

**Its own transaction on a pooled connection** (:func:`_commit_alone`): a pin is the only write
of its request, so it does not need the session's transaction. On PostgreSQL the contribution,
its areas, its map cells *and* the ``contributions`` content-version bump are one statement of
data-modifying CTEs run in autocommit mode — one statement is one transaction, committed durably
before it answers: one round trip instead of BEGIN, the write, the version UPSERT and COMMIT
(4). On SQLite ``BEGIN IMMEDIATE``, the three inserts, the version UPSERT and COMMIT go to the
driver directly, without the session's commit machinery (before-commit hooks, flush, transaction
bookkeeping). The version rule is kept: the bump commits with the data, in the same
transaction. Where that is not possible (the session already wrote something in this
transaction, a test harness's shared connection, another database) the statements run in the
session's transaction and the caller commits, as before.

Only the plain case comes here: a pin with a point and without an e-mail address or photo
(those queue a mail or store a file and keep taking :func:`create_contribution`).
"""

import random
import secrets

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import PoolProxiedConnection

from participation.contributions import clusters
from participation.contributions.models import Contribution, ContributionArea
from participation.contributions.services import KEY_RE, _check_basics, _locate
from participation.contributions.tokens import hash_token, token_for_key
from participation.core import cache
from participation.core.cache import versioning
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.i18n import current_language
from participation.extensions import db

_CONTRIBUTIONS = Contribution.__table__
_AREAS = ContributionArea.__table__
_CELLS = clusters.MapCluster.__table__
#: Named parameter marks of the drivers the statements below are written for.
_MARKS = {"sqlite": ":{}", "postgresql": "%({})s"}


class _Statements:
    """The inserts of a pin as driver SQL with named parameters, built once per dialect.

    Through ``connection.execute(table.insert(), row)`` SQLAlchemy compiled-cache-looked-up each
    statement and built every parameter set (15 map cells) with its bind processors, per pin:
    ~0.7 ms of CPU in the request, part of it inside the write lock. Here the SQL is text made
    once; the columns that have a bind processor (``UTCDateTime``) or a scalar default (which
    Core fills in) are applied by hand, so the stored rows stay those of ``table.insert()``
    (``tests/contributions/test_contrib_fastwrite.py`` compares them column by column).
    """

    def __init__(self, dialect, keys: tuple[str, ...]):
        mark = _MARKS[dialect.name]
        missing = [c for c in _CONTRIBUTIONS.c if c.name not in keys and c.default is not None]
        assert all(c.default.is_scalar for c in missing), "a callable default must be in the row"
        #: scalar defaults of the columns the row leaves out, as Core's insert() fills them in
        self.defaults = {c.name: c.default.arg for c in missing}
        names = [*keys, *self.defaults]
        self.processors = [
            (name, proc)
            for name in names
            if (proc := _CONTRIBUTIONS.c[name].type._cached_bind_processor(dialect)) is not None
        ]
        self.returning = dialect.name == "postgresql"
        self.contribution = (
            f"INSERT INTO contributions ({', '.join(names)}) "
            f"VALUES ({', '.join(mark.format(n) for n in names)})"
            + (" RETURNING id" if self.returning else "")
        )
        self.areas = (
            "INSERT INTO contribution_areas (contribution_id, area_id, level_id) "
            f"VALUES ({mark.format('contribution_id')}, {mark.format('area_id')}, "
            f"{mark.format('level_id')})"
        )
        key = ("process_id", "zoom", "gx", "gy", "shard")
        sums = ("count", "sum_lon", "sum_lat", "sum_id")
        self.cells = (
            f"INSERT INTO map_clusters ({', '.join(key + sums)}) "
            f"VALUES ({', '.join(mark.format(n) for n in key + sums)}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
            + ", ".join(f"{n} = map_clusters.{n} + excluded.{n}" for n in sums)
        )

        #: the ``contributions`` version bump of :func:`_commit_alone` (SQLite)
        self.version = (
            "INSERT INTO content_versions (name, shard, version) "
            f"VALUES ('contributions', {mark.format('fw_version_shard')}, 1) "
            "ON CONFLICT (name, shard) DO UPDATE SET version = content_versions.version + 1"
        )
        #: PostgreSQL: the three inserts as one statement (data-modifying CTEs), the areas and
        #: cells as arrays: one round trip instead of three while the row locks are held.
        self.combined = self.alone = None
        if dialect.name == "postgresql":
            self.combined = (
                f"WITH c AS ({self.contribution}), "
                "a AS (INSERT INTO contribution_areas (contribution_id, area_id, level_id) "
                "SELECT c.id, u.area_id, u.level_id FROM c, "
                "unnest(%(fw_area_ids)s::integer[], %(fw_level_ids)s::integer[]) "
                "AS u(area_id, level_id)), "
                f"m AS (INSERT INTO map_clusters ({', '.join(key + sums)}) "
                "SELECT %(process_id)s, u.zoom, u.gx, u.gy, u.shard, 1, %(lon)s, %(lat)s, c.id "
                "FROM c, unnest(%(fw_zooms)s::smallint[], %(fw_gxs)s::integer[], "
                "%(fw_gys)s::integer[], %(fw_shards)s::smallint[]) AS u(zoom, gx, gy, shard) "
                f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
                + ", ".join(f"{n} = map_clusters.{n} + excluded.{n}" for n in sums)
                + ") SELECT id FROM c"
            )
            #: ... and the version bump too: the whole pin in one statement, for autocommit
            #: (:func:`_commit_alone`). The cells are locked before the version row, as in the
            #: session's way (cells, then the version UPSERT at the commit): no lock-order
            #: deadlock between the two ways. Every sub-statement runs to completion.
            self.alone = self.combined.replace(
                ") SELECT id FROM c",
                f"), v AS ({self.version}) SELECT id FROM c",
            )

    def _params(self, row: dict) -> dict:
        params = row | self.defaults
        for name, proc in self.processors:
            params[name] = proc(params[name])
        return params

    def insert_contribution(self, connection, row: dict) -> int:
        """Insert *row* (the defaults and bind processors applied); return its id."""
        result = connection.exec_driver_sql(self.contribution, self._params(row))
        return result.scalar_one() if self.returning else result.lastrowid

    def array_params(self, row: dict, links, cells: list[dict]) -> dict:
        """The parameters of the PostgreSQL statements: the row, the areas and cells as arrays."""
        params = self._params(row)
        params.update(
            fw_area_ids=[area for area, _level in links],
            fw_level_ids=[level for _area, level in links],
            fw_zooms=[c["zoom"] for c in cells],
            fw_gxs=[c["gx"] for c in cells],
            fw_gys=[c["gy"] for c in cells],
            fw_shards=[c["shard"] for c in cells],
        )
        return params

    def write(self, connection, row: dict, links, cells: list[dict]) -> int:
        """Insert the contribution, its areas and add it to its map cells; return its id."""
        if self.combined is not None:
            params = self.array_params(row, links, cells)
            return connection.exec_driver_sql(self.combined, params).scalar_one()
        cid = self.insert_contribution(connection, row)
        connection.exec_driver_sql(
            self.areas, [{"contribution_id": cid, "area_id": a, "level_id": lv} for a, lv in links]
        )
        if cells:
            # the hot rows last: on PostgreSQL they are locked from here to the COMMIT
            for cell in cells:
                cell["sum_id"] = cid
            connection.exec_driver_sql(self.cells, cells)
        return cid


_STATEMENTS: dict[tuple, _Statements] = {}


def _statements(dialect, keys: tuple[str, ...]) -> _Statements | None:
    """The driver SQL for this dialect and row shape (None: another database, use Core)."""
    if dialect.name not in _MARKS or dialect.paramstyle not in ("named", "qmark", "pyformat"):
        return None
    found = _STATEMENTS.get((dialect.name, keys))
    if found is None:
        found = _STATEMENTS[(dialect.name, keys)] = _Statements(dialect, keys)
    return found


def _driver_write(sql: _Statements, driver, row: dict, links, cells: list[dict], shard: int):
    """Run the pin's statements and its version bump on *driver* and commit them."""
    if sql.alone is not None:  # PostgreSQL, in autocommit: one statement, one transaction
        params = sql.array_params(row, links, cells)
        params["fw_version_shard"] = shard
        driver.execute(sql.alone, params).fetchone()
        return
    driver.execute("BEGIN IMMEDIATE")  # SQLite: wait for the write lock (core/db.py)
    try:
        cid = driver.execute(sql.contribution, sql._params(row)).lastrowid
        driver.executemany(
            sql.areas, [{"contribution_id": cid, "area_id": a, "level_id": lv} for a, lv in links]
        )
        if cells:
            for cell in cells:
                cell["sum_id"] = cid
            driver.executemany(sql.cells, cells)
        driver.execute(sql.version, {"fw_version_shard": shard})
        driver.commit()  # the one durable COMMIT; the pin is acknowledged after it
    except BaseException:
        driver.rollback()
        raise


def _commit_alone(sql: _Statements, row: dict, links, cells: list[dict]) -> bool:
    """Write and commit the pin in a transaction of its own; False when that is not possible.

    A pooled DBAPI connection of its own (the session's transaction, if any, stays untouched;
    the request's version read has already handed its connection back to the pool). Driver
    errors are raised as SQLAlchemy's (a repeated key as ``IntegrityError``, a lost connection
    invalidated and raised as a disconnect: the 503 page).
    """
    if db.session.registry.has():  # (a pin request usually never creates its session)
        session = db.session()
        if session.info.get(versioning._PENDING) or session.new or session.dirty or session.deleted:
            return False  # the session has written in this transaction: the pin commits with it
    raw = db.engine.raw_connection()
    if not isinstance(raw, PoolProxiedConnection):  # a test harness's shared connection
        raw.close()
        return False
    driver = raw.driver_connection
    dialect = db.engine.dialect
    postgres = sql.alone is not None
    if postgres:
        if not versioning._psycopg_idle(driver):
            raw.close()
            return False
        driver.autocommit = True
    elif driver.in_transaction:
        raw.close()
        return False
    shard = random.randrange(versioning.SHARDS.get(dialect.name, 1))
    try:
        _driver_write(sql, driver, row, links, cells, shard)
    except dialect.loaded_dbapi.Error as err:
        lost = dialect.is_disconnect(err, driver, None)
        if lost:
            raw.invalidate(err)
        raise DBAPIError.instance(
            "a pin's own transaction (fastwrite._driver_write)",
            None,
            err,
            dialect.loaded_dbapi.Error,
            lost,
            dialect=dialect,
        ) from err
    finally:
        if postgres and raw.is_valid and not driver.closed:
            driver.autocommit = False  # as the pool's other users expect it
        raw.close()  # back to the pool
    versioning.forget_read()  # a later read in this request sees the new version
    return True


def _existing(process_id: int, key: str) -> bool:
    """True when a contribution of this process is stored under *key* (a double submit)."""
    row = db.session.execute(
        select(Contribution.process_id).where(Contribution.idempotency_key == key)
    ).first()
    if row is None:
        return False
    if row[0] != process_id:
        from flask_babel import gettext as _

        raise ServiceError(_("Please reload the page and send the form again."))
    return True


def store_pin(
    process,
    *,
    title: str,
    body: str,
    category,
    lon: float,
    lat: float,
    idempotency_key: str | None,
) -> tuple[str, bool]:
    """Store a resident's online pin; return ``(tracking token, duplicate)``.

    The same rules as :func:`create_contribution` for this case (process taking input, title and
    text, category of the process, point inside the process areas, moderation mode, a repeated
    idempotency key answering with the first pin — found by the unique key at the insert, which
    rolls the session back: call this before writing anything else in the transaction).
    Flushes nothing through the ORM. The pin is usually committed here, in a transaction of
    its own (:func:`_commit_alone`); otherwise in the session's, which the caller commits — the
    caller's ``db.session.commit()`` is then a no-op (nothing pending). Acknowledge only after it.

    :raises ServiceError: with a translated message and the offending field.
    """
    key = idempotency_key if idempotency_key and KEY_RE.match(idempotency_key) else None
    # No probe for the key beforehand: a repeat is caught by the unique key at the insert (a
    # query less for every pin; a double submit costs a rollback and the probe instead).
    _check_basics(process, "pin", "online", title, body, category, True)
    links = _locate(process, "pin", lon, lat, None)
    key = key or secrets.token_urlsafe(24)
    token = token_for_key(key)
    now = utcnow()
    lon, lat = round(float(lon), 6), round(float(lat), 6)
    visibility = "pending" if process.moderation == "pre" else "visible"
    row = {
        "process_id": process.id,
        "kind": "pin",
        "channel": "online",
        "category_id": getattr(category, "id", None),
        "title": title.strip(),
        "body": (body or "").strip(),
        "lon": lon,
        "lat": lat,
        "area_id": links[-1][0],
        "photo": None,
        "visibility": visibility,
        "needs_review": True,
        "email": None,
        "email_consent_at": None,
        "locale": current_language(),
        "tracking_hash": hash_token(token),
        "idempotency_key": key,
        "entered_by_id": None,
        "source_ref": None,
        "created_at": now,
        "updated_at": now,
    }
    dialect = db.engine.dialect
    cells = (
        # a random shard of the low-zoom cells on PostgreSQL: concurrent pins lock other rows
        clusters._rows(process.id, lon, lat, 0, 1, clusters.shard_for(dialect.name))
        if clusters._counted(process.id, visibility, lon, lat)
        else []
    )
    sql = _statements(dialect, tuple(row))
    try:
        if sql is not None and _commit_alone(sql, row, links, cells):
            return token, False
        # The ORM path bumps the package through its session events; Core on the connection
        # does not. From here on the write lock is held: the statements and the caller's commit.
        cache.bump("contributions")
        connection = db.session.connection()  # no statement yet: BEGIN IMMEDIATE with the insert
        if sql is not None:
            sql.write(connection, row, links, cells)
            return token, False
        cid = connection.execute(_CONTRIBUTIONS.insert(), row).inserted_primary_key[0]
    except IntegrityError:
        # The form was sent before (or twice at the same moment): the unique key stopped this
        # insert. Answer with the first one's result.
        db.session.rollback()
        if _existing(process.id, key):
            return token, True
        raise
    # another database: the same rows through Core
    connection.execute(
        _AREAS.insert(), [{"contribution_id": cid, "area_id": a, "level_id": lv} for a, lv in links]
    )
    if cells:
        for cell in cells:
            cell["sum_id"] = cid
        connection.execute(clusters._upsert(connection.dialect.name), cells)
    return token, False
