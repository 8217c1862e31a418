"""Fixtures for the contributions tests: a pin-method process, points, form data, photos."""

import time
import uuid
from io import BytesIO

import pytest
from PIL import Image
from shapely.geometry import shape

from participation.extensions import db


@pytest.fixture(autouse=True)
def _uploads_in_tmp(app, tmp_path):
    """Keep uploaded photos out of the repository's instance folder."""
    app.config["INSTANCE_DIR"] = tmp_path


@pytest.fixture
def point_in(area):
    """Factory: ``point_in("08010213")`` → ``(lon, lat)`` inside that area."""

    def factory(code):
        found = area(code)
        point = shape(found.geometry).representative_point()
        return point.x, point.y

    return factory


@pytest.fixture
def pin_process(create_process):
    """Factory: a published process on Körnerpark + Glasower Straße using pins and ideas."""

    def factory(**fields):
        fields.setdefault("areas", ("08010213", "08010214"))
        fields.setdefault("tools", ["pins", "ideas"])
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
def jpeg_bytes():
    """Factory: a JPEG with EXIF (camera + GPS tag) of the given size."""

    def factory(size=(2400, 1800), color=(200, 120, 40)):
        image = Image.new("RGB", size, color)
        exif = Image.Exif()
        exif[0x010F] = "Kamerahersteller"  # Make
        exif[0x0112] = 6  # orientation: rotate 90° on display
        exif[0x8825] = {1: "N", 2: (52.0, 28.0, 30.0)}  # GPS IFD
        out = BytesIO()
        image.save(out, "JPEG", exif=exif)
        return out.getvalue()

    return factory


@pytest.fixture
def staff(create_user):
    """Factory: staff members by role key: ``staff("moderator")``, ``staff("manager", "08")``."""

    def factory(role="moderator", *areas):
        return create_user(roles=[role], areas=list(areas))

    return factory


@pytest.fixture
def fresh(app):
    """``fresh(Model, id)``: a fresh copy of a row after requests wrote to it."""

    def factory(model, ident):
        db.session.expire_all()
        return db.session.get(model, ident)

    return factory
