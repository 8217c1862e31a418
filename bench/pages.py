"""Public pages under load: gunicorn -w4 on 127.0.0.1, wrk (or a threaded client), bare Flask
(bench/bare_app.py ``/ping``) served the same way in the same run.

For every public page of the demo (start, process list, process, browse, contribution, survey
results, area page, area feedback and profile, map data, body and meeting pages, measures list
and page, budget page, open data, reports archive) it prints
our req/s, bare Flask's, the ratio (target >= 25 %), mean/p50 latency and the SQL statements of a
cache miss and of a hit (in-process, same code). Anonymous visitors, no cookies: every request
is a first visit (the worst case for a page cache that fills in the CSRF token per response).

Less noisy than req/s on a shared box, also printed: the server's CPU per request (gunicorn master
+ workers, live and reaped, from /proc; ours and bare's in the same window, and their ratio), the
in-process CPU of a hit (``time.process_time`` over direct WSGI calls, no test client) and the
worker restarts during the window (``max_requests`` of gunicorn.conf.py, which both servers use:
a restart re-imports the app and empties that worker's page cache). Both servers are left to
finish booting before the first page is measured.

    .venv/bin/python bench/pages.py [--seconds 5] [--connections 32] [--only process,browse]

Every request, to both servers, carries the ``Accept-Encoding`` a phone browser sends
(``PHONE_ACCEPT_ENCODING``, bench/page_load.py): the page cache answers it with its stored gzip
copy, bare Flask's ``/ping`` ignores it. ``--identity`` leaves the header out (uncompressed
pages, as in the rounds before). The ``kB`` column is the body of a hit as sent.

Set ``PARTICIPATION_CACHE_ENABLED=0`` to measure without the cache.
"""

import argparse
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import count_queries, make_app, report  # noqa: E402
from bench.http_load import Server, run_load  # noqa: E402
from bench.page_load import HEADERS, measured, wait_booted  # noqa: E402
from bench.pins_common import berlin_db  # noqa: E402

SLUG = "spielplatz-koernerpark"
MAP_QUERY = "?bbox=13.4236,52.4686,13.4419,52.4786&zoom=14"


def pages(app) -> dict[str, str]:
    """The public URLs of the seeded demo, found in the database and the URL map."""
    from sqlalchemy import select

    from participation.areas.models import Area
    from participation.contributions.models import Contribution
    from participation.extensions import db
    from participation.processes.models import Process
    from participation.surveys.models import Survey

    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == SLUG))
        contribution = db.session.scalar(
            select(Contribution.id)
            .where(Contribution.process_id == process.id, Contribution.visibility == "visible")
            .order_by(Contribution.id)
        )
        survey = db.session.scalar(
            select(Survey.id).where(Survey.process_id == process.id).order_by(Survey.id)
        )
        area = db.session.scalar(select(Area.id).where(Area.code == "08010213"))
        urls = {
            "start /": "/",
            "process list": "/processes/",
            "process page": f"/processes/{SLUG}",
            "browse contributions": f"/processes/{SLUG}/contributions",
            "contribution": f"/processes/{SLUG}/contributions/{contribution}",
            "survey results": f"/surveys/{survey}/results",
            "area page": f"/areas/{area}",
            "area feedback": f"/areas/{area}/feedback",
            "area profile": f"/areas/{area}/profile",
            "map data (zoom 14)": f"/processes/{SLUG}/contributions.geojson{MAP_QUERY}",
        }
        urls.update(_tool_pages())
        urls["open data"] = "/open-data"
        urls["reports archive"] = "/reports/"
        urls["/healthz"] = "/healthz"
    return urls


def _tool_pages() -> dict[str, str]:
    """The public pages of meetings, measures and budgets of the demo (those that exist)."""
    from sqlalchemy import select

    from participation.budgets.models import Budget
    from participation.extensions import db
    from participation.measures.models import Measure
    from participation.meetings.models import Body, Meeting

    urls = {}
    body = db.session.scalar(select(Body.slug).order_by(Body.id))
    if body:
        urls["body page"] = f"/meetings/bodies/{body}"
    meeting = db.session.scalar(
        select(Meeting.id).where(Meeting.visibility == "public").order_by(Meeting.id)
    )
    if meeting:
        urls["meeting page"] = f"/meetings/{meeting}"
    urls["measures list"] = f"/processes/{SLUG}/feedback"
    measure = db.session.scalar(select(Measure.id).order_by(Measure.id))
    if measure:
        urls["measure page"] = f"/measures/{measure}"
    budget = db.session.scalar(select(Budget.id).order_by(Budget.id))
    if budget:
        urls["budget page"] = f"/budgets/{budget}"
    return urls


def queries(app, url: str) -> tuple[int, int, int]:
    """(status, SQL statements on a cache miss, on a hit) for *url*, in-process."""
    from participation.core import cache

    client = app.test_client()
    client.get(url)  # first request of the process: templates, area index, catalogues
    with app.app_context():
        cache.clear()
    # version queries bypass SQLAlchemy's events (raw DBAPI cursor): counted by the cache module
    before = cache.version_queries
    with count_queries(app) as miss:
        status = client.get(url).status_code
    middle = cache.version_queries
    with count_queries(app) as hit:
        client.get(url)
    return status, len(miss) + middle - before, len(hit) + cache.version_queries - middle


def hit_cpu(app, url: str, n: int = 300) -> tuple[float, int]:
    """(In-process CPU milliseconds of a cache hit, bytes of its body): direct WSGI calls
    without a cookie, with :data:`HEADERS`."""
    import time

    path, _, query = url.partition("?")
    sent = [0]

    def call() -> None:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        environ.update({"HTTP_" + k.upper().replace("-", "_"): v for k, v in HEADERS.items()})
        body = app(environ, lambda status, headers, exc_info=None: None)
        sent[0] = len(b"".join(body))
        getattr(body, "close", lambda: None)()

    for _ in range(20):
        call()
    start = time.process_time()
    for _ in range(n):
        call()
    return 1000 * (time.process_time() - start) / n, sent[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", default="", help="comma-separated labels (substring match)")
    parser.add_argument(
        "--identity", action="store_true", help="no Accept-Encoding: uncompressed pages"
    )
    args = parser.parse_args()
    if args.identity:
        HEADERS.clear()

    from participation.demo import seed
    from participation.extensions import db

    workdir = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    db_url = berlin_db(workdir)
    app = make_app(db_url, INSTANCE_DIR=workdir)
    with app.app_context():
        seed()
        db.session.remove()
    urls = pages(app)
    if args.only:
        wanted = args.only.split(",")
        urls = {k: v for k, v in urls.items() if any(w in k for w in wanted)}
    counts = {label: queries(app, url) for label, url in urls.items()}
    hits = {label: hit_cpu(app, url) for label, url in urls.items()}
    with app.app_context():
        db.engine.dispose()

    env = {
        "PARTICIPATION_ENV": "development",
        "PARTICIPATION_DATABASE_URL": db_url,
        "PARTICIPATION_RATELIMIT_ENABLED": "0",
        "PARTICIPATION_MAIL_DELIVER_INLINE": "0",
        "PARTICIPATION_INSTANCE_DIR": str(workdir),
    }
    if "PARTICIPATION_CACHE_ENABLED" in os.environ:
        env["PARTICIPATION_CACHE_ENABLED"] = os.environ["PARTICIPATION_CACHE_ENABLED"]
    rows = {
        "setup": f"gunicorn -w4, {args.connections} connections, {args.seconds} s per page, "
        f"{'wrk' if shutil.which('wrk') else 'threaded client'}, demo data, "
        f"request headers {HEADERS or 'none'} (both servers)",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    print(
        f"{'page':<24} {'req/s':>8} {'bare':>8} {'ratio':>7} {'mean ms':>8} {'p50 ms':>7} "
        f"{'q miss':>6} {'q hit':>5} {'cpu/req':>7} {'bare':>5} {'ratio':>6} {'hit ms':>6} "
        f"{'kB':>6} {'restarts':>8}  status   (restarts: ours/bare's workers)"
    )
    with (
        Server("bench.bare_app:app") as bare,
        Server("wsgi:app", env=env) as server,
    ):
        wait_booted(bare.proc.pid)
        wait_booted(server.proc.pid)
        for label, url in urls.items():
            # warm every worker (the first request of a worker loads templates and indexes)
            run_load(server.port, lambda i, url=url: ("GET", url, b"", HEADERS), 8, 64)
            base = measured(bare, "/ping", args.seconds, args.connections)
            ours = measured(server, url, args.seconds, args.connections)
            status, miss, hit = counts[label]
            ratio = 100 * ours["rps"] / base["rps"]
            cpu_ratio = 100 * base["cpu_ms"] / ours["cpu_ms"] if ours["cpu_ms"] else 0.0
            line = (
                f"{ours['rps']:8.0f} {base['rps']:8.0f} {ratio:6.1f}% {ours['mean']:8.1f} "
                f"{ours['p50']:7.1f} {miss:6d} {hit:5d} {ours['cpu_ms']:7.2f} "
                f"{base['cpu_ms']:5.2f} {cpu_ratio:5.1f}% {hits[label][0]:6.2f} "
                f"{hits[label][1] / 1024:6.1f} "
                f"{ours['restarts']:>4d}/{base['restarts']:<3d}  {status}"
                + (f" ({ours['errors']} failed)" if ours["errors"] else "")
            )
            print(f"{label:<24} {line}", flush=True)
            rows[f"{label} ({url})"] = line
        # reported before the servers stop: gunicorn's graceful stop may outlast Server's wait
        rows["load average at end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        report("public pages under load", rows)


if __name__ == "__main__":
    main()
