"""Factories for the budget tests: a Kiezkasse in Körnerpark administered by a conference."""

from datetime import UTC, date, datetime, timedelta

import pytest
from shapely.geometry import shape
from sqlalchemy import select

from participation.extensions import db

AREA = "08010213"  # Körnerpark (Planungsraum, Neukölln)


@pytest.fixture(autouse=True)
def _uploads_in_tmp(app, tmp_path):
    """Keep attachments out of the repository's instance folder."""
    app.config["INSTANCE_DIR"] = tmp_path


@pytest.fixture
def manager(create_user):
    """Neighbourhood manager for Neukölln."""
    return create_user(
        email="qm@example.org", name="Nesrin Yılmaz", roles=["manager"], areas=["08"]
    )


@pytest.fixture
def other_manager(create_user):
    """Manager for Spandau (not the budget's area)."""
    return create_user(email="qm-spandau@example.org", roles=["manager"], areas=["05"])


@pytest.fixture
def point(area):
    """``point(dx, dy)`` → (lon, lat) inside Körnerpark."""

    def factory(dx=0.0, dy=0.0):
        p = shape(area(AREA).geometry).representative_point()
        return p.x + dx, p.y + dy

    return factory


@pytest.fixture
def body(app, manager, area, create_user):
    """A Sozialraumkonferenz with a chair and three voting members plus one advisory member."""
    from participation.meetings import services
    from participation.stakeholders import services as stakeholders
    from participation.stakeholders.models import ActorType

    type_id = db.session.scalar(select(ActorType.id).where(ActorType.key == "welfare"))
    body = services.create_body(
        manager,
        [area(AREA)],
        [],
        name="Sozialraumkonferenz Körnerpark",
        type="sozialraumkonferenz",
        owner_id=manager.id,
        deputy_owner_id=create_user(
            email="vertretung@example.org", roles=["manager"], areas=["08"]
        ).id,
        quorum_percent=50,
    )
    names = ["AWO Kreisverband", "Kita Sonnenblume", "Grundschule am Körnerpark", "Jobcenter"]
    for i, name in enumerate(names):
        actor = stakeholders.create_actor(
            manager, [area("08")], name=name, type_id=type_id, email=f"a{i}@example.org"
        )
        role = "chair" if i == 0 else ("advisory" if i == 3 else "member")
        services.add_member(body, actor, manager, role=role, voting=(i != 3))
    db.session.commit()
    return body


@pytest.fixture
def decision(app, body, manager):
    """Factory: an adopted decision of the conference (quorate, 3 yes)."""
    from participation.meetings import services

    def factory(text="Vergabe der Kiezkasse nach Punktwertung"):
        start = datetime.now(UTC) - timedelta(days=1)
        meeting = services.create_meeting(
            body,
            manager,
            title="Sozialraumkonferenz",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            venue_name="Nachbarschaftsheim",
            venue_address="Schierker Str. 53",
        )
        seats = services.seats_at(meeting)
        services.record_attendance(meeting, manager, {m.id: ("present", "") for m in seats})
        d = services.record_decision(
            meeting, manager, text=text, outcome="adopted", votes_yes=3, votes_no=0, votes_abstain=0
        )
        db.session.commit()
        return d

    return factory


@pytest.fixture
def make_budget(app, manager, body, area):
    """Factory: the Kiezkasse Körnerpark 2027 (10,000 €, three criteria), window open today."""
    from participation.budgets import services

    def factory(**fields):
        today = date.today()
        data = {
            "title": "Kiezkasse Körnerpark 2027",
            "period": "2027",
            "amount": 10000,
            "funding_source": "Bezirksamt Neukölln, Kiezkassen",
            "pillar": "quartiersbudget",
            "allocation_mode": "body",
            "body": body,
            "max_per_application": 3000,
            "applicant_types": ["resident", "initiative", "club"],
            "opens_on": today - timedelta(days=5),
            "closes_on": today + timedelta(days=20),
        }
        data.update(fields)
        budget = services.create_budget(manager, area(AREA), **data)
        for name, weight in (
            ("Nutzen für die Nachbarschaft", 3),
            ("Beteiligung", 2),
            ("Machbarkeit", 1),
        ):
            services.save_criterion(
                budget,
                manager,
                name=name,
                description=f"{name}: 0 bis 5",
                weight=weight,
                scale_max=5,
            )
        services.set_tiers(
            budget, manager, [(500, "Quartiersmanagement"), (None, "Sozialraumkonferenz")]
        )
        db.session.commit()
        return budget

    return factory


@pytest.fixture
def apply(point):
    """Factory: a resident's application → (Application, token), committed."""
    from participation.budgets import services

    def factory(
        budget, title="Hoffest im Körnerkiez", lines=(("Zelt", 300), ("Essen", 200)), **fields
    ):
        lon, lat = point()
        data = {
            "title": title,
            "description": "Ein Nachmittag mit Musik und Kuchen für alle im Hof.",
            "target_groups": "Familien, Nachbarn",
            "when_text": "Juni 2027",
            "applicant_name": "Hofgemeinschaft Selkestraße",
            "applicant_type": "initiative",
            "lon": lon,
            "lat": lat,
            "cost_lines": list(lines),
        }
        data.update(fields)
        app_, token = services.submit_application(budget, **data)
        db.session.commit()
        return app_, token

    return factory
