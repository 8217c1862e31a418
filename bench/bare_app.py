"""Baseline: a bare Flask app served by the same gunicorn, for throughput ratios.

``POST /submit`` parses a form and inserts one row into its own SQLite (or the PostgreSQL given in
BARE_DATABASE_URL) table and commits — the minimum any real submission endpoint does, with the
same database settings as the app, so that a ratio compares the work and not the setup:

* one connection per worker thread, kept open (the app's SQLAlchemy pool does the same; a new
  PostgreSQL connection per request would make the baseline several times slower);
* SQLite: WAL, the app's busy timeout, foreign keys on, ``synchronous`` left at SQLite's default
  (FULL) like the app, and ``BEGIN IMMEDIATE`` before the insert (``participation/core/db.py``);
  PostgreSQL: the server's defaults (``synchronous_commit`` on), like the app;
* one durable COMMIT per request, acknowledged after it returns.

``POST /submit-connect`` is the baseline of the earlier rounds, kept to compare with them: a new
connection per request (SQLite: WAL, the driver's deferred BEGIN). ``GET /ping`` returns JSON.
"""

import os
import sqlite3
import threading

from flask import Flask, request

app = Flask(__name__)
DB_URL = os.environ.get("BARE_DATABASE_URL", "sqlite:////tmp/bare-bench.db")
#: The app's SQLite busy timeout (``participation.core.db.BUSY_TIMEOUT_MS``).
BUSY_TIMEOUT_MS = 25_000
#: This thread's connection, its parameter mark and BEGIN (opened on its first request, after
#: the fork; gunicorn.conf.py runs threaded workers).
_local = threading.local()


def _connect():
    found = getattr(_local, "conn", None)
    if found is not None:
        return found
    if DB_URL.startswith("sqlite:///"):
        conn = sqlite3.connect(DB_URL[len("sqlite:///") :], isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, title TEXT)")
        _local.conn = conn, "?", "BEGIN IMMEDIATE"
        return _local.conn
    import psycopg

    conn = psycopg.connect(DB_URL.replace("postgresql+psycopg://", "postgresql://"))
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS items (id SERIAL PRIMARY KEY, title TEXT)")
        conn.commit()
    except (
        psycopg.errors.DuplicateTable,
        psycopg.errors.DuplicateObject,  # the SERIAL's sequence, created by the other worker
        psycopg.errors.UniqueViolation,
    ):
        conn.rollback()  # another worker created it at the same moment (IF NOT EXISTS races)
    _local.conn = conn, "%s", None  # psycopg begins the transaction itself
    return _local.conn


@app.get("/ping")
def ping():
    """Return a constant JSON document."""
    return {"ok": True}


@app.post("/submit")
def submit():
    """Insert one row, commit, and acknowledge it."""
    conn, mark, begin = _connect()
    try:
        if begin:
            conn.execute(begin)
        conn.execute(f"INSERT INTO items (title) VALUES ({mark})", (request.form.get("title"),))
        conn.commit()
    except Exception:
        _local.conn = None  # a broken connection: the next request opens a new one
        conn.close()
        raise
    return {"ok": True}, 201


@app.post("/submit-connect")
def submit_connect():
    """The earlier baseline: connect, insert one row, commit, close — per request."""
    if DB_URL.startswith("sqlite:///"):
        conn = sqlite3.connect(DB_URL[len("sqlite:///") :], timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, title TEXT)")
        mark = "?"
    else:
        import psycopg

        conn = psycopg.connect(DB_URL.replace("postgresql+psycopg://", "postgresql://"))
        mark = "%s"
    try:
        conn.execute(f"INSERT INTO items (title) VALUES ({mark})", (request.form.get("title"),))
        conn.commit()
    finally:
        conn.close()
    return {"ok": True}, 201
