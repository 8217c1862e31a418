"""Council report PDF at volume: one process with 20,000 contributions, 10 meetings, 300 measures.

Seeds with Core inserts, then measures the whole generation (aggregate queries + ReportLab layout
+ archive insert) as a job would run it: wall time, query count and peak memory (Python heap by
tracemalloc, and the process's peak RSS). Baselines from the same run: ``GET /healthz`` of the same
app (bare Flask request cost) and a one-page ReportLab PDF with the same embedded font (the fixed
cost of ReportLab itself). Targets (issue 12): < 5 s and < 300 MB.

    .venv/bin/python -m bench.reports                 # SQLite
    BENCH_PG_URL=postgresql+psycopg://…/db .venv/bin/python -m bench.reports   # PostgreSQL
"""

import io
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta

from sqlalchemy import insert, select

from bench.common import ROOT, count_queries, make_app, prepare_database, report, timed

CONTRIBUTIONS = 20_000
MEASURES = 300
MEETINGS = 10
LINKS = 12_000
CHANNELS = ["online"] * 6 + ["paper", "paper", "event", "doorstep", "phone", "meeting"]
STATUSES = ["received"] * 5 + ["in_review", "taken_up", "adopted", "implemented", "not_taken_up"]
MEASURE_STATUSES = ["proposed", "under_review", "adopted", "in_progress", "completed", "rejected"]
WORDS = ["Schatten", "Bank", "Licht", "Wasser", "Spielgerät", "Weg", "Baum", "Toilette", "Zaun"]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(app) -> int:
    """Bulk-insert the volume; returns the process id."""
    from participation.accounts.services import create_user
    from participation.areas.models import Area
    from participation.contributions.models import Contribution, ContributionArea
    from participation.contributions.tokens import hash_token, token_for_key
    from participation.core.db import utcnow
    from participation.extensions import db
    from participation.measures.models import ContributionLink, Measure, measure_processes
    from participation.meetings.models import Body, Decision, Meeting
    from participation.processes import services as processes

    rng = random.Random(12)
    with app.app_context():
        planner = create_user("bench-planner@example.org", "Bench", "bench-pw-123", ["planner"])
        areas = list(
            db.session.scalars(
                select(Area).where(Area.code.in_(["08010213", "08010214"]), Area.valid_to.is_(None))
            )
        )
        process = processes.create_process(
            planner,
            areas,
            title="Spielplatz Körnerpark (Bench)",
            summary="Wie soll der Spielplatz aussehen?",
            scope_influence="Spielgeräte, Bänke, Schatten",
            scope_decided="Ort und Größe",
            decision_by="BVV-Ausschuss",
            resources="380.000 €",
            contact_name="Nesrin Yılmaz",
            tools=["pins", "ideas"],
        )
        process.status, process.published_at = "published", utcnow()
        db.session.flush()
        category_ids = [c.id for c in process.categories]
        now = utcnow()
        rows = []
        for n in range(CONTRIBUTIONS):
            key = secrets.token_urlsafe(18)
            rows.append(
                {
                    "process_id": process.id,
                    "kind": "idea",
                    "channel": rng.choice(CHANNELS),
                    "category_id": rng.choice(category_ids),
                    "title": f"{rng.choice(WORDS)} am Eingang {n}",
                    "body": "Text " * 20,
                    "area_id": areas[n % 2].id,
                    "visibility": "visible",
                    "status": rng.choice(STATUSES),
                    "support_count": rng.randint(0, 40),
                    "locale": "de",
                    "tracking_hash": hash_token(token_for_key(key)),
                    "idempotency_key": key,
                    "created_at": now - timedelta(days=rng.randint(0, 60)),
                    "updated_at": now,
                }
            )
        for start in range(0, len(rows), 2000):
            db.session.execute(insert(Contribution), rows[start : start + 2000])
        ids = list(
            db.session.scalars(
                select(Contribution.id)
                .where(Contribution.process_id == process.id)
                .order_by(Contribution.id)
            )
        )
        db.session.execute(
            insert(ContributionArea),
            [
                {"contribution_id": cid, "area_id": areas[i % 2].id, "level_id": areas[0].level_id}
                for i, cid in enumerate(ids)
            ],
        )
        db.session.execute(
            insert(Measure),
            [
                {
                    "title": f"Maßnahme {n}: {rng.choice(WORDS)}",
                    "description": "Beschreibung " * 10,
                    "status": MEASURE_STATUSES[n % len(MEASURE_STATUSES)],
                    "change_type": "new",
                    "target_groups": [],
                    "source_type": "direct",
                    "created_at": now,
                    "updated_at": now,
                }
                for n in range(MEASURES)
            ],
        )
        measure_ids = list(db.session.scalars(select(Measure.id).order_by(Measure.id)))
        db.session.execute(
            insert(measure_processes),
            [{"measure_id": m, "process_id": process.id} for m in measure_ids],
        )
        db.session.execute(
            insert(ContributionLink),
            [
                {"contribution_id": cid, "measure_id": measure_ids[i % MEASURES], "created_at": now}
                for i, cid in enumerate(ids[:LINKS])
            ],
        )
        body = Body(slug="bench-src", name="Sozialraumkonferenz Neukölln-Nord")
        db.session.add(body)
        db.session.flush()
        for n in range(MEETINGS):
            meeting = Meeting(
                body_id=body.id,
                process_id=process.id,
                title=f"Werkstatt {n + 1}",
                starts_at=now - timedelta(days=7 * (n + 1)),
                visibility="public",
                uid=f"bench-{n}@example.org",
                public_attendees=20 + n,
            )
            db.session.add(meeting)
            db.session.flush()
            for d in range(3):
                db.session.add(
                    Decision(
                        meeting_id=meeting.id,
                        text=f"Beschluss {d + 1} der Werkstatt {n + 1}",
                        votes_yes=9,
                        votes_no=2,
                        votes_abstain=1,
                        minority_opinion="Eine Minderheit wünscht eine Wasserstelle." if d else "",
                    )
                )
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
        return process.id


def _baseline_pdf() -> bytes:
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from participation.reports.pdf.doc import styles

    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph("Beteiligungsbericht", styles()["body"])])
    return buffer.getvalue()


def child(url: str, process_id: int, mode: str) -> None:
    """In a fresh process: generate the report (or only the baseline) and print time and RSS."""
    app = make_app(url, CACHE_ENABLED=False)
    with app.test_request_context():
        from participation.extensions import db
        from participation.processes.models import Process
        from participation.reports.services import generate_version

        _baseline_pdf()  # fonts and ReportLab loaded in both modes
        start = time.perf_counter()
        queries = 0
        if mode == "report":
            with count_queries(app) as statements:
                generate_version(db.session.get(Process, process_id), language="de")
                db.session.commit()
            queries = len(statements)
        print(json.dumps({"s": time.perf_counter() - start, "rss": _rss_mb(), "q": queries}))


def _run_child(url: str, process_id: int, mode: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.reports", "--child", url, str(process_id), mode],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    """Seed, warm up, measure, print."""
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
        return
    pg = os.environ.get("BENCH_PG_URL")
    url = pg or f"sqlite:///{tempfile.mkdtemp(prefix='bench-reports-')}/bench.db"
    prepare_database(url, berlin=True)
    app = make_app(url, CACHE_ENABLED=False)
    started = time.perf_counter()
    process_id = seed(app)
    rows: dict[str, str] = {
        "database": "PostgreSQL" if pg else "SQLite (file, WAL)",
        "seeded": f"{CONTRIBUTIONS} contributions, {MEETINGS} meetings, {MEASURES} measures in "
        f"{time.perf_counter() - started:.1f} s",
    }
    client = app.test_client()
    health = timed(lambda: client.get("/healthz"), repeat=30)
    rows["baseline GET /healthz (bare request)"] = f"median {health['median']:7.1f} ms"
    with app.test_request_context():
        _baseline_pdf()
        pdf = timed(_baseline_pdf, repeat=5)
        rows["baseline one-page ReportLab PDF"] = f"median {pdf['median']:7.1f} ms"

        from participation.extensions import db
        from participation.processes.models import Process
        from participation.reports.data import gather
        from participation.reports.services import generate_version

        process = db.session.get(Process, process_id)
        times = []
        for language in ("de", "en", "de"):
            start = time.perf_counter()
            version = generate_version(process, language=language)
            db.session.commit()
            times.append(time.perf_counter() - start)
        rows["council PDF (gather + layout + archive)"] = (
            f"median {sorted(times)[1]:6.2f} s  (runs {', '.join(f'{t:.2f}' for t in times)})"
            f"  {version.size / 1024:.0f} kB"
        )
        start = time.perf_counter()
        gather(process)
        rows["… of which gathering the figures"] = f"{time.perf_counter() - start:7.2f} s"
        tracemalloc.start()
        generate_version(process, language="de")
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        db.session.rollback()
        rows["… Python heap peak (tracemalloc)"] = f"{peak / 2**20:7.1f} MB"
    base = _run_child(url, process_id, "baseline")
    full = _run_child(url, process_id, "report")
    rows["fresh process: app + ReportLab only"] = f"peak RSS {base['rss']:6.0f} MB"
    rows["fresh process: app + council PDF"] = (
        f"peak RSS {full['rss']:6.0f} MB  ({full['s']:.2f} s, {full['q']} queries)"
    )
    report(
        f"council report: {CONTRIBUTIONS} contributions, {MEETINGS} meetings, {MEASURES} measures "
        f"({rows['database']})",
        rows,
    )


if __name__ == "__main__":
    main()
