"""Content versions: a counter per name in ``content_versions``, bumped with every public write.

A name's counter is the sum of its rows (one on SQLite, :data:`SHARDS` on PostgreSQL, where
concurrent writers would otherwise queue for the same row lock until their COMMIT).

ORM writes bump their package's name through session events, Core ``insert()/update()/delete()``
through ``db.session.execute`` bump the package owning the table; finer names are registered with
:func:`track` or bumped with :func:`bump`. Readers call :func:`versions` (one plain query).
"""

import functools
import random
from collections.abc import Callable, Iterable
from typing import Any

from flask import g, has_request_context
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event, select, update

from participation.core.models import ContentVersion
from participation.extensions import db

#: Everything a process page can show: the process and the panels of every tool package.
PROCESS_CONTENT = (
    "processes",
    "areas",
    "contributions",
    "surveys",
    "stakeholders",
    "meetings",
    "measures",
    "budgets",
)


#: Session key of the names to bump when the current transaction commits.
_PENDING = "content_versions_pending"
#: Packages whose rows never show on a public page (users, audit log, outbox, locks).
PRIVATE_PACKAGES = {"core", "accounts"}
#: Table name → function(row) returning the names a write to that table bumps, for tables that
#: need finer names than their package's (e.g. one survey's results). Register with :func:`track`.
RULES: dict[str, Callable[[Any], Iterable[str]]] = {}


def track(table: str, rule: Callable[[Any], Iterable[str]]) -> None:
    """Bump ``rule(row)`` instead of the package name when a row of *table* is written."""
    RULES[table] = rule


def names_for(obj: Any) -> tuple[str, ...]:
    """The content names an ORM write of *obj* bumps: its rule, else its package's name."""
    rule = RULES.get(getattr(obj, "__tablename__", ""))
    if rule is not None:
        return tuple(rule(obj))
    parts = type(obj).__module__.split(".")
    if len(parts) < 2 or parts[0] != "participation" or parts[1] in PRIVATE_PACKAGES:
        return ()
    return (parts[1],)


def bump(*names: str) -> None:
    """Increment the content versions *names* with the current transaction.

    ORM writes bump their package's name by themselves (see :func:`names_for`); call this for
    Core statements (``update()``, bulk inserts) and for names finer than a package. The UPSERT
    runs once per transaction, right before it commits, so it commits or rolls back with the
    write and holds its row lock only for the commit.
    """
    if names:
        db.session.info.setdefault(_PENDING, set()).update(names)


#: Dialect name → the version UPSERT (driver SQL, executemany over the names).
_UPSERTS: dict[str, str] = {}
#: Named parameter marks of the drivers :func:`_upsert` writes driver SQL for.
_MARKS = {"sqlite": ":{}", "postgresql": "%({})s"}

#: Rows per name by dialect (default 1). PostgreSQL writers run in parallel, and every one of them
#: locked the same ``contributions`` row from its bump to its COMMIT: concurrent pins queued for
#: it (and whoever held it waited for the CPU meanwhile). A bump there increments one of
#: ``SHARDS`` rows chosen at random, readers sum a name's rows (:func:`versions`): the sum grows
#: with every committed bump and never goes back, so a cache key still changes on every write.
#: SQLite has one writer anyway and keeps one row per name (no extra rows for its readers).
SHARDS = {"postgresql": 8}


def _upsert(connection, names: Iterable[str]) -> None:
    """One statement: insert each name's shard at version 1 or add 1 to its version."""
    table = ContentVersion.__table__
    dialect = connection.dialect.name
    shards = SHARDS.get(dialect, 1)
    shard = random.randrange(shards) if shards > 1 else 0  # one shard for the transaction
    # sorted: concurrent writers take the row locks in the same order (no deadlock on PG)
    rows = [{"name": name, "shard": shard, "version": 1} for name in sorted(names)]
    if dialect in _MARKS:
        sql = _UPSERTS.get(dialect)
        if sql is None:  # built once: constructing it cost more than running it
            name, shard = (_MARKS[dialect].format(n) for n in ("name", "shard"))
            # driver SQL: it runs inside the write lock of every public write, and the compiled
            # statement's parameter processing cost several times the statement there
            sql = _UPSERTS[dialect] = (
                f"INSERT INTO content_versions (name, shard, version) VALUES ({name}, {shard}, 1)"
                " ON CONFLICT (name, shard) DO UPDATE SET version = content_versions.version + 1"
            )
        connection.exec_driver_sql(sql, rows if len(rows) > 1 else rows[0])
        return
    # another database: update, then insert the names that did not exist yet
    wanted = [r["name"] for r in rows]
    connection.execute(
        update(table)
        .where(table.c.name.in_(wanted), table.c.shard == shard)
        .values(version=table.c.version + 1)
    )
    existing = set(
        connection.scalars(
            select(table.c.name).where(table.c.name.in_(wanted), table.c.shard == shard)
        )
    )
    missing = [r for r in rows if r["name"] not in existing]
    if missing:
        connection.execute(table.insert(), missing)


@event.listens_for(FlaskSession, "after_flush")
def _collect(session, flush_context) -> None:
    """Remember the names of everything this flush wrote (state is still pre-flush here)."""
    names: set[str] = set()
    for obj in session.new:
        names.update(names_for(obj))
    for obj in session.deleted:
        names.update(names_for(obj))
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=True):
            names.update(names_for(obj))
    if names:
        session.info.setdefault(_PENDING, set()).update(names)


@functools.cache
def _table_packages() -> dict[str, tuple[str, ...]]:
    """Table name → the package names its rows belong to (for Core writes without rows).

    A mapped table belongs to its class's package; an association table to the packages of the
    tables it references.
    """
    owners: dict[str, set[str]] = {}
    for mapper in db.Model.registry.mappers:
        parts = mapper.class_.__module__.split(".")
        if len(parts) > 1 and parts[0] == "participation" and parts[1] not in PRIVATE_PACKAGES:
            for table in mapper.tables:
                owners.setdefault(table.name, set()).add(parts[1])
    for table in db.metadata.tables.values():
        if table.name not in owners:
            owners[table.name] = {
                pkg for fk in table.foreign_keys for pkg in owners.get(fk.column.table.name, ())
            }
    return {name: tuple(sorted(pkgs)) for name, pkgs in owners.items()}


@event.listens_for(FlaskSession, "do_orm_execute")
def _collect_statement(state) -> None:
    """Core ``insert()``/``update()``/``delete()`` through the session bump their tables' package.

    Bulk writes (counters, outcomes of many contributions) carry no rows to ask; the package
    name is the safe choice. Finer names still need an explicit :func:`bump`.
    """
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    names = _table_packages().get(getattr(table, "name", ""), ())
    if names:
        state.session.info.setdefault(_PENDING, set()).update(names)


@event.listens_for(FlaskSession, "before_commit")
def _apply(session) -> None:
    """Bump what the transaction changed, as its last statement before COMMIT."""
    session.flush()  # the last changes report their names first
    names = session.info.pop(_PENDING, None)
    if names:
        _upsert(session.connection(), names)


def forget_read() -> None:
    """Forget the versions this request has read (a write has committed since)."""
    if has_request_context():
        g.pop("_content_versions", None)


@event.listens_for(FlaskSession, "after_commit")
def _committed(session) -> None:
    session.info.pop(_PENDING, None)
    forget_read()


@event.listens_for(FlaskSession, "after_rollback")
def _rolled_back(session) -> None:
    session.info.pop(_PENDING, None)


#: Number of version queries run by this process. They go to the DBAPI cursor directly, so
#: SQLAlchemy's statement events do not see them; tests and benchmarks add this count.
version_queries = 0


@functools.cache
def _versions_sql(paramstyle: str, count: int) -> str:
    """The summed versions of *count* names (a name's shards added up, see :data:`SHARDS`)."""
    marks = {
        "qmark": ["?"] * count,
        "format": ["%s"] * count,
        "pyformat": [f"%(n{i})s" for i in range(count)],
        "named": [f":n{i}" for i in range(count)],
    }[paramstyle]
    return (
        "SELECT name, SUM(version) FROM content_versions "
        f"WHERE name IN ({', '.join(marks)}) GROUP BY name"
    )


def _psycopg_idle(driver) -> bool:
    """True for a psycopg connection outside a transaction, not yet in autocommit mode."""
    if not type(driver).__module__.startswith("psycopg") or driver.autocommit:
        return False
    from psycopg.pq import TransactionStatus

    return driver.info.transaction_status == TransactionStatus.IDLE


def versions(*names: str) -> tuple[int, ...]:
    """Return the versions of *names* (0 for never bumped), in one query, memoised per request.

    Read them *before* computing what you cache: a write that commits in between then lands in a
    newer key, never an older one.
    """
    memo: dict[str, int] = g.setdefault("_content_versions", {}) if has_request_context() else {}
    missing = [name for name in dict.fromkeys(names) if name not in memo]
    if missing:
        # Plain SQL on a pooled DBAPI connection of its own: this runs on every cache hit, and
        # an ORM session and select (expanding IN, result metadata) cost several times the
        # query. Only committed versions are seen, which is what a shared cache key must use.
        global version_queries
        version_queries += 1
        paramstyle = db.engine.dialect.paramstyle
        sql = _versions_sql(paramstyle, len(missing))
        params = (
            tuple(missing)
            if paramstyle in ("qmark", "format")
            else {f"n{i}": name for i, name in enumerate(missing)}
        )
        connection = db.engine.raw_connection()
        # (a test harness's stand-in connection may have no driver_connection: plain read)
        driver = getattr(connection, "driver_connection", None)
        # psycopg: read in autocommit. Otherwise it sends a BEGIN before the query and the pool
        # a ROLLBACK after it — three round trips for one query on every cache hit, one now.
        # (SQLite's connections are in the driver's autocommit mode anyway, core/db.py.)
        autocommit = _psycopg_idle(driver)
        if autocommit:
            driver.autocommit = True
        try:
            cursor = connection.cursor()
            cursor.execute(sql, params)
            found = dict(cursor.fetchall())
            cursor.close()
        finally:
            if autocommit:
                driver.autocommit = False
            connection.close()  # back to the pool (rolled back there; nothing to roll back)
        for name in missing:
            memo[name] = found.get(name, 0)
    return tuple(memo[name] for name in names)
