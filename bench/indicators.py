"""Area profile with 447 sibling areas (Berlin's planning areas) and the MSS import.

Seeds Berlin's areas and the MSS 2021 indicators (the same import as ``flask seed-demo``), adds
participation in the area (2,000 contributions over four channels, 500 survey responses), then
measures server time (Flask test client, in-process) of the public profile of a planning area —
whose choropleth draws all 447 planning areas — on a page-cache miss (a new ``?indicator=`` each
time; the projected outlines stay cached per areas version, as in production), with the outline
cache cold as well, and of a district profile, against ``/healthz`` of the same app in the same
run. Target (issue 12): profile < 150 ms.

    .venv/bin/python -m bench.indicators                 # SQLite
    BENCH_PG_URL=postgresql+psycopg://…/db .venv/bin/python -m bench.indicators   # PostgreSQL
"""

import itertools
import os
import secrets
import tempfile
import time

from sqlalchemy import insert, select

from bench.common import DATA_DIR, count_queries, make_app, prepare_database, report, timed

CONTRIBUTIONS = 2_000
RESPONSES = 500
CHANNELS = ["online", "paper", "event", "doorstep"]


def seed(app) -> dict:
    """MSS import (timed) plus participation in Körnerpark; returns ids and the import time."""
    from participation.accounts.services import create_user
    from participation.areas.models import Area
    from participation.contributions.models import Contribution
    from participation.core.db import utcnow
    from participation.extensions import db
    from participation.indicators.services import import_mss
    from participation.processes import services as processes
    from participation.surveys.models import ResponseArea, Survey, SurveyResponse

    with app.app_context():
        start = time.perf_counter()
        import_mss(DATA_DIR)
        db.session.commit()
        import_seconds = time.perf_counter() - start
        planner = create_user("bench-planner@example.org", "Bench", "bench-pw-123", ["planner"])
        kp = db.session.scalar(select(Area).where(Area.code == "08010213"))
        neukoelln = db.session.scalar(select(Area).where(Area.code == "08"))
        process = processes.create_process(
            planner,
            [kp],
            title="Profil-Bench",
            summary="Bench",
            scope_influence="a",
            scope_decided="b",
            decision_by="c",
            resources="d",
            contact_name="e",
            tools=["ideas"],
        )
        process.status, process.published_at = "published", utcnow()
        db.session.flush()
        now = utcnow()
        db.session.execute(
            insert(Contribution),
            [
                {
                    "process_id": process.id,
                    "kind": "idea",
                    "channel": channel,
                    "title": f"Idee {n}",
                    "body": "",
                    "area_id": kp.id,
                    "visibility": "visible",
                    "status": "received",
                    "tracking_hash": secrets.token_hex(32),
                    "created_at": now,
                    "updated_at": now,
                }
                for n, channel in zip(range(CONTRIBUTIONS), itertools.cycle(CHANNELS))
            ],
        )
        survey = Survey(process_id=process.id, title={"de": "Bench"}, demographics=True)
        db.session.add(survey)
        db.session.flush()
        for n in range(RESPONSES):
            response = SurveyResponse(survey_id=survey.id, household="family" if n % 3 else None)
            db.session.add(response)
            db.session.flush()
            db.session.add(
                ResponseArea(
                    response_id=response.id, area_id=kp.id, survey_id=survey.id, level_rank=4
                )
            )
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # steady state: autovacuum analyses the freshly bulk-loaded tables within a minute;
            # without statistics the planner nests loops over 447 × 236 rows (58 ms)
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        return {"area": kp.id, "district": neukoelln.id, "import_s": import_seconds}


def main() -> None:
    """Seed, warm up, measure, print."""
    pg = os.environ.get("BENCH_PG_URL")
    url = pg or f"sqlite:///{tempfile.mkdtemp(prefix='bench-indicators-')}/bench.db"
    prepare_database(url, berlin=True)
    app = make_app(url)
    ids = seed(app)
    rows: dict[str, str] = {
        "database": "PostgreSQL" if pg else "SQLite (file, WAL)",
        "MSS import (437 planning areas + 542 units → 12 districts)": f"{ids['import_s']:.2f} s",
    }
    client = app.test_client()
    counter = itertools.count()

    def fresh(path: str) -> str:
        # a new query string each time: a page-cache miss, the real work of the view
        return f"{path}?indicator=x{next(counter)}"

    plan = {
        "baseline GET /healthz": lambda: "/healthz",
        "planning-area profile, 447 areas on the map": lambda: fresh(
            f"/areas/{ids['area']}/profile"
        ),
        "district profile, 12 areas on the map": lambda: fresh(f"/areas/{ids['district']}/profile"),
    }
    for label, path_for in plan.items():
        assert client.get(path_for()).status_code == 200
        with count_queries(app) as statements:
            client.get(path_for())
        figures = timed(lambda p=path_for: client.get(p()), repeat=30)
        rows[label] = (
            f"median {figures['median']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
            f"queries {len(statements)}"
        )
    from participation.core.cache import clear

    def cold():
        with app.app_context():
            clear()  # outlines re-projected too (first request after an area import)
        return client.get(fresh(f"/areas/{ids['area']}/profile"))

    figures = timed(cold, repeat=10)
    rows["… outline cache cold as well"] = (
        f"median {figures['median']:6.1f} ms  p95 {figures['p95']:6.1f} ms"
    )
    page = client.get(f"/areas/{ids['area']}/profile")
    rows["page weight (planning area, HTML with inline SVG)"] = f"{len(page.data) / 1024:.0f} kB"
    report("Area profile (issue 12)", rows)


if __name__ == "__main__":
    main()
