"""Fixtures for the contributions tests: a pin-method process, points, form data, photos."""

from io import BytesIO

import pytest
from PIL import Image
from pin_fixtures import (  # noqa: F401  (shared fixtures, see tests/pin_fixtures.py)
    _uploads_in_tmp,
    form_data,
    fresh,
    pin_process,
    pin_tools,
    point_in,
)


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
