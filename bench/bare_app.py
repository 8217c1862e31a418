"""Baseline: a bare Flask app served by the same gunicorn, for throughput ratios.

``POST /submit`` parses a form and inserts one row into its own SQLite (or the PostgreSQL given in
BARE_DATABASE_URL) table — the minimum any real submission endpoint does;
``GET /ping`` returns JSON.
"""

import os
import sqlite3

from flask import Flask, request

app = Flask(__name__)
DB_URL = os.environ.get("BARE_DATABASE_URL", "sqlite:////tmp/bare-bench.db")


def _connect():
    if DB_URL.startswith("sqlite:///"):
        conn = sqlite3.connect(DB_URL[len("sqlite:///") :], timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, title TEXT)")
        return conn, "?"
    import psycopg

    conn = psycopg.connect(DB_URL.replace("postgresql+psycopg://", "postgresql://"))
    conn.execute("CREATE TABLE IF NOT EXISTS items (id SERIAL PRIMARY KEY, title TEXT)")
    conn.commit()
    return conn, "%s"


@app.get("/ping")
def ping():
    """Return a constant JSON document."""
    return {"ok": True}


@app.post("/submit")
def submit():
    """Insert one row and acknowledge it."""
    conn, mark = _connect()
    try:
        conn.execute(f"INSERT INTO items (title) VALUES ({mark})", (request.form.get("title"),))
        conn.commit()
    finally:
        conn.close()
    return {"ok": True}, 201
