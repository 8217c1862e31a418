"""Pool checkout (``core/db.py``): a server connection is pinged only after resting in the pool.

``pool_pre_ping`` cost a round trip on every checkout (every request); now a connection handed
back a moment ago is used at once, one that rested is pinged, and one the driver knows is lost
is replaced without a round trip — a server restart still never needs an app restart.
"""

import pytest
from sqlalchemy import text

from participation.core import db as core_db
from participation.extensions import db


def _postgres_only():
    if db.engine.dialect.name != "postgresql":
        pytest.skip("server connections only (PARTICIPATION_TEST_DATABASE_URL)")


def _backend_pid() -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _terminate(pid: int) -> None:
    """End that server process from another connection (as a restart or failover would)."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    other = create_engine(db.engine.url, poolclass=NullPool)
    with other.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    other.dispose()


def test_a_connection_used_a_moment_ago_is_not_pinged_a_rested_one_is(app, monkeypatch):
    _postgres_only()
    _backend_pid()  # a pooled connection exists and was just returned
    before = core_db.pings
    for _ in range(3):
        _backend_pid()
    assert core_db.pings == before  # three checkouts, no ping round trip
    monkeypatch.setattr(core_db, "PING_IDLE_SECONDS", 0.0)
    _backend_pid()
    assert core_db.pings == before + 1


def test_a_rested_connection_whose_server_went_away_is_replaced(app, client, monkeypatch):
    _postgres_only()
    pid = _backend_pid()
    _terminate(pid)
    monkeypatch.setattr(core_db, "PING_IDLE_SECONDS", 0.0)  # it rested: the ping finds it dead
    assert _backend_pid() != pid
    assert client.get("/healthz").status_code == 200


def test_a_connection_the_driver_knows_lost_is_replaced_without_a_ping(app, monkeypatch):
    _postgres_only()
    monkeypatch.setattr(core_db, "PING_IDLE_SECONDS", 3600.0)  # never idle long enough
    raw = db.engine.raw_connection()
    pid = raw.driver_connection.info.backend_pid
    raw.close()
    _terminate(pid)
    raw = db.engine.raw_connection()  # no ping: the dead one comes back from the pool
    assert raw.driver_connection.info.backend_pid == pid
    with pytest.raises(Exception):  # noqa: B017 - the driver's "server closed the connection"
        raw.cursor().execute("SELECT 1")
    raw.close()
    before = core_db.pings
    assert _backend_pid() != pid  # the driver marked it lost: replaced at checkout
    assert core_db.pings == before


def test_sqlite_connections_are_never_pinged(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    before = core_db.pings
    for _ in range(3):
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    assert core_db.pings == before
