"""Factories for the stakeholder tests: actors and assessments made through the services."""

from datetime import date

import pytest
from sqlalchemy import select

from participation.extensions import db


@pytest.fixture
def actor_type(app):
    """Factory: ``actor_type("welfare")`` → the seeded ActorType with that key."""
    from participation.stakeholders.models import ActorType

    def factory(key):
        return db.session.scalar(select(ActorType).where(ActorType.key == key))

    return factory


@pytest.fixture
def create_actor(app, create_user, area, actor_type):
    """Factory: ``create_actor("AWO", type="welfare", areas=("08",), **fields)`` → Actor."""
    from participation.stakeholders import services

    planner = []

    def factory(name="AWO Kreisverband Berlin-Südost", type="welfare", areas=("08",), **fields):
        if not planner:
            planner.append(create_user(roles=["planner"], name="Petra Planung"))
        actor = services.create_actor(
            planner[0],
            [area(code) for code in areas],
            name=name,
            type_id=actor_type(type).id,
            **fields,
        )
        db.session.commit()
        return actor

    return factory


@pytest.fixture
def assess(app):
    """Factory: ``assess(process, actor, influence, interest, attitude=0, on=date, **kw)``."""
    from participation.stakeholders.analysis import AssessmentInput, save_assessment

    def factory(process, actor, influence, interest, attitude=0, on=None, user=None, **kw):
        data = AssessmentInput(
            assessed_on=on or date.today(),
            influence=influence,
            interest=interest,
            attitude=attitude,
            **kw,
        )
        row = save_assessment(process, actor, data, user)
        db.session.commit()
        return row

    return factory
