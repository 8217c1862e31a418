"""OParl list pages at volume (issue 12): a meeting list page of 100 objects < 100 ms.

Seeds one body with 40 public seats and 1,000 public meetings (5 agenda items, 10 present
members each, decisions on 200 of them), then measures in-process with the Flask test client:
the OParl meeting list page (100 meetings with embedded agenda items and locations) built
without the shared cache (the work a first request does) and from it, its query count, and the
agenda-item, person and paper lists — beside the bare ``/healthz`` endpoint of the same app.

    .venv/bin/python -m bench.oparl                                           # SQLite
    BENCH_PG_URL=postgresql+psycopg://…/db .venv/bin/python -m bench.oparl   # PostgreSQL
"""

import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta

from bench.common import count_queries, make_app, prepare_database, report, timed

MEETINGS = 1000
ITEMS = 5
SEATS = 40
PRESENT = 10
DECIDED = 200


def seed(app) -> None:
    """The council world (ORM, so the OParl listeners run as in production)."""
    from participation.extensions import db
    from participation.meetings.models import (
        AgendaItem,
        Attendance,
        Body,
        Decision,
        Meeting,
        Membership,
    )
    from participation.stakeholders.models import Actor, ActorType

    with app.app_context():
        type_id = db.session.query(ActorType.id).order_by(ActorType.id).limit(1).scalar()
        body = Body(slug="srk-bench", name="Sozialraumkonferenz Körnerpark (Last)")
        seats = [
            Membership(
                body=body,
                actor=Actor(
                    kind="organisation", name=f"Träger {i:02d} im Körnerkiez", type_id=type_id
                ),
                public=True,
            )
            for i in range(SEATS)
        ]
        db.session.add_all([body, *seats])
        start = datetime(2024, 1, 8, 17, tzinfo=UTC)
        for i in range(MEETINGS):
            meeting = Meeting(
                body=body,
                title=f"{i + 1}. Sitzung",
                starts_at=start + timedelta(days=2 * i),
                ends_at=start + timedelta(days=2 * i, hours=2),
                venue_name="Gemeinschaftshaus Körnerpark",
                venue_address="Schierker Straße 8, 12051 Berlin",
                lat=52.4735,
                lon=13.439,
                visibility="public",
                uid=f"{uuid.uuid4()}@bench",
                minutes_status="published" if i < DECIDED else "draft",
            )
            meeting.agenda_items = [
                AgendaItem(position=p, title=f"TOP {p + 1}", kind="discussion")
                for p in range(ITEMS)
            ]
            db.session.add(meeting)
            db.session.add_all(
                Attendance(meeting=meeting, membership=s, status="present") for s in seats[:PRESENT]
            )
            if i < DECIDED:
                db.session.add(
                    Decision(
                        meeting=meeting,
                        agenda_item=meeting.agenda_items[0],
                        text=f"Beschluss {i + 1}: Die Konferenz empfiehlt …",
                    )
                )
            if i % 100 == 99:
                db.session.commit()
        db.session.commit()


def main() -> None:
    """Seed, measure, print."""
    pg = os.environ.get("BENCH_PG_URL")
    url = pg or f"sqlite:///{tempfile.mkdtemp(prefix='bench-oparl-')}/bench.db"
    prepare_database(url, berlin=False)
    warm = make_app(url)
    seed(warm)
    cold = make_app(url, CACHE_ENABLED=False)
    rows: dict[str, str] = {"database": "PostgreSQL" if pg else "SQLite (file, WAL)"}
    targets = [
        ("baseline GET /healthz (no DB)", warm, "/healthz"),
        ("meeting list, 100 objects, built (no cache)", cold, "/oparl/v1.1/body/1/meeting"),
        ("meeting list, page 5, built (no cache)", cold, "/oparl/v1.1/body/1/meeting?page=5"),
        ("meeting list, 100 objects, shared cache", warm, "/oparl/v1.1/body/1/meeting"),
        (
            "meeting list, omit_internal, built",
            cold,
            "/oparl/v1.1/body/1/meeting?omit_internal=true",
        ),
        ("agenda item list, 100 objects, built", cold, "/oparl/v1.1/body/1/agendaItem"),
        ("paper list, 100 objects, built", cold, "/oparl/v1.1/body/1/paper"),
        ("person list (40), built", cold, "/oparl/v1.1/body/1/person"),
        ("one meeting, built", cold, "/oparl/v1.1/meeting/500"),
    ]
    for label, app, path in targets:
        client = app.test_client()
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        with count_queries(app) as statements:
            client.get(path)
        cpu_start = time.process_time()
        figures = timed(lambda c=client, p=path: c.get(p), repeat=20)
        # CPU time of this process per request: what the wall time would be on an idle machine
        # (the test client runs in-process; SQLite too). Shared machines inflate the wall time.
        cpu = (time.process_time() - cpu_start) * 1000 / 20
        rows[label] = (
            f"median {figures['median']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
            f"cpu {cpu:6.1f} ms  queries {len(statements)}  {len(response.data) / 1024:.0f} KB"
        )
    report(f"oparl ({rows['database']})", rows)


if __name__ == "__main__":
    sys.exit(main())
