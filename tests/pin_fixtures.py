"""Fixtures shared by the packages whose tests post resident contributions (contributions,
experience, measures): import the ones a package needs into its ``conftest.py``::

    from pin_fixtures import _uploads_in_tmp, form_data, fresh, pin_process, pin_tools, point_in

``_uploads_in_tmp`` is autouse where it is imported. ``pin_process`` uses the tools named by the
``pin_tools`` fixture, which a package overrides in its own conftest to add e.g. a survey.
"""

import time
import uuid

import pytest
from shapely.geometry import shape

from participation.extensions import db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(app, tmp_path):
    """Keep uploaded photos out of the repository's instance folder."""
    app.config["INSTANCE_DIR"] = tmp_path


@pytest.fixture
def point_in(area):
    """Factory: ``point_in("08010213", dx=0, dy=0)`` → ``(lon, lat)`` inside that area."""

    def factory(code, dx=0.0, dy=0.0):
        point = shape(area(code).geometry).representative_point()
        return point.x + dx, point.y + dy

    return factory


@pytest.fixture
def pin_tools():
    """Tools of the process ``pin_process`` makes (override to add more)."""
    return ["pins", "ideas"]


@pytest.fixture
def pin_process(create_process, pin_tools):
    """Factory: a published process on Körnerpark + Glasower Straße using ``pin_tools``."""

    def factory(**fields):
        fields.setdefault("areas", ("08010213", "08010214"))
        fields.setdefault("tools", list(pin_tools))
        return create_process(publish=True, **fields)

    return factory


@pytest.fixture
def form_data(app):
    """Factory: valid resident form data (signed start time 10 s ago, fresh idempotency key)."""
    from participation.contributions.forms import sign_started

    def factory(process, **overrides):
        with app.test_request_context():
            started = sign_started(time.time() - 10)
        data = {
            "category": str(process.categories[0].id),
            "title": "Mehr Schatten am Sandkasten",
            "body": "Im Sommer ist es mittags viel zu heiß für die Kleinen.",
            "lon": "",
            "lat": "",
            "area": "",
            "email": "",
            "started": started,
            "idempotency_key": uuid.uuid4().hex,
            "leave_empty": "",
        }
        data.update(overrides)
        return data

    return factory


@pytest.fixture
def fresh(app):
    """``fresh(Model, id)``: a fresh copy of a row after requests wrote to it."""

    def factory(model, ident):
        db.session.expire_all()
        return db.session.get(model, ident)

    return factory
