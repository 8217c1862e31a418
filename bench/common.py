"""Shared benchmark harness: temporary databases, apps, queries, timings and reports.

All traffic goes to 127.0.0.1 only. Every figure is printed next to a baseline measured in the same
run (e.g. a bare Flask endpoint served the same way), so machine speed cancels out. The gunicorn
server, the load and browser sessions are in :mod:`bench.http_load`.
"""

import contextlib
import json
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"  # the bundled open data (gzip), see data/README.md
VENV_BIN = Path(sys.executable).parent
CACHE = ROOT / "bench" / "results"


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_app(db_url: str, **overrides):
    """Create the app (development config) on *db_url* with rate limits off for load tests."""
    from participation import create_app

    return create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=db_url,
        RATELIMIT_ENABLED=False,
        SEED_DATA_DIR=DATA_DIR,
        MAIL_DELIVER_INLINE=False,
        **overrides,
    )


def berlin_sqlite(workdir: Path | None = None) -> str:
    """A SQLite database with the migrations applied and Berlin's areas, copied from a cache."""
    CACHE.mkdir(parents=True, exist_ok=True)
    template = CACHE / "berlin-template.db"
    migrations = sorted((ROOT / "migrations" / "versions").glob("*.py"))
    stamp = str(max(p.stat().st_mtime for p in migrations))
    stamp_file = CACHE / "berlin-template.stamp"
    if not template.exists() or not stamp_file.exists() or stamp_file.read_text() != stamp:
        # build beside and rename, so a benchmark running at the same time never copies a
        # half-built template
        building = CACHE / f"berlin-template.{os.getpid()}.db"
        building.unlink(missing_ok=True)
        prepare_database(f"sqlite:///{building}", berlin=True)
        os.replace(building, template)
        stamp_file.write_text(stamp)
    workdir = workdir or Path(tempfile.mkdtemp(prefix="bench-"))
    target = workdir / "bench.db"
    shutil.copyfile(template, target)
    return f"sqlite:///{target}"


def prepare_database(db_url: str, berlin: bool = True) -> None:
    """Run the migrations (and import Berlin's areas) on an empty database."""
    from flask_migrate import upgrade

    from participation.extensions import db

    app = make_app(db_url)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"), revision="head")
        if berlin:
            from participation.demo.areas import seed_berlin_areas

            seed_berlin_areas(DATA_DIR)
        db.session.remove()
        db.engine.dispose()


@contextlib.contextmanager
def count_queries(app) -> Iterator[list[str]]:
    """Collect the SQL statements executed inside the block."""
    from sqlalchemy import event

    from participation.extensions import db

    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def timed(func: Callable[[], object], repeat: int = 30) -> dict[str, float]:
    """Median and p95 wall time of *func* in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))]}


def report(title: str, rows: dict) -> None:
    """Print a titled block of figures (and keep a JSON copy under bench/results/)."""
    print(f"\n== {title}")
    for key, value in rows.items():
        print(f"  {key:<44} {value}")
    CACHE.mkdir(parents=True, exist_ok=True)
    name = "".join(c if c.isalnum() else "-" for c in title.lower())[:60]
    (CACHE / f"{name}.json").write_text(json.dumps(rows, indent=2, default=str))


def instrument_writes(engine, per_kind, holds, commits, state) -> Callable[[], None]:
    """Time every statement of *engine* and how long each transaction holds the write lock.

    Appends to *per_kind* (first three words of a statement → wall times), *commits* (the driver's
    COMMIT) and *holds* (first non-SELECT statement → end of COMMIT: what other writers wait
    for on SQLite). Returns the function that removes the instrumentation.
    """
    from sqlalchemy import event

    def before(conn, cursor, statement, *args):
        state["stmt"] = time.perf_counter()
        if "first_write" not in state and not statement.lstrip().upper().startswith("SELECT"):
            state["first_write"] = state["stmt"]

    def after(conn, cursor, statement, *args):
        kind = " ".join(statement.split()[:3])
        per_kind[kind].append(time.perf_counter() - state.pop("stmt"))

    dialect = engine.dialect
    driver_commit = dialect.do_commit

    def do_commit(dbapi_connection):
        start = time.perf_counter()
        driver_commit(dbapi_connection)
        end = time.perf_counter()
        commits.append(end - start)
        holds.append(end - state.pop("first_write", start))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    dialect.do_commit = do_commit

    def undo():
        dialect.do_commit = driver_commit
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)

    return undo
