"""Area budgets at volume (issue 11):

1. A budget with 500 applications and 25 scoring members (37,500 scores): the scoring grid of one
   member and the ranking page — server time and query count. Target < 150 ms.
2. A residents' vote with 50,000 ballots (about 2.5 projects each): the count by Consul's rule
   from the stored ballots. Target < 2 s.
3. A member's own grid ("Meine Bewertungen") at the same volume, and a city-wide pot split over
   all 448 Planungsräume of Berlin (computed and stored; the public split page).

Server time is measured in-process with the Flask test client, next to the bare ``/healthz`` of
the same app in the same run.

    .venv/bin/python -m bench.budgets                        # SQLite
    BENCH_PG_URL=postgresql+psycopg://…/db .venv/bin/python -m bench.budgets   # PostgreSQL
"""

import hashlib
import os
import tempfile
import time
from datetime import date, timedelta

from sqlalchemy import insert, select

from bench.common import count_queries, make_app, prepare_database, report, timed
from participation.accounts.testing import LoginClient

APPLICATIONS = 500
MEMBERS = 25
BALLOTS = 50_000


def seed(app) -> dict:
    """A conference with 25 voting members, the scored budget and the vote budget."""
    from participation.accounts.services import create_user
    from participation.areas.models import Area
    from participation.budgets import services
    from participation.budgets.models import Application, Ballot, BallotChoice, CostLine, Score
    from participation.extensions import db
    from participation.meetings import services as meetings
    from participation.stakeholders import services as stakeholders
    from participation.stakeholders.models import ActorType

    with app.app_context():
        area = db.session.scalar(select(Area).where(Area.code == "08010213"))
        district = db.session.scalar(select(Area).where(Area.code == "08"))
        user = create_user("bench@example.org", "Bench", "bench-password-1", roles=["planner"])
        deputy = create_user("bench2@example.org", "Bench 2", "bench-password-1", roles=["planner"])
        type_id = db.session.scalar(select(ActorType.id).limit(1))
        body = meetings.create_body(
            user,
            [area],
            [],
            name="Sozialraumkonferenz Bench",
            owner_id=user.id,
            deputy_owner_id=deputy.id,
        )
        for i in range(MEMBERS):
            actor = stakeholders.create_actor(
                user, [district], name=f"Träger {i:02d}", type_id=type_id, email=f"t{i}@example.org"
            )
            meetings.add_member(body, actor, user, role="chair" if i == 0 else "member")
        today = date.today()
        budget = services.create_budget(
            user,
            area,
            title="Kiezkasse Bench",
            period="2027",
            amount=1_000_000,
            body=body,
            applicant_types=["resident", "initiative", "club"],
            opens_on=today - timedelta(days=9),
            closes_on=today + timedelta(days=9),
        )
        for name, weight in (("Nutzen", 3), ("Beteiligung", 2), ("Machbarkeit", 1)):
            services.save_criterion(budget, user, name=name, weight=weight, scale_max=5)
        vote = services.create_budget(
            user,
            area,
            title="Abstimmung Bench",
            period="2027",
            amount=20_000,
            allocation_mode="vote",
            body=None,
            applicant_types=["resident"],
            opens_on=today,
            closes_on=today,
            vote_opens_on=today,
            vote_closes_on=today,
            ballot_kind="approval",
        )
        db.session.flush()

        def apps_for(b, n):
            rows = [
                {
                    "budget_id": b.id,
                    "title": f"Projekt {i}",
                    "description": "Kiezprojekt",
                    "applicant_name": "Initiative",
                    "amount_requested": 200 + (i * 37) % 2800,
                    "status": "eligible",
                    "tracking_hash": hashlib.sha256(f"{b.id}-{i}".encode()).hexdigest(),
                    "token_salt": f"{b.id}-{i}",
                }
                for i in range(n)
            ]
            db.session.execute(insert(Application), rows)
            return db.session.scalars(
                select(Application.id).where(Application.budget_id == b.id).order_by(Application.id)
            ).all()

        app_ids = apps_for(budget, APPLICATIONS)
        db.session.execute(
            insert(CostLine),
            [
                {"application_id": a, "item": "Kosten", "amount": 500, "position": 0}
                for a in app_ids
            ],
        )
        members = services.voting_members(budget)
        criteria = [c.id for c in budget.criteria]
        db.session.execute(
            insert(Score),
            [
                {
                    "application_id": a,
                    "membership_id": m.id,
                    "criterion_id": c,
                    "value": (a + m.id * 3 + c) % 6,
                }
                for a in app_ids
                for m in members
                for c in criteria
            ],
        )
        vote_ids = apps_for(vote, 30)
        db.session.execute(
            insert(Ballot),
            [
                {
                    "budget_id": vote.id,
                    "voter_key": f"k{i}",
                    "channel": "paper" if i % 10 == 0 else "online",
                }
                for i in range(BALLOTS)
            ],
        )
        ballot_ids = db.session.scalars(
            select(Ballot.id).where(Ballot.budget_id == vote.id).order_by(Ballot.id)
        ).all()
        choices = []
        for n, ballot_id in enumerate(ballot_ids):
            for k in range(1 + n % 4):
                choices.append(
                    {
                        "ballot_id": ballot_id,
                        "application_id": vote_ids[(n * 7 + k * 11) % len(vote_ids)],
                    }
                )
        for start in range(0, len(choices), 20_000):
            db.session.execute(insert(BallotChoice), choices[start : start + 20_000])
        # the member behind seat 3 scores herself ("Meine Bewertungen")
        member_user = create_user("mitglied@example.org", "Mitglied", "bench-password-1")
        members[3].actor.user_id = member_user.id
        # a city-wide pot over every Planungsraum of Berlin
        from participation.areas.models import AreaLevel

        level = db.session.scalar(select(AreaLevel).where(AreaLevel.key == "planungsraum"))
        rooms = db.session.scalars(
            select(Area).where(Area.level_id == level.id, Area.valid_to.is_(None))
        ).all()
        started = time.perf_counter()
        split = services.split_pot(
            user,
            title="Kiezkassen Berlin",
            period="2027",
            pot=4_480_001,
            areas=rooms,
            min_per_area=3_000,
            max_per_area=25_000,
        )
        split_ms = (time.perf_counter() - started) * 1000
        db.session.commit()
        return {
            "user": user.id,
            "member_user": member_user.id,
            "budget": budget.id,
            "vote": vote.id,
            "member": members[3].id,
            "choices": len(choices),
            "split": split.id,
            "split_areas": len(rooms),
            "split_ms": split_ms,
        }


def main() -> None:
    """Seed, measure, print."""
    pg = os.environ.get("BENCH_PG_URL")
    url = pg or f"sqlite:///{tempfile.mkdtemp(prefix='bench-budgets-')}/bench.db"
    prepare_database(url, berlin=True)
    app = make_app(url, SESSION_PROTECTION="basic")
    app.test_client_class = LoginClient
    ids = seed(app)
    rows: dict[str, str] = {"database": "PostgreSQL" if pg else "SQLite (file, WAL)"}

    from participation.accounts.models import User
    from participation.budgets import services
    from participation.budgets.models import Budget
    from participation.extensions import db

    with app.app_context():
        client = app.test_client(user=db.session.get(User, ids["user"]))
        member = app.test_client(user=db.session.get(User, ids["member_user"]))
    anon = app.test_client()
    targets = {
        "baseline GET /healthz (no DB)": (anon, "/healthz"),
        f"scoring grid, one member ({APPLICATIONS} applications × 3 criteria)": (
            client,
            f"/manage/budgets/{ids['budget']}/scoring?member={ids['member']}",
        ),
        f"member's own grid, Meine Bewertungen ({APPLICATIONS} applications × 3)": (
            member,
            f"/manage/my-scores/{ids['budget']}",
        ),
        f"ranking page ({APPLICATIONS} applications, {MEMBERS} members)": (
            client,
            f"/manage/budgets/{ids['budget']}/ranking",
        ),
        f"public budget page ({APPLICATIONS} applications)": (anon, f"/budgets/{ids['budget']}"),
        f"public split page ({ids['split_areas']} Planungsräume)": (
            anon,
            f"/budgets/splits/{ids['split']}",
        ),
    }
    rows[f"city-wide split computed and stored ({ids['split_areas']} areas)"] = (
        f"{ids['split_ms']:.0f} ms"
    )
    for label, (who, path) in targets.items():
        response = who.get(path)
        assert response.status_code == 200, (path, response.status_code)
        with count_queries(app) as statements:
            who.get(path)
        figures = timed(lambda w=who, p=path: w.get(p), repeat=15)
        rows[label] = (
            f"median {figures['median']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
            f"queries {len(statements)}  {len(response.data) / 1024:.0f} KB"
        )
    with app.app_context():
        budget = db.session.get(Budget, ids["vote"])
        started = time.perf_counter()
        result, totals = services.count_votes(budget)
        seconds = time.perf_counter() - started
        again, _ = services.count_votes(budget)
        assert again == result and totals["ballots"] == BALLOTS
    rows[f"vote count, {BALLOTS:,} ballots ({ids['choices']:,} choices)"] = (
        f"{seconds * 1000:.0f} ms (recount identical)"
    )
    report(f"budgets ({rows['database']})", rows)


if __name__ == "__main__":
    main()
