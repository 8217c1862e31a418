"""Where a pin's time goes: the resident form through the test client, in one process.

Used by ``bench/pin_submit.py --profile``. Prints per pin: wall and CPU time, the statements and
commits, the wall time of each statement kind and of the COMMIT (its fsync), how long the write
lock is held (first write → end of COMMIT: on SQLite every other writer waits that long), and the
cumulative cProfile time of the request's parts. The rate limiter is on (in-memory storage, the
default; a limit high enough not to refuse), everything else as in production.
"""

import cProfile
import pstats
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DATA_DIR, instrument_writes  # noqa: E402
from bench.http_load import hidden_field  # noqa: E402
from bench.pins_common import berlin_db, make_process, pin_form  # noqa: E402

#: Request parts: a label and the cProfile entries whose cumulative time is that part.
PARTS = [
    ("whole request (Flask WSGI app)", "flask/app.py", "wsgi_app"),
    ("session cookie opened", "flask/sessions.py", "open_session"),
    ("CSRF check (before the view)", "flask_wtf/csrf.py", "protect"),
    ("rate limiter + view", "flask_limiter/_limits.py", "__inner"),
    ("view: fastpath.submit", "contributions/fastpath.py", "submit"),
    ("form: build + parse", "flask_wtf/form.py", "__init__"),
    ("form: validate", "wtforms/form.py", "validate"),
    ("process from the shared cache (a re-read)", "contributions/fastpath.py", "form_process"),
    ("process as this worker read it last", "contributions/fastpath.py", "recent_process"),
    ("area lookup (STRtree)", "areas/lookup.py", "locate"),
    ("content versions read", "core/cache/versioning.py", "versions"),
    ("store_pin (rows built, statements run)", "contributions/fastwrite.py", "store_pin"),
    ("pin's own transaction (checkout … COMMIT)", "contributions/fastwrite.py", "_commit_alone"),
    ("session commit (only when the pin joins it)", "sqlalchemy/orm/scoping.py", "commit"),
    ("driver COMMIT (fsync)", "~", "<method 'commit' of 'sqlite3.Connection' objects>"),
    ("driver COMMIT (PostgreSQL)", "psycopg/connection.py", "commit"),
    ("redirect + url_for", "flask/helpers.py", "url_for"),
    ("response finalised (session saved)", "flask/app.py", "finalize_request"),
]


def _setup(workdir: Path, db_url: str | None, slug: str = "pin-profile"):
    from participation import create_app
    from participation.areas import lookup
    from participation.extensions import db

    app = create_app(
        "development",
        SQLALCHEMY_DATABASE_URI=db_url or berlin_db(workdir),
        SEED_DATA_DIR=DATA_DIR,
        MAIL_DELIVER_INLINE=False,
        INSTANCE_DIR=workdir,
        CONTRIBUTIONS_MIN_FILL_SECONDS=0,
        CONTRIBUTIONS_SUBMIT_RATE_LIMIT="1000000 per minute",
    )
    with app.app_context():
        process = make_process(["08"], slug)
        category = process.categories[0].id
        rng = np.random.default_rng(7)
        lons, lats = rng.uniform(13.40, 13.50, 4000), rng.uniform(52.40, 52.49, 4000)
        found = lookup.locate_many(lons, lats)
        inside = np.isin(found["bezirk"], [a.id for a in process.areas])
        points = list(zip(lons[inside], lats[inside], strict=True))
        db.session.remove()
    client = app.test_client()
    page = client.get(f"/processes/{slug}/contribute").get_data(as_text=True)
    csrf, started = hidden_field(page, "csrf_token"), hidden_field(page, "started")

    def post(i: int) -> None:
        lon, lat = points[i % len(points)]
        response = client.post(
            f"/processes/{slug}/contribute",
            data=pin_form(
                csrf, started, uuid.uuid4().hex, category, lon, lat, f"Bank am Spielplatz {i}"
            ),
        )
        assert response.status_code == 303, response.status_code

    return app, post


class _TimedDriver:
    """Stands in for the DBAPI connection :func:`fastwrite._driver_write` writes a pin on.

    That write goes to the driver directly (its own transaction, no SQLAlchemy events), so
    :func:`instrument_writes` does not see it: here its statements, its COMMIT and the write
    lock's hold (first write → COMMIT done; on PostgreSQL the one autocommit statement, which
    commits before it answers) are timed into the same lists.
    """

    def __init__(self, driver, per_kind, holds, commits):
        self._driver, self._kinds, self._holds, self._commits = driver, per_kind, holds, commits
        self._first = None

    def _timed(self, method, sql, params):
        start = time.perf_counter()
        if self._first is None and not sql.startswith("BEGIN"):
            self._first = start
        result = getattr(self._driver, method)(sql, params)
        end = time.perf_counter()
        self._kinds[" ".join(sql.split()[:3])].append(end - start)
        if sql.startswith("WITH"):  # PostgreSQL: the whole pin, committed in autocommit
            self._commits.append(0.0)
            self._holds.append(end - self._first)
        return result

    def execute(self, sql, params=()):
        if sql.startswith("BEGIN"):
            return self._driver.execute(sql)
        return self._timed("execute", sql, params)

    def executemany(self, sql, params):
        return self._timed("executemany", sql, params)

    def commit(self):
        start = time.perf_counter()
        self._driver.commit()
        end = time.perf_counter()
        self._commits.append(end - start)
        self._holds.append(end - (self._first or start))

    def rollback(self):
        self._driver.rollback()


def _timings(app, post, n: int) -> dict:
    """Wall/CPU per pin, statements with their wall time, commits, write-lock hold."""
    from participation.extensions import db

    with app.app_context():
        engine = db.engine
    per_kind: dict[str, list[float]] = defaultdict(list)
    holds: list[float] = []
    commits: list[float] = []
    undo = instrument_writes(engine, per_kind, holds, commits, {})
    from participation.contributions import fastwrite

    driver_write = fastwrite._driver_write

    def timed_write(sql, driver, *args):
        return driver_write(sql, _TimedDriver(driver, per_kind, holds, commits), *args)

    fastwrite._driver_write = timed_write
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(n):
            post(10_000 + i)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        fastwrite._driver_write = driver_write
        undo()

    def ms(values) -> str:
        median, mean = 1000 * statistics.median(values), 1000 * np.mean(values)
        return f"median {median:.2f} ms, mean {mean:.2f}"

    rows = {
        "pins": n,
        "wall per pin": f"{1000 * wall / n:.2f} ms",
        "CPU per pin": f"{1000 * cpu / n:.2f} ms",
        "statements per pin": f"{sum(len(v) for v in per_kind.values()) / n:.1f}",
        "commits per pin": f"{len(commits) / n:.1f}",
        "write lock held (first write → COMMIT done)": ms(holds),
        "of it: driver COMMIT (WAL fsync)": ms(commits),
    }
    for kind, values in sorted(per_kind.items(), key=lambda kv: -sum(kv[1])):
        rows[f"statement: {kind} ×{len(values) / n:.0f}"] = ms(values)
    return rows


def _profile(post, n: int) -> dict:
    """Cumulative cProfile time per pin of the request's parts (profiling inflates Python)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(n):
        post(50_000 + i)
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


#: Written to stderr between the traced pins of :func:`_traced_child`.
_MARK = "PIN-TRACE-MARK"


def _traced_child(db_url: str, n: int) -> None:
    """Warm up, then send *n* pins with a mark written to stderr after each (for strace)."""
    import os

    app, post = _setup(Path(tempfile.mkdtemp(prefix="bench-pin-trace-")), db_url, "pin-trace")
    for i in range(30):
        post(i)
    os.write(2, f"{_MARK}\n".encode())
    for i in range(n):
        post(90_000 + i)
        os.write(2, f"{_MARK}\n".encode())


def round_trips(db_url: str, n: int = 20) -> dict:
    """Messages sent to PostgreSQL per warm pin, counted by ``strace`` (every ``sendto`` of the
    process between two marks: pool pings, BEGIN, statements, COMMIT — all of them, whoever
    sends them), with the first bytes of each kind. Empty when strace is not installed."""
    import collections
    import shutil
    import subprocess

    if not shutil.which("strace"):
        return {"round trips per pin": "strace not installed"}
    trace = Path(tempfile.mkdtemp(prefix="bench-pin-strace-")) / "trace"
    subprocess.run(
        ["strace", "-f", "-s", "40", "-e", "trace=sendto,write", "-o", str(trace),
         sys.executable, __file__, "--trace-child", db_url, str(n)],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    lines = trace.read_text(errors="replace").splitlines()
    marks = [i for i, line in enumerate(lines) if _MARK in line]
    sent = [line for line in lines[marks[0] : marks[-1]] if "sendto(" in line]
    kinds = collections.Counter()
    for line in sent:
        body = line.split('"', 2)[1]
        # extended protocol (Bind): the prepared statement; simple query: its text
        kinds["simple query " + body[12:30] if body.startswith("Q") else "prepared statement"] += 1
    rows = {"round trips per pin (strace sendto)": f"{len(sent) / (len(marks) - 1):.1f}"}
    for kind, count in kinds.most_common():
        rows[f"  of them: {kind}"] = f"{count / (len(marks) - 1):.1f}"
    return rows


def profile(n: int = 300, db_url: str | None = None) -> dict:
    """Send *n* warm pins twice (timed, then profiled); return the report rows.

    :param db_url: a prepared database (e.g. a PostgreSQL scratch one); default a SQLite copy.
    """
    workdir = Path(tempfile.mkdtemp(prefix="bench-pin-profile-"))
    app, post = _setup(workdir, db_url)
    for i in range(30):  # warm: area index, compiled statements, cached process
        post(i)
    rows = _timings(app, post, n) | _profile(post, n)
    if db_url and db_url.startswith("postgresql"):
        rows |= round_trips(db_url)
    return rows


if __name__ == "__main__":
    from bench.common import report

    if sys.argv[1:2] == ["--trace-child"]:
        _traced_child(sys.argv[2], int(sys.argv[3]))
        sys.exit(0)
    if not sys.argv[1:2] or not sys.argv[1].isdigit():
        if sys.argv[1:2]:  # --help or anything else: this module is a helper of pin_submit.py
            print("usage: bench/pin_profile.py [PINS]  (SQLite; see bench/pin_submit.py --profile)")
            sys.exit(0 if sys.argv[1] in ("-h", "--help") else 2)
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    report("pin submission profile (in-process, SQLite)", profile(count))
