"""Stakeholders at volume: 5,000 actors, 200 assessed in one process (two dates each).

Measures server time (Flask test client, in-process: no network) of the matrix page, the matrix
with a two-date comparison, its PDF, and registry searches, against a bare endpoint of the same app
(``/healthz``) in the same run. Target from the issue: < 150 ms for matrix page and search.

    .venv/bin/python -m bench.stakeholders                # SQLite (Berlin areas, cached template)
    BENCH_PG_URL=postgresql+psycopg://…/db .venv/bin/python -m bench.stakeholders   # PostgreSQL
"""

import os
import random
import sys
import tempfile
from datetime import date, timedelta

from sqlalchemy import insert, select

from bench.common import count_queries, make_app, prepare_database, report, timed
from participation.accounts.testing import LoginClient

ACTORS = 5000
ASSESSED = 200
OTHER_ASSESSMENTS = 2000  # in other processes, so the window query has rows to skip
PREFIXES = ["Kita", "Verein", "Initiative", "Bäckerei", "Praxis", "Schule", "Kirchengemeinde"]
WORDS = ["Sonnenblume", "Regenbogen", "Kiez", "Hermann", "Körner", "Rixdorf", "Britz", "Ufer"]


def seed(app) -> dict:
    """Insert the volume in bulk (Core inserts) and return ids for the requests."""
    from participation.accounts.services import create_user
    from participation.areas.models import Area
    from participation.extensions import db
    from participation.processes import services as processes
    from participation.stakeholders.models import (
        Actor,
        ActorType,
        Assessment,
        actor_areas,
        normalise_name,
    )
    from participation.stakeholders.strategy import suggest_strategy

    rng = random.Random(42)
    with app.app_context():
        planner = create_user("bench-planner@example.org", "Bench", "bench-pw-123", ["planner"])
        neukoelln = db.session.scalar(select(Area).where(Area.code == "08"))
        kp = db.session.scalar(select(Area).where(Area.code == "08010213"))
        fields = dict(summary="Bench", scope_influence="a", scope_decided="b", decision_by="c")
        fields.update(resources="d", contact_name="e")
        process = processes.create_process(planner, [kp], title="Matrix-Bench", **fields)
        others = [
            processes.create_process(planner, [kp], title=f"Anderes Verfahren {i}", **fields)
            for i in range(5)
        ]
        db.session.flush()
        types = list(db.session.scalars(select(ActorType)))
        areas = list(db.session.scalars(select(Area.id).where(Area.valid_to.is_(None))))
        now = date.today()
        rows = []
        for i in range(ACTORS):
            person = i % 7 == 0
            name = (
                f"Person {i:04d} {rng.choice(WORDS)}"
                if person
                else f"{rng.choice(PREFIXES)} {rng.choice(WORDS)} {i:04d}"
            )
            rows.append(
                {
                    "kind": "person" if person else "organisation",
                    "name": name,
                    "search_key": normalise_name(name),
                    "type_id": rng.choice(types).id,
                    "email": "" if person else f"info{i}@example.org",
                    "phone": "",
                    "address": "",
                    "website": "",
                    "legal_basis": "",
                    "tags": rng.choice(["", ",kinder,", ",sport,kinder,", ",wohnen,"]),
                    "notes": "",
                }
            )
        db.session.execute(insert(Actor), rows)
        ids = list(db.session.scalars(select(Actor.id).order_by(Actor.id)))
        pairs = {(a, rng.choice(areas)) for a in ids} | {(a, neukoelln.id) for a in ids[::10]}
        links = [{"actor_id": a, "area_id": b} for a, b in sorted(pairs)]
        db.session.execute(insert(actor_areas), links)
        category = {t.id: t.category for t in types}
        type_of = {a: r["type_id"] for a, r in zip(ids, rows, strict=True)}
        assessments = []
        for actor_id in rng.sample(ids, ASSESSED):
            for days in (120, 10):
                inf, intr = rng.randint(0, 4), rng.randint(0, 4)
                assessments.append(
                    _assessment(process.id, actor_id, now - timedelta(days=days), inf, intr, rng)
                )
                assessments[-1]["strategy"] = suggest_strategy(
                    inf, intr, category[type_of[actor_id]]
                )
        for actor_id in rng.sample(ids, OTHER_ASSESSMENTS):
            inf, intr = rng.randint(0, 4), rng.randint(0, 4)
            row = _assessment(rng.choice(others).id, actor_id, now, inf, intr, rng)
            row["strategy"] = suggest_strategy(inf, intr, category[type_of[actor_id]])
            assessments.append(row)
        db.session.execute(insert(Assessment), assessments)
        db.session.commit()
        return {"process": process.id, "user": planner.id, "area": neukoelln.id}


def _assessment(process_id, actor_id, day, influence, interest, rng) -> dict:
    return {
        "process_id": process_id,
        "actor_id": actor_id,
        "assessed_on": day,
        "influence": influence,
        "interest": interest,
        "attitude": rng.randint(-2, 2),
        "influence_direct": True,
        "success_critical": rng.random() < 0.1,
        "legitimate_interest": "",
        "goals_consider": "",
        "access_text": "",
        "dual_role": False,
        "strategy": "inform",
        "strategy_overridden": False,
        "override_reason": "",
    }


def main() -> None:
    """Seed, warm up, measure, print."""
    pg = os.environ.get("BENCH_PG_URL")
    if pg:
        url = pg
    else:
        # an own database rather than the shared cached template: other benchmarks rebuild that
        # one whenever a migration changes, and a copy taken mid-rebuild is empty
        url = f"sqlite:///{tempfile.mkdtemp(prefix='bench-stakeholders-')}/bench.db"
    prepare_database(url, berlin=True)
    app = make_app(url, SESSION_PROTECTION="basic")
    app.test_client_class = LoginClient
    ids = seed(app)
    from participation.accounts.models import User
    from participation.extensions import db

    with app.app_context():
        user = db.session.get(User, ids["user"])
        client = app.test_client(user=user)
    base = f"/manage/processes/{ids['process']}/stakeholders"
    early = (date.today() - timedelta(days=60)).isoformat()
    targets = {
        "baseline GET /healthz (no DB)": "/healthz",
        "matrix page (200 actors)": base,
        "matrix page, compare two dates": f"{base}?compare={early}",
        "matrix page, high influence in Neukölln": f"{base}?influence=high&area={ids['area']}",
        "matrix PDF": f"{base}/matrix.pdf",
        "registry search q=kita": "/manage/stakeholders/?q=kita",
        "registry q=kinder (tag) + area": f"/manage/stakeholders/?q=kinder&area={ids['area']}",
        "registry list, page 40": "/manage/stakeholders/?page=40",
    }
    rows: dict[str, str] = {"database": "PostgreSQL" if pg else "SQLite (file, WAL)"}
    for label, path in targets.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        with count_queries(app) as statements:
            client.get(path)
        figures = timed(lambda p=path: client.get(p), repeat=25)
        rows[label] = (
            f"median {figures['median']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
            f"queries {len(statements)}"
        )
    report(f"stakeholders: {ACTORS} actors, {ASSESSED} assessed ({rows['database']})", rows)


if __name__ == "__main__":
    sys.exit(main())
