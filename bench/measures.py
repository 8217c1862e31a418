"""Feedback loop at volume: 20,000 contributions, 300 measures, 15,000 links in one process.

Measures server time (Flask test client, in-process, page cache off) of "Sie sagten – wir tun"
and of a measure's traceability page with their query counts, against ``/healthz`` of the same app
in the same run; then a bulk link of 5,000 contributions (with outcomes, timeline entries and
digest news), and the digest job for 10,000 consenting contributors (time and peak memory).
Targets (issue 10): pages < 100 ms with a bounded number of queries; bulk link < 2 s; digest for
10,000 < 30 s with flat memory.

    .venv/bin/python -m bench.measures                 # SQLite
    BENCH_PG_URL=postgresql+psycopg://…/db .venv/bin/python -m bench.measures   # PostgreSQL
"""

import os
import random
import resource
import secrets
import tempfile
import time

from sqlalchemy import insert, select

from bench.common import count_queries, make_app, prepare_database, report, timed

CONTRIBUTIONS = 20_000
MEASURES = 300
LINKS = 15_000
CONSENTING = 10_000
BULK = 5_000
STATUSES = ["proposed", "under_review", "adopted", "in_progress", "completed", "rejected"]
WORDS = ["Schatten", "Bank", "Licht", "Wasser", "Spielgerät", "Weg", "Baum", "Toilette", "Zaun"]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed(app) -> dict:
    """Bulk-insert the volume with Core inserts; returns ids for the requests."""
    from participation.accounts.services import create_user
    from participation.areas.models import Area
    from participation.contributions.models import Contribution
    from participation.contributions.tokens import hash_token, token_for_key
    from participation.core.db import utcnow
    from participation.extensions import db
    from participation.measures.models import (
        ContributionLink,
        Measure,
        MeasureStatusChange,
        measure_processes,
    )
    from participation.processes import services as processes

    rng = random.Random(10)
    with app.app_context():
        planner = create_user("bench-planner@example.org", "Bench", "bench-pw-123", ["planner"])
        kp = db.session.scalar(select(Area).where(Area.code == "08010213"))
        process = processes.create_process(
            planner,
            [kp],
            title="Feedback-Bench",
            summary="Bench",
            scope_influence="a",
            scope_decided="b",
            decision_by="c",
            resources="d",
            contact_name="e",
            tools=["pins", "ideas"],
        )
        process.status, process.published_at = "published", utcnow()  # no phases needed here
        db.session.flush()
        category_ids = [c.id for c in process.categories]
        now = utcnow()
        rows = []
        for n in range(CONTRIBUTIONS):
            key = secrets.token_urlsafe(18)
            rows.append(
                {
                    "process_id": process.id,
                    "kind": "pin",
                    "channel": "online",
                    "category_id": rng.choice(category_ids),
                    "title": f"{rng.choice(WORDS)} am Eingang {n}",
                    "body": "Text " * 20,
                    "lon": 13.43 + rng.random() * 0.01,
                    "lat": 52.47 + rng.random() * 0.01,
                    "visibility": "visible",
                    "status": "received",
                    "locale": "de",
                    "email": f"person{n}@example.org" if n < CONSENTING else None,
                    "email_consent_at": now if n < CONSENTING else None,
                    "tracking_hash": hash_token(token_for_key(key)),
                    "idempotency_key": key,
                    "created_at": now,
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
        measure_rows = [
            {
                "title": f"Maßnahme {n}: {rng.choice(WORDS)}",
                "description": "Beschreibung " * 10,
                "status": STATUSES[n % len(STATUSES)],
                "status_reason": "Begründung" if n % 6 == 5 else "",
                "change_type": "new",
                "quick_win": n % 10 == 0,
                "target_groups": [],
                "source_type": "direct",
                "created_at": now,
                "updated_at": now,
                "created_by_id": planner.id,
            }
            for n in range(MEASURES)
        ]
        db.session.execute(insert(Measure), measure_rows)
        measure_ids = list(db.session.scalars(select(Measure.id).order_by(Measure.id)))
        db.session.execute(
            insert(measure_processes),
            [{"measure_id": m, "process_id": process.id} for m in measure_ids],
        )
        db.session.execute(
            insert(MeasureStatusChange),
            [
                {
                    "measure_id": m,
                    "old_status": None,
                    "new_status": "proposed",
                    "explanation": "",
                    "created_at": now,
                }
                for m in measure_ids
            ],
        )
        linked = ids[BULK : BULK + LINKS]  # the first 5,000 stay free for the bulk link
        db.session.execute(
            insert(ContributionLink),
            [
                {
                    "contribution_id": cid,
                    "measure_id": measure_ids[i % MEASURES],
                    "rationale": "Passt zur Maßnahme",
                    "created_at": now,
                }
                for i, cid in enumerate(linked)
            ],
        )
        db.session.commit()
        if db.engine.dialect.name == "postgresql":  # fresh bulk load: give the planner statistics
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("ANALYZE")
        return {
            "process": process.slug,
            "process_id": process.id,
            "measure": measure_ids[7],
            "bulk_measure": measure_ids[0],
            "free": ids[:BULK],
        }


def main() -> None:
    """Seed, warm up, measure, print."""
    pg = os.environ.get("BENCH_PG_URL")
    url = pg or f"sqlite:///{tempfile.mkdtemp(prefix='bench-measures-')}/bench.db"
    prepare_database(url, berlin=True)
    app = make_app(url, CACHE_ENABLED=False)
    started = time.perf_counter()
    ids = seed(app)
    rows: dict[str, str] = {
        "database": "PostgreSQL" if pg else "SQLite (file, WAL)",
        "seeded": f"{CONTRIBUTIONS} contributions, {MEASURES} measures, {LINKS} links in "
        f"{time.perf_counter() - started:.1f} s",
    }
    client = app.test_client()
    targets = {
        "baseline GET /healthz (no DB)": "/healthz",
        "Sie sagten – wir tun (page 1 of 15)": f"/processes/{ids['process']}/feedback",
        "… filtered: in progress": f"/processes/{ids['process']}/feedback?status=in_progress",
        "traceability page (50 contributions)": f"/measures/{ids['measure']}",
        "measures map layer (GeoJSON)": f"/processes/{ids['process']}/measures.geojson",
        "Atom feed": f"/processes/{ids['process']}/measures.atom",
    }
    for label, path in targets.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        with count_queries(app) as statements:
            client.get(path)
        figures = timed(lambda p=path: client.get(p), repeat=20)
        rows[label] = (
            f"median {figures['median']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
            f"queries {len(statements)}"
        )
    from participation.accounts.models import User
    from participation.contributions.models import Contribution
    from participation.extensions import db
    from participation.measures.models import Measure, MeasureNotification
    from participation.measures.notify import enqueue_notifications, send_digests
    from participation.measures.services.links import link_contributions

    with app.test_request_context():
        user = db.session.scalar(select(User))
        measure = db.session.get(Measure, ids["bulk_measure"])
        start = time.perf_counter()
        with count_queries(app) as statements:
            made = link_contributions(measure, ids["free"], "Bündel aus der Kartenauswahl", user)
            db.session.commit()
        rows[f"bulk link {BULK} contributions (+ outcomes, news)"] = (
            f"{(time.perf_counter() - start) * 1000:7.0f} ms  links {made}  "
            f"queries {len(statements)}"
        )
        # news for the other 5,000 consenting contributors: a linked measure moved
        others = db.session.scalars(
            select(Contribution.id).where(
                Contribution.email.is_not(None), Contribution.id.not_in(ids["free"])
            )
        ).all()
        payload = {"measure_id": 1, "title": "Maßnahme 1", "old": "proposed", "new": "adopted"}
        enqueue_notifications([(cid, "measure", payload) for cid in others])
        db.session.commit()
        pending = db.session.scalar(
            select(db.func.count(db.distinct(MeasureNotification.email_key))).where(
                MeasureNotification.digest_id.is_(None)
            )
        )
        before = _rss_mb()
        start = time.perf_counter()
        sent = send_digests()
        rows[f"digest job ({pending} people with news)"] = (
            f"{time.perf_counter() - start:6.1f} s  e-mails {sent}  peak RSS "
            f"{before:.0f} → {_rss_mb():.0f} MB"
        )
        start = time.perf_counter()
        again = send_digests()
        rows["digest job run again (same day)"] = (
            f"{(time.perf_counter() - start) * 1000:6.0f} ms  e-mails {again}"
        )
    report(
        f"measures: {CONTRIBUTIONS} contributions, {MEASURES} measures ({rows['database']})", rows
    )


if __name__ == "__main__":
    main()
