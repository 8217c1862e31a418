"""The write of a resident's pin on the hot path: Core statements in the shortest transaction.

SQLite has one writer at a time: a transaction holds the write lock from its first write (the
``BEGIN IMMEDIATE`` of ``core/db.py``) until its COMMIT's fsync has returned. Through the ORM a
pin held it for the whole flush — unit of work, the mapper event that builds the map cells, the
after-flush hooks — about 2 ms of Python per pin on top of the fsync, and on 2 cores shared by 4
workers the holder was often descheduled meanwhile: every other worker's pin waited for that
(profile in ``bench/pin_submit.py --profile``). Here everything is worked out first — validation
and the area lookup (the helpers of ``services.create_contribution``), the tracking hash, the rows
of ``contribution_areas`` and ``map_clusters`` — and then three statements run back to back
(driver SQL built once, ``pin_sql.py``). The rows are exactly those the ORM path writes
(``tests/contributions/test_contrib_fastwrite.py``).

**Its own transaction on a pooled connection** (:func:`_commit_alone`): a pin is the only write
of its request, so it does not need the session's transaction. On PostgreSQL the contribution,
its areas, its map cells *and* the ``contributions`` content-version bump are one statement of
data-modifying CTEs run in autocommit mode — one statement is one transaction, committed durably
before it answers: one round trip instead of BEGIN, the write, the version UPSERT and COMMIT
(4). With the versions the process was read against (*expect*, see ``fastpath.py``) the
statement starts with the content-version guard (``core/cache/guard.py``): no version read of
its own before it, so a pin is one round trip. On SQLite ``BEGIN IMMEDIATE``, the three
inserts, the version UPSERT and COMMIT go to the driver directly, without the session's commit
machinery (before-commit hooks, flush, transaction bookkeeping). The version rule is kept:
the bump commits with the data, in the same transaction. Where that is not possible (the
session already wrote something in this transaction, a test harness's shared connection,
another database) the statements run in the session's transaction and the caller commits.

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
from participation.contributions.pin_sql import Statements, statements_for
from participation.contributions.services import KEY_RE, _check_basics, _locate
from participation.contributions.tokens import hash_token, token_for_key
from participation.core import cache, sqlite_queue
from participation.core.cache import guard, versioning
from participation.core.cache.guard import Expect, Stale
from participation.core.db import BUSY_TIMEOUT_MS, utcnow
from participation.core.errors import ServiceError
from participation.core.i18n import current_language
from participation.extensions import db

_CONTRIBUTIONS = Contribution.__table__
_AREAS = ContributionArea.__table__


def _driver_write(
    sql: Statements, driver, row: dict, links, cells: list[dict], shard: int, expect: Expect
):
    """Run the pin's statements and its version bump on *driver* and commit them.

    :raises Stale: a version of *expect* has moved; nothing was stored.
    """
    if sql.alone is not None:  # PostgreSQL, in autocommit: one statement, one transaction
        params = sql.array_params(row, links, cells)
        params["fw_version_shard"] = shard
        if expect is None:
            driver.execute(sql.alone, params).fetchone()
            return
        params.update(guard.pg_params(expect))
        if driver.execute(sql.guarded, params).fetchone() is None:
            raise Stale()  # the guard had no row: nothing was inserted, nothing bumped
        return
    if expect is not None and not guard.sqlite_current(driver, expect):
        raise Stale()  # read outside the write lock, as the request's version read was
    with sqlite_queue.writer(db.engine.url.database, BUSY_TIMEOUT_MS / 1000):
        _sqlite_transaction(sql, driver, row, links, cells, shard)


def _sqlite_transaction(sql: Statements, driver, row: dict, links, cells, shard: int) -> None:
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


def _commit_alone(sql: Statements, row: dict, links, cells: list[dict], expect: Expect) -> bool:
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
        _driver_write(sql, driver, row, links, cells, shard, expect)
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
    expect: Expect = None,
) -> tuple[str, bool]:
    """Store a resident's online pin; return ``(tracking token, duplicate)``.

    The same rules as :func:`create_contribution` for this case (process taking input, title and
    text, category of the process, point inside the process areas, moderation mode, a repeated
    idempotency key answering with the first pin — found by the unique key at the insert, which
    rolls the session back: call this before writing anything else in the transaction).
    Flushes nothing through the ORM. The pin is usually committed here, in a transaction of
    its own (:func:`_commit_alone`); otherwise in the session's, which the caller commits — the
    caller's ``db.session.commit()`` is then a no-op (nothing pending). Acknowledge only after it.

    *expect* — ``(names, versions)`` the *process* was read against without checking them
    (``fastpath.recent_process``): the pin is stored only while they are current.

    :raises ServiceError: with a translated message and the offending field.
    :raises Stale: a version of *expect* has moved; nothing was stored (read the process again).
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
    sql = statements_for(dialect, tuple(row))
    try:
        if sql is not None and _commit_alone(sql, row, links, cells, expect):
            return token, False
        if expect is not None and not guard.session_current(expect):
            raise Stale()
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
