"""Public pages under load: gunicorn -w4 on 127.0.0.1, wrk (or a threaded client), bare Flask
(bench/bare_app.py ``/ping``) served the same way in the same run.

For every public page of the demo (start, process list, process, browse, contribution, survey
results, area page, area feedback and profile, map data, body and meeting pages, measures list
and page, budget page, open data, reports archive) it prints
our req/s, bare Flask's, the ratio (target >= 25 %), mean/p50 latency and the SQL statements of a
cache miss and of a hit (in-process, same code). Anonymous visitors, no cookies: every request
is a first visit (the worst case for a page cache that fills in the CSRF token per response).

    .venv/bin/python bench/pages.py [--seconds 5] [--connections 32] [--only process,browse]

Set ``PARTICIPATION_CACHE_ENABLED=0`` to measure without the cache.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Server, count_queries, make_app, report, run_load  # noqa: E402
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


WRK_RE = {
    "rps": re.compile(r"Requests/sec:\s+([\d.]+)"),
    "mean": re.compile(r"Latency\s+([\d.]+)(us|ms|s)\b"),
    "p50": re.compile(r"50%\s+([\d.]+)(us|ms|s)\b"),
    "non2xx": re.compile(r"Non-2xx or 3xx responses:\s+(\d+)"),
}


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def load(port: int, path: str, seconds: int, connections: int) -> dict:
    """req/s, mean and p50 latency (ms) and failed responses for GET *path*."""
    if shutil.which("wrk"):
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        mean, p50 = WRK_RE["mean"].search(out), WRK_RE["p50"].search(out)
        bad = WRK_RE["non2xx"].search(out)
        return {
            "rps": float(WRK_RE["rps"].search(out).group(1)),
            "mean": _ms(*mean.groups()),
            "p50": _ms(*p50.groups()),
            "errors": int(bad.group(1)) if bad else 0,
        }
    result = run_load(port, lambda i: ("GET", path, b"", {}), connections, seconds * 300)
    mean = sum(result.latencies) / max(1, len(result.latencies)) * 1000
    return {"rps": result.rps, "mean": mean, "p50": result.p(50), "errors": result.errors}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", default="", help="comma-separated labels (substring match)")
    args = parser.parse_args()

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
        f"{'wrk' if shutil.which('wrk') else 'threaded client'}, demo data",
    }
    print(
        f"{'page':<24} {'req/s':>8} {'bare':>8} {'ratio':>7} {'mean ms':>8} {'p50 ms':>7} "
        f"{'q miss':>6} {'q hit':>5}  status"
    )
    with (
        Server("bench.bare_app:app") as bare,
        Server("wsgi:app", env=env) as server,
    ):
        for label, url in urls.items():
            # warm every worker (the first request of a worker loads templates and indexes)
            run_load(server.port, lambda i, url=url: ("GET", url, b"", {}), 8, 64)
            base = load(bare.port, "/ping", args.seconds, args.connections)
            ours = load(server.port, url, args.seconds, args.connections)
            status, miss, hit = counts[label]
            ratio = 100 * ours["rps"] / base["rps"]
            line = (
                f"{ours['rps']:8.0f} {base['rps']:8.0f} {ratio:6.1f}% {ours['mean']:8.1f} "
                f"{ours['p50']:7.1f} {miss:6d} {hit:5d}  {status}"
                + (f" ({ours['errors']} failed)" if ours["errors"] else "")
            )
            print(f"{label:<24} {line}", flush=True)
            rows[f"{label} ({url})"] = line
    report("public pages under load", rows)


if __name__ == "__main__":
    main()
