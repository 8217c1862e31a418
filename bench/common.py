"""Shared benchmark harness: temporary databases, gunicorn servers, load, percentiles, queries.

All traffic goes to 127.0.0.1 only. Every figure is printed next to a baseline measured in the same
run (e.g. a bare Flask endpoint served the same way), so machine speed cancels out.
"""

import contextlib
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
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


@dataclass
class Server:
    """A gunicorn process serving a WSGI target on 127.0.0.1."""

    target: str
    env: dict[str, str] = field(default_factory=dict)
    workers: int = 4
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        env = {**os.environ, **self.env, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "-w",
                str(self.workers),
                "-b",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
                self.target,
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2),
            ):
                time.sleep(0.5)  # let every worker boot
                return self
            time.sleep(0.1)
        raise RuntimeError(f"gunicorn for {self.target} did not start")

    def __exit__(self, *exc) -> None:
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=15)


@dataclass
class LoadResult:
    """Outcome of a load run."""

    ok: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rps(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def p(self, q: float) -> float:
        """Latency percentile in milliseconds."""
        if not self.latencies:
            return float("nan")
        data = sorted(self.latencies)
        return data[min(len(data) - 1, int(q / 100 * len(data)))] * 1000

    def line(self, label: str) -> str:
        return (
            f"{label:<32} {self.rps:8.1f} req/s  p50 {self.p(50):7.1f} ms  "
            f"p95 {self.p(95):7.1f} ms  ok {self.ok}  errors {self.errors}"
        )


def run_load(
    port: int,
    make_request: Callable[[int], tuple[str, str, bytes, dict]],
    concurrency: int = 32,
    total: int = 2000,
    accept: Callable[[int, bytes], bool] = lambda status, body: status < 400,
) -> LoadResult:
    """Send *total* requests from *concurrency* threads with keep-alive connections.

    :param make_request: ``i → (method, path, body, headers)`` for request number *i*.
    :param accept: whether a response counts as acknowledged.
    """
    counter = iter(range(total))
    lock = threading.Lock()
    latencies: list[float] = []
    ok = errors = 0

    def worker() -> None:
        nonlocal ok, errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                break
            method, path, body, headers = make_request(i)
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                good = accept(response.status, data)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                good = False
            elapsed = time.perf_counter() - start
            with lock:
                if good:
                    ok += 1
                    latencies.append(elapsed)
                else:
                    errors += 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return LoadResult(ok, errors, time.perf_counter() - start, latencies)


def hidden_field(html: str, name: str) -> str:
    """Value of the hidden form field *name* in *html*."""
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
    if match is None:
        raise ValueError(f"no field {name} in the page")
    return match.group(1)


def open_sessions(port: int, path: str, count: int, fields=("csrf_token",)) -> list[dict]:
    """Open *count* browser sessions on the form at *path*.

    Each session is ``{"cookie": …, "csrf": …, <field>: …}``: the session cookie and the hidden
    fields a real browser would send back (CSRF token, signed start time, …).
    """
    sessions = []
    for _ in range(count):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        html = response.read().decode()
        cookie = next(
            c.split(";", 1)[0]
            for c in response.msg.get_all("Set-Cookie")
            if c.startswith("session=")
        )
        session = {"cookie": cookie, **{name: hidden_field(html, name) for name in fields}}
        session["csrf"] = session.get("csrf_token", "")
        sessions.append(session)
        conn.close()
    return sessions


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
