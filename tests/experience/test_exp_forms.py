"""Pasted text is never cut; a pin outside the area is named in the error summary; no-JS pages."""

import pytest
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.extensions import db

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Contribution))


def test_form_has_soft_limits_not_maxlength(client, pin_process):
    process = pin_process()
    page = client.get(f"/processes/{process.slug}/contribute").get_data(as_text=True)
    form = page.split("contribute-form")[1]
    for name in ("title", "body"):
        tag = form.split(f'name="{name}"')[0].rsplit("<", 1)[1] + form.split(f'name="{name}"')[1]
        assert "maxlength" not in tag.split(">")[0], name
    assert 'data-limit="2000"' in form and 'data-limit="120"' in form
    assert "Zeichen zu viel" in form  # the counter's text, in German


def test_overlong_body_is_kept_and_the_overflow_named(client, pin_process, form_data):
    process = pin_process()
    body = "Bitte mehr Bänke. " * 130  # 2,340 characters
    response = client.post(
        f"/processes/{process.slug}/contribute", data=form_data(process, body=body)
    )
    assert response.status_code == 422 and _count() == 0
    page = response.get_data(as_text=True)
    assert body.strip() in page  # nothing lost
    assert "340 Zeichen mehr als die erlaubten 2.000" in page
    english = client.post(
        f"/processes/{process.slug}/contribute", data=form_data(process, body=body), headers=EN
    ).get_data(as_text=True)
    assert "340 characters more than the 2,000 allowed" in english
    assert "between 3 and 120" not in english


def test_short_title_message_speaks_about_the_title(client, pin_process, form_data):
    process = pin_process()
    page = client.post(
        f"/processes/{process.slug}/contribute", data=form_data(process, title="Ok"), headers=EN
    ).get_data(as_text=True)
    assert "Please write at least 3 characters." in page
    assert "between 3 and" not in page


def test_pin_outside_area_is_in_the_error_summary(client, pin_process, form_data, point_in):
    process = pin_process()
    lon, lat = point_in("05")
    data = form_data(process, lon=str(lon), lat=str(lat), title="Am Spandauer Ufer")
    page = client.post(f"/processes/{process.slug}/contribute", data=data).get_data(as_text=True)
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert 'href="#location-error"' in summary and "außerhalb" in summary
    assert 'id="location-error"' in page and "Am Spandauer Ufer" in page


def test_js_only_controls_and_maps_are_hidden_in_the_html(client, pin_process):
    process = pin_process()
    page = client.get(f"/processes/{process.slug}/contribute").get_data(as_text=True)
    assert '<div class="button-row pin-buttons" hidden>' in page
    assert 'class="swatch"' in page and "<rect" in page  # colour without JS, not a second circle
    detail = client.get(f"/processes/{process.slug}").get_data(as_text=True)
    assert 'class="map map-small needs-js" hidden' in detail
    browse = client.get(f"/processes/{process.slug}/contributions").get_data(as_text=True)
    assert 'class="browse-map needs-js" aria-labelledby="map-h" hidden' in browse
