"""Feedback loop end to end: a resident's pin is linked (with two others) to a new measure, the
council decision is recorded and adopts it, the tracking page tells the story, the digest is in
the outbox and "Sie sagten – wir tun" lists it (phone + desktop, axe on every page)."""

import re
from datetime import date

import pytest
from shapely.geometry import shape

pytestmark = pytest.mark.browser
SLUG = "spielplatz-koernerpark"
MOVE = (
    "([id, lat, lon, z]) => "
    "document.getElementById(id).leafletMap.setView([lat, lon], z, {animate: false})"
)
PIN = "Wasserspiel mit Handpumpe am Sandkasten"
MEASURE = "Wasserspielplatz mit Handpumpe"
PAPER = "DS/0942/XXI"
EMAIL = "yasemin.demir@example.org"


def _inside_point(page):
    data = page.request.get(f"/processes/{SLUG}/areas.geojson").json()
    feature = next(f for f in data["features"] if f["properties"]["name"] == "Körnerpark")
    point = shape(feature["geometry"]).representative_point()
    return point.x, point.y


def _drop_pin(page) -> str:
    """The resident's pin with e-mail consent; returns the private tracking link."""
    page.goto(f"/processes/{SLUG}/contribute")
    page.wait_for_selector("#pin-map path")
    lon, lat = _inside_point(page)
    page.evaluate(MOVE, ["pin-map", lat, lon, 17])
    box = page.locator("#pin-map").bounding_box()
    page.locator("#pin-map").tap(position={"x": box["width"] / 2, "y": box["height"] / 2})
    page.wait_for_selector("#pin-map .leaflet-marker-icon")
    page.locator("input[name=category]").nth(3).check()  # "Idee"
    page.fill("input[name=title]", PIN)
    page.fill("textarea[name=body]", "Im Sommer könnten die Kinder mit Wasser und Sand matschen.")
    page.fill("input[name=email]", EMAIL)
    page.check("input[name=consent]")
    page.wait_for_function("ms => performance.now() > ms", arg=3300)
    page.click("form.contribute-form button[type=submit]")
    page.wait_for_url(re.compile(r"/track/[\w-]+\?new=1$"))
    return page.input_value("#track-url")


def test_pin_linked_decided_tracked_mailed_and_listed(
    phone_page, desktop_page, staff_login, assert_accessible, screenshot, pytestconfig
):
    link = _drop_pin(phone_page)

    staff = desktop_page
    staff_login(staff, "planung@example.org")
    staff.goto(f"/processes/{SLUG}")
    process_id = re.search(
        r"/manage/processes/(\d+)",
        staff.locator("a[href*='/manage/processes/']").first.get_attribute("href"),
    ).group(1)

    # a new measure for the process
    staff.goto(f"/manage/measures/new?process={process_id}")
    assert_accessible(staff)
    staff.fill("input[name=title]", MEASURE)
    staff.fill("textarea[name=description]", "Eine Handpumpe mit Wasserlauf in den Sandkasten.")
    staff.check("input[name=quick_win]")
    staff.click("form.stack button[type=submit]")
    staff.wait_for_url(re.compile(r"/manage/measures/\d+$"))
    measure_url = staff.url

    # link the resident's pin and two others, ticked on the selection page
    staff.goto(f"/manage/processes/{process_id}/feedback?unlinked=1")
    assert_accessible(staff)
    for title in (PIN, "Tischtennisplatte", "Kleine Bühne"):
        staff.locator("li", has_text=title).locator("input[name=ids]").check()
    staff.check("#scope-ticked")
    staff.check("#act-link")
    measure_id = measure_url.rsplit("/", 1)[1]
    staff.select_option("select[name=measure]", value=measure_id)
    staff.fill("textarea[name=rationale]", "Spiel mit Wasser und Bewegung für alle Altersgruppen.")
    staff.click("form.bulk-form button[type=submit]")
    staff.wait_for_selector("text=3 Beiträge")  # the count is shown before anything changes
    assert_accessible(staff)
    staff.click("text=Jetzt ausführen")
    staff.wait_for_selector("text=3 Beiträge mit")

    # the council decision with a paper number adopts the measure
    staff.goto(measure_url)
    staff.click("summary:has-text('Beschluss eintragen')")
    staff.fill("input[name=dc-committee]", "BVV Neukölln")
    staff.fill("input[name=dc-decided_on]", date.today().isoformat())
    staff.fill("input[name=dc-reference]", PAPER)
    staff.fill("input[name=dc-votes_yes]", "41")
    staff.fill("input[name=dc-votes_no]", "6")
    staff.fill("input[name=dc-votes_abstain]", "3")
    staff.check("input[name=dc-also_adopt]")
    staff.click("form[action$='/decisions'] button[type=submit]")
    staff.wait_for_selector("text=Der Beschluss wurde eingetragen.")
    assert "Beschlossen" in staff.inner_text(".meta")
    assert_accessible(staff)
    screenshot(staff, "desktop-measure")

    # the resident's tracking page tells the story
    page = phone_page
    page.goto(link)
    story = page.inner_text("#timeline-h + *, .timeline-box")
    assert MEASURE in story and PAPER in story and "BVV Neukölln" in story
    assert "41 Ja" in story
    assert_accessible(page)
    screenshot(page, "phone-tracking-timeline")

    # the digest (one e-mail for both changes) is in the outbox
    app = pytestconfig.live_app
    with app.app_context():
        from sqlalchemy import select

        from participation.core.models import OutboxMessage
        from participation.extensions import db
        from participation.measures.notify import send_digests

        send_digests()
        mails = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == EMAIL)
        ).all()
        digests = [m for m in mails if "/feedback/unsubscribe/" in m.body_text]
        assert len(digests) == 1
        assert MEASURE in digests[0].body_text and "Beschlossen" in digests[0].body_text
        db.session.remove()

    # the public "Sie sagten – wir tun" page lists it
    page.goto(f"/processes/{SLUG}/feedback")
    main = page.inner_text("main")
    assert "Sie sagten – wir tun" in main and MEASURE in main and PAPER in main
    page.wait_for_selector(
        "#measures-map path, #measures-map .leaflet-interactive", state="attached"
    )
    assert_accessible(page)
    screenshot(page, "phone-feedback", full_page=False)
