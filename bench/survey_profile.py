"""Where a survey response's time goes: the resident form through the test client, one process.

Used by ``bench/survey_submit.py --profile``. The same 20-question survey and answers as the
load run. Prints per response: wall and CPU time (``time.process_time``), statements and commits,
the wall time of each statement kind, how long the write lock is held (first write → end of
COMMIT: on SQLite every other writer waits that long), then the fold of those responses into the
counters (``surveys/fold.py``: CPU and wall per response, lock held per batch), on PostgreSQL the
server's CPU per response (its backends' ``/proc`` counters, loopback server only) and the round
trips per response (libpq's protocol trace), and the cumulative cProfile time of the request's
parts.
"""

import cProfile
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import instrument_writes  # noqa: E402
from bench.http_load import hidden_field  # noqa: E402

#: Request parts: a label and the cProfile entries whose cumulative time is that part.
PARTS = [
    ("whole request (Flask WSGI app)", "flask/app.py", "wsgi_app"),
    ("CSRF check (before the view)", "flask_wtf/csrf.py", "protect"),
    ("compiled questionnaire, versions read", "surveys/compiled.py", "compiled_survey"),
    ("compiled questionnaire, unchecked (write checks)", "surveys/compiled.py", "recent"),
    ("read_form (parse + validate)", "surveys/services/responses.py", "read_form"),
    (
        "store_response (rows built, statements run)",
        "surveys/services/response_write.py",
        "store_response",
    ),
    ("of it: the driver write (services/driver_sql.py)", "surveys/services/driver_sql.py", "write"),
    (
        "driver statements on sqlite3.Connection (BEGIN … COMMIT)",
        "~",
        "<method 'execute' of 'sqlite3.Connection' objects>",
    ),
    ("session commit (version UPSERT + COMMIT)", "sqlalchemy/orm/scoping.py", "commit"),
    (
        "driver COMMIT (SQLite, session path)",
        "~",
        "<method 'commit' of 'sqlite3.Connection' objects>",
    ),
    ("driver COMMIT (PostgreSQL)", "psycopg/connection.py", "commit"),
    ("redirect + url_for", "flask/helpers.py", "url_for"),
    ("response finalised (session saved)", "flask/app.py", "finalize_request"),
]


def _setup(workdir: Path, db_url: str | None):
    from itsdangerous import URLSafeSerializer

    from bench.survey_common import private_berlin_sqlite
    from bench.survey_submit import SECRET, _prepare

    db_url = db_url or private_berlin_sqlite(workdir)
    survey_id, answers = _prepare(db_url, workdir)
    from bench.common import make_app

    app = make_app(db_url, INSTANCE_DIR=workdir, SECRET_KEY=SECRET)
    client = app.test_client()
    page = client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    csrf = hidden_field(page, "csrf_token")
    signer = URLSafeSerializer(SECRET, salt="survey-browser")

    def post(i: int) -> None:
        client.set_cookie("survey_browser", signer.dumps(secrets.token_urlsafe(24)))
        data = {"csrf_token": csrf, "idempotency_key": secrets.token_urlsafe(24)}
        response = client.post(f"/surveys/{survey_id}", data={**data, **answers[i % 500]})
        assert response.status_code == 303, response.status_code

    return app, post, survey_id


def _ms(values) -> str:
    if not values:
        return "-"
    median, mean = 1000 * statistics.median(values), 1000 * np.mean(values)
    return f"median {median:.2f} ms, mean {mean:.2f}"


def _server_cpu(engine) -> float | None:
    """CPU seconds used so far by the PostgreSQL backends of *engine*'s database (``/proc``).

    Only for a server on this machine (the benches' loopback PostgreSQL); None otherwise. The
    server shares the two cores with the app: a millisecond saved there counts as much.
    """
    if engine.dialect.name != "postgresql" or engine.url.host not in ("127.0.0.1", "localhost"):
        return None
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    # a connection of its own, outside the app's pool: the pool's connections are all counted
    reader = create_engine(engine.url, poolclass=NullPool)
    with reader.connect() as connection:
        pids = (
            connection.exec_driver_sql(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            .scalars()
            .all()
        )
    reader.dispose()
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # not visible here (another machine, container)
            return None
        ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _timings(app, post, survey_id: int, n: int) -> dict:
    """Per response: wall/CPU, statements, commits, write-lock hold; then the fold of them."""
    from participation.extensions import db
    from participation.surveys import fold
    from participation.surveys.services import driver_sql

    with app.app_context():
        engine = db.engine
        fold.fold_survey(survey_id)  # the warm-up responses
    per_kind: dict[str, list[float]] = defaultdict(list)
    holds: list[float] = []
    commits: list[float] = []
    # the form's write on the driver (services/driver_sql.py) passes no SQLAlchemy event: it
    # reports its lock time, COMMIT time and statements itself
    written: list[tuple[float, float, int]] = []
    driver_sql.observer = lambda *figures: written.append(figures)
    undo = instrument_writes(engine, per_kind, holds, commits, {})
    try:
        server = _server_cpu(engine)
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(n):
            post(i)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if server is not None:
            server = _server_cpu(engine) - server
    finally:
        undo()
        driver_sql.observer = None
    sent = sum(len(v) for v in per_kind.values()) + sum(s for _h, _c, s in written)
    holds += [hold for hold, _commit, _sent in written]
    commits += [commit for _hold, commit, _sent in written if commit]
    if written:
        per_kind["driver write (first statement → COMMIT done)"] = [h for h, _c, _s in written]
    rows = {
        "responses": n,
        "wall per response": f"{1000 * wall / n:.2f} ms",
        "CPU per response": f"{1000 * cpu / n:.2f} ms",
        "server CPU per response (PostgreSQL backends, /proc; 10 ms ticks)": (
            "-" if server is None else f"{1000 * server / n:.2f} ms"
        ),
        "statements per response (BEGIN and COMMIT included on the driver path)": f"{sent / n:.1f}",
        "responses written on the driver path": str(len(written)),
        "commits per response": f"{(len(commits) or len(written)) / n:.1f}",
        "write lock held (first write → COMMIT done)": _ms(holds),
        "of it: driver COMMIT": _ms(commits),
    }
    for kind, values in sorted(per_kind.items(), key=lambda kv: -sum(kv[1])):
        rows[f"statement: {kind} ×{len(values) / n:.1f}"] = _ms(values)
    fold_holds: list[float] = []
    undo = instrument_writes(engine, defaultdict(list), fold_holds, [], {})
    try:
        with app.app_context():
            wall, cpu = time.perf_counter(), time.process_time()
            folded = fold.fold_survey(survey_id)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        undo()
    rows[f"fold of the {folded} responses (batches of {fold.BATCH})"] = (
        f"{1000 * wall:.0f} ms wall, {1000 * cpu:.0f} ms CPU in this process: "
        f"{1000 * wall / max(folded, 1):.2f} ms wall per response"
    )
    rows["fold: write lock held per batch"] = _ms(fold_holds)
    return rows


def _profile(post, n: int) -> dict:
    """Cumulative cProfile time per response of the request's parts (profiling inflates)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(n):
        post(i)
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    rows = {}
    for label, file_part, name in PARTS:
        total = sum(
            entry[3]
            for (filename, _line, func), entry in stats.items()
            if func == name and file_part in filename
        )
        rows[f"profile: {label}"] = f"{1000 * total / n:.2f} ms"
    return rows


def _round_trips(app, post, workdir: Path, n: int) -> dict:
    """PostgreSQL: client/server round trips per response, from libpq's protocol trace.

    Every ``ReadyForQuery`` the server sends ends one round trip (a simple query, or a pipeline
    of extended-protocol messages up to its Sync): the pool's pings, BEGIN, statements, COMMIT.
    """
    import psycopg
    from sqlalchemy import event

    from participation.extensions import db

    path = workdir / "libpq-trace.txt"
    seen: set[int] = set()
    with app.app_context():
        engine = db.engine
    with path.open("w") as trace:

        def on_checkout(dbapi_connection, _record, _proxy):
            pgconn = dbapi_connection.pgconn
            if id(pgconn) not in seen:
                seen.add(id(pgconn))
                pgconn.trace(trace.fileno())
                pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)

        event.listen(engine, "checkout", on_checkout)
        try:
            for i in range(n):
                post(i)
        finally:
            event.remove(engine, "checkout", on_checkout)
            with app.app_context():
                db.engine.dispose()  # traced connections are not reused
    lines = path.read_text().splitlines()
    ready = sum(1 for line in lines if "\tReadyForQuery" in line)
    queries = [line.split("\t")[3].strip() for line in lines if "\tQuery\t" in line]
    return {
        "round trips per response (ReadyForQuery; the bare insert: 3)": f"{ready / n:.1f}",
        "of them simple queries (pings ';', BEGIN, COMMIT)": ", ".join(
            f"{q} ×{queries.count(q) / n:.1f}" for q in sorted(set(queries))
        ),
    }


def profile(n: int = 300, db_url: str | None = None) -> dict:
    """Send *n* warm responses twice (timed and folded, then profiled); return report rows."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-survey-profile-"))
    app, post, survey_id = _setup(workdir, db_url)
    for i in range(30):  # warm: compiled questionnaire, area index, compiled statements
        post(i)
    rows = _timings(app, post, survey_id, n)
    if db_url and db_url.startswith("postgresql"):
        rows |= _round_trips(app, post, workdir, 50)
    return rows | _profile(post, n)
