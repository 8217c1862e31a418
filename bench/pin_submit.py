"""Pin submission throughput: the real resident form under gunicorn (4 workers) with 32 concurrent
clients on 127.0.0.1, against a bare Flask insert endpoint served the same way in the same run.

Every submission is a full form POST (CSRF token, signed start time, honeypot, idempotency key,
point inside the process areas → area at every level, insert, map cells, commit, 303 to the
tracking link). After the run the stored rows are counted: they must equal the acknowledged
submissions, and the maintained map cells must equal a recount (``clusters.rebuild``).

The baseline is ``bench/bare_app.py``'s ``POST /submit`` on the same database system: one row
inserted and committed per request on a connection kept per worker, with the app's SQLite
settings (WAL, busy timeout, ``synchronous`` FULL, ``BEGIN IMMEDIATE``) or PostgreSQL's defaults
— the same durability as an acknowledged pin (one commit, one WAL fsync). Target: ≥ 35 % of it.
SQLite always; PostgreSQL too with an admin URL (``--pg-url`` or ``PARTICIPATION_BENCH_PG_URL``,
e.g. postgresql+psycopg://postgres@127.0.0.1:55432/postgres): a scratch database is created and
dropped.

``--profile`` runs no servers: it sends 300 pins through the test client (one process; SQLite,
or PostgreSQL with ``--db postgres``) and
prints where a pin's time goes — CPU and wall time, statements and commits per pin, how long the
write lock is held (first write → end of COMMIT) and the cProfile share of the request's parts.

    .venv/bin/python bench/pin_submit.py [--db sqlite|postgres|both] [--rounds 3]
        [--requests 1000] [--concurrency 32] [--profile]
"""

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import make_app, report  # noqa: E402
from bench.http_load import Server, open_sessions  # noqa: E402
from bench.pins_common import (  # noqa: E402
    berlin_db,
    make_process,
    pg_admin_url,
    pin_form,
    scratch_postgres,
    wait_ready,
)
from bench.submit_rounds import QUIET, alternating_rounds, app_env  # noqa: E402

SLUG = "pin-submit"


def _prepare(db_url: str, workdir: Path):
    """Create the process; return (category id, points inside Neukölln)."""
    from participation.areas import lookup
    from participation.extensions import db

    app = make_app(db_url, INSTANCE_DIR=workdir)
    with app.app_context():
        process = make_process(["08"], SLUG)
        category = process.categories[0].id
        rng = np.random.default_rng(7)
        lons = rng.uniform(13.40, 13.50, 20000)
        lats = rng.uniform(52.40, 52.49, 20000)
        found = lookup.locate_many(lons, lats)
        neukoelln = {a.id for a in process.areas}
        inside = np.isin(found["bezirk"], list(neukoelln))
        points = list(zip(lons[inside], lats[inside], strict=True))
        db.session.remove()
        db.engine.dispose()
    return category, points


def _count_rows(db_url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM contributions")).scalar()
    engine.dispose()
    return int(n)


def _cells_match(db_url: str, workdir: Path) -> str:
    """Compare the maintained map cells with a rebuild from the stored pins."""
    from sqlalchemy import func, select

    from participation.contributions.clusters import MapCluster, rebuild
    from participation.extensions import db

    app = make_app(db_url, INSTANCE_DIR=workdir)
    with app.app_context():
        table = MapCluster.__table__

        def cells() -> dict:
            # a cell's shard rows summed (several per low-zoom cell on PostgreSQL), as the map
            # reads them; the rebuild writes one row per cell
            key = (table.c.process_id, table.c.zoom, table.c.gx, table.c.gy)
            sums = (table.c.count, table.c.sum_lon, table.c.sum_lat, table.c.sum_id)
            rows = db.session.execute(
                select(*key, *(func.sum(c) for c in sums)).group_by(*key)
            ).all()
            # sums of coordinates: compared rounded (the order of additions differs)
            return {r[:4]: (r[4], round(r[5], 6), round(r[6], 6), r[7]) for r in rows if r[4]}

        before = cells()
        rows = db.session.scalar(select(func.count()).select_from(table))
        rebuild()
        after = cells()
        db.session.rollback()
        db.session.remove()
        db.engine.dispose()
    differ = sum(1 for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    return f"{len(before)} cells ({rows} rows), {differ} differ from a rebuild"


def measure(label: str, db_url: str, bare_url: str, workdir: Path, args) -> dict:
    """One database: bare Flask and the real form, in alternating rounds; returns report rows.

    Both servers stay up for the whole measurement and the rounds alternate (bare, pin, bare,
    pin, …; :func:`bench.submit_rounds.alternating_rounds`), so a burst of load from elsewhere
    on the machine hits both sides alike; the best round of each side is compared, and every
    round is listed.
    """
    category, points = _prepare(db_url, workdir)
    env = app_env(db_url, workdir) | QUIET
    with (
        Server("bench.bare_app:app", env={"BARE_DATABASE_URL": bare_url, **QUIET}) as bare,
        Server("wsgi:app", env=env) as app_server,
    ):
        for _worker in range(8):  # each of the 4 workers boots and builds its area index
            wait_ready(app_server.port, f"/processes/{SLUG}/contribute")
        sessions = open_sessions(
            app_server.port,
            f"/processes/{SLUG}/contribute",
            args.concurrency,
            ("csrf_token", "started"),
        )
        time.sleep(3.2)  # the forms were "filled in" for longer than the minimum fill time

        def submit(i: int):
            session = sessions[i % len(sessions)]
            lon, lat = points[i % len(points)]
            fields = pin_form(
                session["csrf"],
                session["started"],
                uuid.uuid4().hex,
                category,
                lon,
                lat,
                f"Bank am Spielplatz {i}",
            )
            body = urlencode(fields).encode()
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": session["cookie"],
            }
            return "POST", f"/processes/{SLUG}/contribute", body, headers

        rounds = alternating_rounds(bare.port, app_server.port, submit, args)
    stored = _count_rows(db_url)
    acked, errors = rounds.acked, rounds.errors
    return rounds.rows(label, "pin", 35) | {
        f"{label}: acknowledged vs stored rows": (
            f"{acked} acknowledged, {stored} stored, lost {acked - stored}, errors {errors}"
        ),
        f"{label}: map cells vs rebuild": _cells_match(db_url, workdir),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--pg-url", help="PostgreSQL admin URL (else PARTICIPATION_BENCH_PG_URL)")
    parser.add_argument("--requests", type=int, default=1000, help="per round and side")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="in-process profile, no servers")
    args = parser.parse_args()
    pg_admin = pg_admin_url(args.pg_url)
    if args.db == "postgres" and not pg_admin:
        parser.error("--db postgres needs --pg-url or PARTICIPATION_BENCH_PG_URL")
    if args.profile:
        from bench.pin_profile import profile

        if args.db == "postgres":
            with scratch_postgres(pg_admin, "bench_profile") as url:
                report("pin submission profile (in-process, PostgreSQL)", profile(300, url))
        else:
            report("pin submission profile (in-process, SQLite)", profile(300))
        return
    rows = {"gunicorn workers": 4, "concurrent clients": args.concurrency}
    if args.db in ("sqlite", "both"):
        workdir = Path(tempfile.mkdtemp(prefix="bench-submit-"))
        bare = f"sqlite:///{workdir / 'bare.db'}"
        part = measure("SQLite", berlin_db(workdir), bare, workdir, args)
        report("pin submission throughput (SQLite)", part)  # printed at once: PostgreSQL may fail
        rows |= part
    if args.db in ("postgres", "both") and pg_admin:
        workdir = Path(tempfile.mkdtemp(prefix="bench-submit-pg-"))
        with scratch_postgres(pg_admin, "bench_submit") as url:
            rows |= measure("PostgreSQL", url, url, workdir, args)
    report("pin submission throughput", rows)


if __name__ == "__main__":
    main()
