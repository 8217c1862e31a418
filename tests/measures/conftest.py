"""Fixtures for the feedback-loop tests: a pin process, contributions, planners, measures."""

import pytest
from pin_fixtures import _uploads_in_tmp, fresh, point_in  # noqa: F401  (tests/pin_fixtures.py)

from participation.extensions import db


@pytest.fixture
def planner(create_user):
    """A planner (all processes)."""
    return create_user(email="planung@example.org", name="Paula Planer", roles=["planner"])


@pytest.fixture
def process(create_process):
    """A published pin process on Körnerpark + Glasower Straße (Neukölln)."""
    return create_process(areas=("08010213", "08010214"), publish=True, tools=["pins", "ideas"])


@pytest.fixture
def contribute(process, point_in):  # noqa: F811  (the shared fixture, imported above)
    """Factory: a resident's pin (``email`` consents) → committed Contribution with its token."""
    from participation.contributions.services import create_contribution

    def factory(
        title="Mehr Schatten am Sandkasten",
        *,
        email=None,
        category="missing",
        code=None,
        dx=0.0,
        dy=0.0,
        body="",
        where=None,
    ):
        cat = next(c for c in where_process(where).categories if c.key == category)
        lon, lat = point_in(code or "08010213", dx, dy)
        c = create_contribution(
            where_process(where),
            kind="pin",
            channel="online",
            title=title,
            body=body,
            category=cat,
            lon=lon,
            lat=lat,
            email=email,
            consent=bool(email),
        )
        token = c.tracking_token
        db.session.commit()
        c.tracking_token = token
        return c

    def where_process(where):
        return where or process

    return factory


@pytest.fixture
def make_measure(planner, process):
    """Factory: a proposed measure in the process (committed)."""
    from participation.measures.services.measures import create_measure

    def factory(title="Sonnensegel über dem Sandkasten", user=None, **fields):
        fields.setdefault("processes", [process])
        fields.setdefault("description", "Zwei Sonnensegel spenden ab Mai Schatten.")
        m = create_measure(user or planner, title=title, **fields)
        db.session.commit()
        return m

    return factory
