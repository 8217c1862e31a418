"""Resident submission: map point or area picker, photo rules, spam defence, double submit."""

import re
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.contributions.photos import upload_dir
from participation.extensions import db

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


def count():
    db.session.expire_all()
    return db.session.scalar(select(func.count(Contribution.id)))


def test_form_works_without_javascript(client, pin_process):
    process = pin_process()
    page = client.get(f"/processes/{process.slug}/contribute", headers=EN).get_data(as_text=True)
    assert 'name="area"' in page and "Körnerpark" in page and "Glasower Straße" in page
    assert 'name="category"' in page and 'name="leave_empty"' in page
    assert 'id="pin-map"' in page and "hidden" in page  # the map only appears with JavaScript
    assert "at most 120 characters" in page


def test_pin_is_stored_and_tracking_link_shows_it(client, pin_process, form_data, point_in):
    process = pin_process()
    lon, lat = point_in("08010213")
    data = form_data(process, lon=str(lon), lat=str(lat))
    response = client.post(f"/processes/{process.slug}/contribute", data=data, headers=EN)
    assert response.status_code == 303
    link = response.headers["Location"]
    assert re.search(r"/track/[\w-]{20,}\?new=1$", link)
    c = db.session.scalar(select(Contribution))
    assert (c.kind, c.channel, c.visibility) == ("pin", "online", "visible")
    assert [a.code for a in c.area_chain()][-1] == "08010213"
    page = client.get(link, headers=EN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Mehr Schatten am Sandkasten" in text
    assert "Your private link" in text and "Visible to everyone" in text
    assert "Thank you! Your contribution has arrived." in text
    assert page.headers["Cache-Control"] == "private, no-store"
    assert client.get("/track/not-a-real-token").status_code == 404


def test_idea_with_area_picker(client, pin_process, form_data, area):
    process = pin_process()
    data = form_data(process, area=str(area("08010214").id), title="Trinkbrunnen")
    assert client.post(f"/processes/{process.slug}/contribute", data=data).status_code == 303
    c = db.session.scalar(select(Contribution))
    assert c.kind == "idea" and c.lon is None and c.area.code == "08010214"
    assert [a.code for a in c.area_chain()] == ["08", "0801", "080102", "08010214"]


def test_point_outside_areas_is_refused_and_input_kept(client, pin_process, form_data, point_in):
    process = pin_process()
    lon, lat = point_in("05")
    data = form_data(process, lon=str(lon), lat=str(lat), title="Am Spandauer Ufer")
    response = client.post(f"/processes/{process.slug}/contribute", data=data, headers=EN)
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "outside the area of this process" in text and "Am Spandauer Ufer" in text
    assert count() == 0


def test_photo_is_cleaned_and_downscaled(client, pin_process, form_data, jpeg_bytes, app):
    process = pin_process()
    data = form_data(process, photo=(BytesIO(jpeg_bytes()), "urlaub.jpg"))
    response = client.post(
        f"/processes/{process.slug}/contribute", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 303
    c = db.session.scalar(select(Contribution))
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", c.photo)
    with app.test_request_context():
        stored = Image.open(upload_dir() / c.photo)
    assert stored.format == "JPEG" and stored.size == (1200, 1600)  # turned upright, ≤ 1600 px
    assert not stored.getexif()  # camera and GPS data removed
    served = client.get(f"/contributions/{c.id}/photo")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"%PDF-1.4 not a picture" * 10, "Please upload a photo"),
        (b"\xff\xd8\xff" + b"0" * (10 * 1024 * 1024), "larger than 10 MB"),
    ],
)
def test_bad_uploads_are_refused(client, pin_process, form_data, payload, message):
    process = pin_process()
    data = form_data(process, photo=(BytesIO(payload), "bild.jpg"))
    response = client.post(
        f"/processes/{process.slug}/contribute",
        data=data,
        content_type="multipart/form-data",
        headers=EN,
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert message in text and "Mehr Schatten am Sandkasten" in text
    assert "Please choose your photo again" in text
    assert count() == 0


def test_email_needs_consent(client, pin_process, form_data):
    process = pin_process()
    data = form_data(process, email="nachbarin@example.org")
    response = client.post(f"/processes/{process.slug}/contribute", data=data, headers=EN)
    assert response.status_code == 422
    assert "Please confirm that we may e-mail you" in response.get_data(as_text=True)
    assert count() == 0
    data["consent"] = "y"
    assert client.post(f"/processes/{process.slug}/contribute", data=data).status_code == 303
    assert db.session.scalar(select(Contribution.email)) == "nachbarin@example.org"


def test_honeypot_and_minimum_fill_time(client, pin_process, form_data, app):
    process = pin_process()
    url = f"/processes/{process.slug}/contribute"
    response = client.post(url, data=form_data(process, leave_empty="http://spam.example"))
    assert response.status_code == 422
    from participation.contributions.forms import sign_started

    with app.test_request_context():
        just_now = sign_started()
    response = client.post(url, data=form_data(process, started=just_now), headers=EN)
    assert response.status_code == 422 and "very quick" in response.get_data(as_text=True)
    response = client.post(url, data=form_data(process, started="forged"), headers=EN)
    assert response.status_code == 422
    assert count() == 0


def test_double_submit_stores_once(client, pin_process, form_data):
    process = pin_process()
    data = form_data(process)
    first = client.post(f"/processes/{process.slug}/contribute", data=data)
    second = client.post(f"/processes/{process.slug}/contribute", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count() == 1


def test_submit_is_rate_limited(client, pin_process, form_data, app):
    app.config["CONTRIBUTIONS_SUBMIT_RATE_LIMIT"] = "2 per minute"
    process = pin_process()
    url = f"/processes/{process.slug}/contribute"
    codes = [client.post(url, data=form_data(process)).status_code for _ in range(3)]
    assert codes == [303, 303, 429]
    assert count() == 2


def test_closed_process_takes_no_contributions(client, pin_process, form_data):
    from participation.processes.services import close_process

    process = pin_process()
    close_process(process, None)
    db.session.commit()
    response = client.post(f"/processes/{process.slug}/contribute", data=form_data(process))
    assert response.status_code == 422 and count() == 0
