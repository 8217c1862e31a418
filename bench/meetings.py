"""Meetings at volume (issue 9):

1. A body with 300 members and a series of 20 meetings: invitation send (outbox rows with a
   personal ``.ics`` each, 6,000 in all) — total time and per message.
2. The iCal feed of a body with 500 meetings: server time and bytes, and the 304 answer to an
   unchanged feed (``If-None-Match``). Target < 100 ms.
3. A meeting page with 40 agenda items and 300 invitees (staff page and public page): server
   time and query count. Target < 100 ms, bounded queries.

Server time is measured in-process with the Flask test client (no network), next to the bare
``/healthz`` endpoint of the same app in the same run.

    .venv/bin/python -m bench.meetings                        # SQLite
    BENCH_PG_URL=postgresql+psycopg://…/db .venv/bin/python -m bench.meetings   # PostgreSQL
"""

import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select

from bench.common import count_queries, make_app, prepare_database, report, timed
from participation.accounts.testing import LoginClient

MEMBERS = 300
SERIES = 20
FEED_MEETINGS = 500
AGENDA_ITEMS = 40


def seed(app) -> dict:
    """Bodies, 300 member organisations (bulk inserts), the meetings; returns ids."""
    from participation.accounts.services import create_user
    from participation.areas.models import Area
    from participation.extensions import db
    from participation.meetings import services
    from participation.meetings.models import BERLIN, Membership
    from participation.stakeholders.models import Actor, ActorType, actor_areas, normalise_name

    with app.app_context():
        owner = create_user("bench-qm@example.org", "Bench QM", "bench-pw-123", ["planner"])
        deputy = create_user("bench-dep@example.org", "Bench Deputy", "bench-pw-123", ["planner"])
        kp = db.session.scalar(select(Area).where(Area.code == "08010213"))
        type_id = db.session.scalar(select(ActorType.id).where(ActorType.key == "welfare"))
        names = [f"Träger {i:03d} im Körnerkiez" for i in range(MEMBERS)]
        db.session.execute(
            insert(Actor),
            [
                {
                    "kind": "organisation",
                    "name": n,
                    "search_key": normalise_name(n),
                    "type_id": type_id,
                    "email": f"traeger{i:03d}@example.org",
                }
                for i, n in enumerate(names)
            ],
        )
        actor_ids = db.session.scalars(select(Actor.id).where(Actor.name.in_(names))).all()
        db.session.execute(
            insert(actor_areas), [{"actor_id": a, "area_id": kp.id} for a in actor_ids]
        )
        common = {"owner_id": owner.id, "deputy_owner_id": deputy.id}
        big = services.create_body(owner, [kp], name="Konferenz mit 300 Mitgliedern", **common)
        feed_body = services.create_body(owner, [kp], name="Gremium mit 500 Sitzungen", **common)
        db.session.flush()
        today = datetime.now(UTC).date()
        db.session.execute(
            insert(Membership),
            [
                {
                    "body_id": big.id,
                    "actor_id": a,
                    "role": "member",
                    "voting": True,
                    "start_date": today,
                    "note": "",
                    "by_lottery": False,
                }
                for a in actor_ids
            ],
        )
        first = datetime(today.year + 1, 1, 14, 18, tzinfo=BERLIN)
        _series, meetings = services.create_series(
            big,
            owner,
            title="Sozialraumkonferenz",
            first=first,
            duration_minutes=150,
            count=SERIES,
            interval_months=6,
            venue_name="Familienzentrum",
            visibility="public",
        )
        for i in range(FEED_MEETINGS):
            start = first + timedelta(days=7 * i)
            m = services.create_meeting(
                feed_body,
                owner,
                title=f"Arbeitsgruppe {i + 1}",
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                visibility="public",
                venue_name="Nachbarschaftsheim",
                venue_address="Schierker Str. 53, 12051 Berlin",
            )
            services.add_agenda_item(
                m, owner, kind="discussion", title="Berichte", duration_minutes=30
            )
        page_meeting = meetings[0]
        for i in range(AGENDA_ITEMS):
            services.add_agenda_item(
                page_meeting,
                owner,
                kind="discussion",
                title=f"Tagesordnungspunkt {i + 1}",
                duration_minutes=5,
                presenter="Vorsitz",
                description="Bericht und Aussprache.",
            )
        db.session.commit()
        return {
            "user": owner.id,
            "body": big.id,
            "feed_slug": feed_body.slug,
            "meetings": [m.id for m in meetings],
            "page_meeting": page_meeting.id,
        }


def send_all(app, ids) -> dict:
    """Invite the 300 members to each of the 20 meetings and fill the outbox."""
    from participation.core.models import OutboxMessage
    from participation.extensions import db
    from participation.meetings import services
    from participation.meetings.models import Meeting

    with app.test_request_context():
        start = time.perf_counter()
        for meeting_id in ids["meetings"]:
            meeting = db.session.get(Meeting, meeting_id)
            services.invite_members(meeting, None)
            services.send_invitations(meeting, None)
            db.session.commit()
        seconds = time.perf_counter() - start
        count = db.session.scalar(select(func.count(OutboxMessage.id)))
        size = db.session.scalar(select(func.avg(func.length(OutboxMessage.body_text))))
    return {"seconds": seconds, "messages": count, "avg_text": size}


def main() -> None:
    """Seed, measure, print."""
    pg = os.environ.get("BENCH_PG_URL")
    url = pg or f"sqlite:///{tempfile.mkdtemp(prefix='bench-meetings-')}/bench.db"
    prepare_database(url, berlin=True)
    app = make_app(url, SESSION_PROTECTION="basic")
    app.test_client_class = LoginClient
    ids = seed(app)
    rows: dict[str, str] = {"database": "PostgreSQL" if pg else "SQLite (file, WAL)"}

    sent = send_all(app, ids)
    rows["invitation send: 300 members × 20 meetings"] = (
        f"{sent['messages']} messages with .ics in {sent['seconds']:.1f} s "
        f"({sent['seconds'] / max(sent['messages'], 1) * 1000:.2f} ms per message)"
    )

    from participation.accounts.models import User
    from participation.extensions import db

    with app.app_context():
        client = app.test_client(user=db.session.get(User, ids["user"]))
    anon = app.test_client()
    feed = f"/meetings/bodies/{ids['feed_slug']}/feed.ics"
    started = time.perf_counter()
    first = anon.get(feed)
    cold = (time.perf_counter() - started) * 1000
    assert first.status_code == 200
    rows[f"iCal feed, {FEED_MEETINGS} meetings, first build (cache cold)"] = (
        f"{cold:6.1f} ms  {len(first.data) / 1024:.0f} KB"
    )
    etag = first.headers["ETag"]
    targets = {
        "baseline GET /healthz (no DB)": (anon, "/healthz", {}),
        f"iCal feed, {FEED_MEETINGS} meetings (built, from the shared cache)": (anon, feed, {}),
        "iCal feed, unchanged (If-None-Match → 304)": (anon, feed, {"If-None-Match": etag}),
        f"staff meeting page ({AGENDA_ITEMS} items, {MEMBERS} invitees)": (
            client,
            f"/manage/meetings/{ids['page_meeting']}",
            {},
        ),
        f"public meeting page ({AGENDA_ITEMS} items)": (
            anon,
            f"/meetings/{ids['page_meeting']}",
            {},
        ),
    }
    for label, (who, path, headers) in targets.items():
        response = who.get(path, headers=headers)
        assert response.status_code in (200, 304), (path, response.status_code)
        with count_queries(app) as statements:
            who.get(path, headers=headers)
        figures = timed(lambda w=who, p=path, h=headers: w.get(p, headers=h), repeat=20)
        extra = f"  {len(response.data) / 1024:.0f} KB" if response.status_code == 200 else ""
        rows[label] = (
            f"median {figures['median']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
            f"queries {len(statements)}  status {response.status_code}{extra}"
        )
    report(f"meetings ({rows['database']})", rows)


if __name__ == "__main__":
    sys.exit(main())
