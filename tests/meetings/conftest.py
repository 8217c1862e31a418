"""Factories for the meetings tests: a conference with members from the stakeholder registry."""

from datetime import timedelta

import pytest
from _when import future
from sqlalchemy import select

from participation.extensions import db

#: Körnerpark's Planungsraum in Neukölln (the demo area).
AREA = "08010213"


@pytest.fixture
def manager(create_user):
    """Neighbourhood manager scoped to Neukölln."""
    return create_user(
        email="qm@example.org", name="Nesrin Yılmaz", roles=["manager"], areas=["08"]
    )


@pytest.fixture
def deputy(create_user):
    """A second responsible staff member."""
    return create_user(
        email="vertretung@example.org", name="Jonas Berg", roles=["manager"], areas=["08"]
    )


@pytest.fixture
def make_actor(app, manager, area):
    """Factory: ``make_actor("Kita Sonnenblume", email=…)`` → an organisation in Neukölln."""
    from participation.stakeholders import services
    from participation.stakeholders.models import ActorType

    def factory(name, email=None, type="welfare", areas=("08",)):
        type_id = db.session.scalar(select(ActorType.id).where(ActorType.key == type))
        actor = services.create_actor(
            manager,
            [area(c) for c in areas],
            name=name,
            type_id=type_id,
            email=email if email is not None else f"{name.split()[0].lower()}@example.org",
        )
        db.session.commit()
        return actor

    return factory


@pytest.fixture
def conference(app, manager, deputy, area, make_actor, create_process):
    """Factory: a Sozialraumkonferenz with chair + 3 voting members + 1 advisory member."""
    from participation.meetings import services

    def factory(n_members=4, **fields):
        process = create_process(user=manager)
        data = {
            "name": "Sozialraumkonferenz Körnerpark",
            "type": "sozialraumkonferenz",
            "owner_id": manager.id,
            "deputy_owner_id": deputy.id,
            "quorum_percent": 50,
        }
        data.update(fields)
        body = services.create_body(manager, [area(AREA)], [process], **data)
        names = [
            "AWO Kreisverband",
            "Kita Sonnenblume",
            "Grundschule am Körnerpark",
            "Jobcenter Neukölln",
            "Polizeiabschnitt 55",
        ]
        for i, name in enumerate(names[:n_members]):
            actor = make_actor(name)
            role = "chair" if i == 0 else ("advisory" if i == n_members - 1 else "member")
            services.add_member(body, actor, manager, role=role)
        db.session.commit()
        return body

    return factory


@pytest.fixture
def scheduled(app, conference, manager):
    """Factory: a scheduled public meeting of a fresh conference, members invited and mailed."""
    from participation.meetings import services

    def factory(days=14, body=None, **fields):
        body = body or conference()
        start = future(days)
        data = {
            "title": "Sozialraumkonferenz Frühjahr",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "venue_name": "Nachbarschaftsheim Neukölln",
            "venue_address": "Schierker Str. 53, 12051 Berlin",
            "visibility": "public",
        }
        data.update(fields)
        meeting = services.create_meeting(body, manager, **data)
        services.invite_members(meeting, manager)
        services.send_invitations(meeting, manager)
        db.session.commit()
        return meeting

    return factory


@pytest.fixture
def outbox(app):
    """Callable returning the queued messages, oldest first."""
    from participation.core.models import OutboxMessage

    def factory():
        return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()

    return factory
