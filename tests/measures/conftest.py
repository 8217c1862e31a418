"""Fixtures for the feedback-loop tests: a pin process, contributions, planners, measures."""

import pytest
from shapely.geometry import shape

from participation.extensions import db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(app, tmp_path):
    """Keep files out of the repository's instance folder."""
    app.config["INSTANCE_DIR"] = tmp_path


@pytest.fixture
def planner(create_user):
    """A planner (all processes)."""
    return create_user(email="planung@example.org", name="Paula Planer", roles=["planner"])


@pytest.fixture
def process(create_process):
    """A published pin process on Körnerpark + Glasower Straße (Neukölln)."""
    return create_process(areas=("08010213", "08010214"), publish=True, tools=["pins", "ideas"])


@pytest.fixture
def point_in(area):
    """``point_in("08010213", dx=0, dy=0)`` → ``(lon, lat)`` inside that area."""

    def factory(code, dx=0.0, dy=0.0):
        point = shape(area(code).geometry).representative_point()
        return point.x + dx, point.y + dy

    return factory


@pytest.fixture
def contribute(process, point_in):
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


@pytest.fixture
def fresh(app):
    """``fresh(Model, id)``: a fresh copy of a row after requests wrote to it."""

    def factory(model, ident):
        db.session.expire_all()
        return db.session.get(model, ident)

    return factory
