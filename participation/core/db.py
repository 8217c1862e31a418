"""Declarative base with a naming convention (needed for SQLite batch migrations), helpers, and
SQLite's connection and transaction setup (WAL, busy timeout, BEGIN IMMEDIATE for writes)."""

import re
import time
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, TypeDecorator, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on SQLite and PostgreSQL alike.

    SQLite drops the offset; this type stores naive UTC and hands back aware values, so code never
    compares naive with aware datetimes.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Store as naive UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use utcnow() or an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        """Return an aware UTC datetime."""
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- SQLite transactions ---------------------------------------------------------------------
#
# pysqlite's own transaction handling begins a deferred transaction before INSERT/UPDATE/DELETE
# only and lets SAVEPOINT open one of its own: a transaction that read first (inside a savepoint,
# as budgets' set_score does) and writes later must upgrade its read lock, and when another
# connection committed in between SQLite answers at once with "database is locked"
# (SQLITE_BUSY_SNAPSHOT) — the busy timeout does not apply to the upgrade. So the driver's handling
# is switched off (SQLAlchemy's pysqlite recipe: isolation_level=None) and this module emits the
# BEGIN itself, as BEGIN IMMEDIATE right before the first statement of a transaction that writes
# (INSERT, UPDATE, DELETE, DDL, SAVEPOINT): it waits for the write lock within the busy timeout
# and can never be refused an upgrade. Reads before that run in autocommit mode, each on the
# newest committed data, exactly as before: GET requests never BEGIN, never take the write lock
# and never wait for a writer (WAL). This is PostgreSQL's READ COMMITTED, which every service
# already handles (unique keys caught at the insert, upserts).

#: Statements that only read: they run in autocommit mode until the transaction first writes.
_READS = re.compile(r"\s*(SELECT|VALUES|EXPLAIN|PRAGMA)\b", re.IGNORECASE)
#: A CTE reads unless its statement writes.
_WITH = re.compile(r"\s*WITH\b", re.IGNORECASE)
_WRITES_IN_WITH = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)

#: How long a writer waits for SQLite's write lock before "database is locked" (a clean 503).
#: Writers queue on that one lock; on an overloaded machine (bench/load.py: 200 clients, load
#: average 14 on 2 cores) 10 s was exceeded once per run, so it stays just below gunicorn's 30 s.
BUSY_TIMEOUT_MS = 25_000

#: ``connection.info`` key: True while a SQLAlchemy transaction has begun but not yet written.
_PENDING = "participation.sqlite_begin_pending"


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


def _writes(statement: str) -> bool:
    if _READS.match(statement):
        return False
    if _WITH.match(statement):
        return bool(_WRITES_IN_WITH.search(statement))
    return True


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, connection_record):
    """WAL, busy timeout, foreign keys; the driver leaves transactions to :func:`_sqlite_before`."""
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None  # no implicit BEGIN by pysqlite
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    """A SQLAlchemy transaction starts: nothing is sent yet, the first write sends the BEGIN."""
    if conn.dialect.name == "sqlite" and not _autocommit(conn):
        conn.info[_PENDING] = True


def _autocommit(conn) -> bool:
    return conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT"


@event.listens_for(Engine, "before_cursor_execute")
def _sqlite_before(conn, cursor, statement, parameters, context, executemany):
    """Send BEGIN IMMEDIATE before the transaction's first write."""
    if conn.info.get(_PENDING) and _writes(statement):
        if not cursor.connection.in_transaction:  # nobody sent a BEGIN by hand
            cursor.connection.execute("BEGIN IMMEDIATE")
        conn.info[_PENDING] = False


@event.listens_for(Engine, "commit")
@event.listens_for(Engine, "rollback")
def _sqlite_end(conn):
    """The transaction ends (SQLAlchemy then calls the driver's commit or rollback)."""
    conn.info.pop(_PENDING, None)


# --- Pool checkout: a ping only for a connection that has been idle --------------------------
#
# SQLAlchemy's ``pool_pre_ping`` sends a statement (psycopg: ``;`` with autocommit toggled) on
# every checkout, i.e. a round trip on every request: a cached page's one version query became
# two round trips, a pin's write four. A connection that was handed back to the pool a moment
# ago is alive unless the server went away in that moment, so the ping is sent only after
# :data:`PING_IDLE_SECONDS` in the pool. A connection the driver already knows is lost (psycopg
# marks it ``closed`` after the failed statement) is replaced without a round trip. What is left
# is a server restart within that second: the next statement on such a connection fails, the
# request gets the 503 page (``operations/views/health.py``, Retry-After) and the connection is
# replaced on its next checkout — where ``pool_pre_ping`` would have replaced it silently.
# SQLite connections are files in this process: nothing to ping.

#: Seconds a pooled server connection may rest before its checkout pings it.
PING_IDLE_SECONDS = 1.0
#: ``connection_record.info`` key: when the connection was last handed back to the pool.
_RETURNED = "participation.returned_at"
#: Pings sent by this process (tests and benchmarks read it).
pings = 0


@event.listens_for(Pool, "connect")
@event.listens_for(Pool, "checkin")
def _returned(dbapi_connection, connection_record):
    """Remember when the connection was opened or came back (its checkout may skip the ping)."""
    connection_record.info[_RETURNED] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_if_idle(dbapi_connection, connection_record, connection_proxy):
    """Ping a server connection that rested in the pool; raise to have the pool replace it."""
    if _is_sqlite(dbapi_connection):
        return
    if getattr(dbapi_connection, "closed", False) or getattr(dbapi_connection, "broken", False):
        raise exc.InvalidatePoolError("the driver reports the connection as lost")
    returned = connection_record.info.get(_RETURNED)
    if returned is not None and time.monotonic() - returned < PING_IDLE_SECONDS:
        return
    global pings
    pings += 1
    try:
        _ping(dbapi_connection)
    except Exception as err:  # noqa: BLE001 - any driver error: replace the connection
        raise exc.InvalidatePoolError(f"ping failed: {err}") from err


def _ping(dbapi_connection) -> None:
    """One round trip outside a transaction (as SQLAlchemy's psycopg ping does)."""
    autocommit = getattr(dbapi_connection, "autocommit", None)
    if autocommit is False:  # psycopg: no BEGIN for the ping
        dbapi_connection.autocommit = True
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute(";" if autocommit is not None else "SELECT 1")
        cursor.close()
    finally:
        if autocommit is False and not getattr(dbapi_connection, "closed", False):
            dbapi_connection.autocommit = False
