"""Load and faults (issue 13): 200 concurrent clients submitting pins and survey answers against
gunicorn (``gunicorn.conf.py``, 4 workers) on SQLite and on PostgreSQL, with faults injected.

For each database, for ``--seconds`` (default 60): every client sends the real resident forms
(pin form and survey answer form, half each); 10 % of the submissions are double submits — the
same body with the same idempotency key sent twice at the same moment on two connections.
During the run one gunicorn worker is killed with SIGKILL, and on PostgreSQL the database server
is restarted (``pg_ctl restart``). Afterwards every acknowledged submission (303) must be stored,
exactly once per idempotency key, and no response may be a 5xx — except clean 503 pages (error
template, ``Retry-After``) while PostgreSQL is down.

Then the scheduler: 100 e-mails are queued, ``flask scheduler run`` delivers them to a local SMTP
sink, is killed with SIGKILL mid-run and started again: every message must arrive, none twice.

PostgreSQL: ``PARTICIPATION_BENCH_DATABASE_URL`` (an admin URL; a scratch database is created) —
then the restart fault is skipped, since the server is not ours — or, by default, a throw-away
cluster started from /usr/lib/postgresql/*/bin on a free loopback port (as scripts/test.sh does).
Everything is bounded (time and count) and on 127.0.0.1 only; it stops by itself.

    .venv/bin/python bench/load.py [--seconds 60] [--clients 200]
        [--only sqlite|postgresql|scheduler] [--kills N]

The pieces: :mod:`bench.load_servers` (gunicorn, the throw-away PostgreSQL),
:mod:`bench.load_clients` (the clients and what they saw), :mod:`bench.load_check` (acknowledged
against stored), :mod:`bench.load_mail` (the scheduler fault); this module runs them.
"""

import argparse
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import prepare_database, report  # noqa: E402
from bench.http_load import open_sessions  # noqa: E402
from bench.load_check import stored_keys, summary  # noqa: E402
from bench.load_clients import Outcome, run_clients, send, submission_maker  # noqa: E402
from bench.load_mail import scheduler_fault  # noqa: E402
from bench.load_servers import (  # noqa: E402
    WORKERS,
    Gunicorn,
    ThrowawayPostgres,
    postgres_database,
)
from bench.pin_submit import SLUG  # noqa: E402
from bench.pin_submit import _prepare as prepare_pins  # noqa: E402
from bench.pins_common import berlin_db  # noqa: E402
from bench.submit_rounds import app_env  # noqa: E402

SECRET = "bench-load-" + secrets.token_hex(16)


def _prepare_survey(db_url: str, workdir: Path):
    """The survey bench's survey and answers, its browser cookie signed with this server's key."""
    import bench.survey_submit as survey_bench
    from bench.survey_submit import _prepare

    survey_bench.SECRET = SECRET  # the browser cookie must be signed with the server's key
    return _prepare(db_url, workdir)


def measure(label: str, db_url: str, workdir: Path, args, pg: ThrowawayPostgres | None) -> dict:
    """One database under load with the worker kill (and the PostgreSQL restart)."""
    category, points = prepare_pins(db_url, workdir)
    survey_id, answers = _prepare_survey(db_url, workdir)
    env = app_env(db_url, workdir, PARTICIPATION_SECRET_KEY=SECRET)
    from itsdangerous import URLSafeSerializer

    signer = URLSafeSerializer(SECRET, salt="survey-browser")
    outcome = Outcome()
    restart_window: list = []
    faults: list[str] = []
    with Gunicorn(env) as server:
        pin_sessions = open_sessions(
            server.port, f"/processes/{SLUG}/contribute", 40, ("csrf_token", "started")
        )
        survey_sessions = open_sessions(server.port, f"/surveys/{survey_id}", 40)
        time.sleep(3.2)  # the pin forms were "filled in" for longer than the minimum fill time
        make_submission = submission_maker(
            SLUG, pin_sessions, category, points, survey_id, survey_sessions, answers, signer
        )

        def inject() -> None:
            time.sleep(args.seconds * 0.25)
            pid = server.kill_worker()
            faults.append(f"SIGKILL worker {pid} at {args.seconds * 0.25:.0f} s")
            if pg is not None:
                time.sleep(args.seconds * 0.25)
                began = time.monotonic() - t0
                restart_window.append([began, None])
                pg.restart()
                restart_window[-1][1] = time.monotonic() - t0
                faults.append(
                    f"PostgreSQL restarted at {began:.0f} s "
                    f"(down {restart_window[-1][1] - began:.1f} s)"
                )

        t0 = time.monotonic()
        injector = threading.Thread(target=inject, daemon=True)
        injector.start()
        elapsed = run_clients(
            server.port, args.seconds, args.clients, make_submission, outcome, restart_window
        )
        injector.join(timeout=30)
        # after the faults: the app answers again without a restart
        after = send(server.port, "GET", "/readyz", b"", {})[0]
    stored = stored_keys(db_url, SLUG, survey_id)
    return summary(label, outcome, stored, elapsed, faults, after)


def main() -> None:
    """Parse the arguments, run the chosen parts, print one report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--only", choices=("sqlite", "postgresql", "scheduler"))
    parser.add_argument("--kills", type=int, default=1, help="scheduler SIGKILLs (max 20)")
    args = parser.parse_args()
    args.seconds = min(args.seconds, 300)  # bounded whatever is asked
    args.clients = min(args.clients, 500)

    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    rows: dict = {"gunicorn": f"gunicorn.conf.py, {WORKERS} workers", "clients": args.clients}
    kills = max(1, min(args.kills, 20))
    if args.only == "scheduler":
        rows = {"scheduler on": "SQLite"} | scheduler_fault(berlin_db(workdir), workdir, kills)
    if args.only in (None, "sqlite"):
        url = berlin_db(workdir)
        rows |= measure("SQLite", url, workdir, args, None)
        rows |= scheduler_fault(url, workdir, kills)
    if args.only in (None, "postgresql"):
        given = os.environ.get("PARTICIPATION_BENCH_DATABASE_URL")
        with postgres_database(given) as (url, pg):
            prepare_database(url, berlin=True)
            (workdir / "pg").mkdir(exist_ok=True)
            rows |= measure("PostgreSQL", url, workdir / "pg", args, pg)
    report("load and faults", rows)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
