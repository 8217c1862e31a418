"""Meetings follow-ups in a real browser: the agenda is reordered by htmx without reloading the
page and an item is edited (desktop); a resident cancels her registration from the link in her
confirmation e-mail on a phone. axe-core on every page."""

import re

import pytest
from sqlalchemy import select

pytestmark = pytest.mark.browser

#: The demo's public meeting of the Runder Tisch Jugend Neukölln (open for registration).
TITLE = "Freiräume für Jugendliche im Norden Neuköllns"


def _meeting_id(app) -> int:
    from participation.extensions import db
    from participation.meetings.models import Meeting

    with app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id).where(Meeting.title == TITLE))
        db.session.remove()
    return meeting_id


def _agenda_titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#agenda ol.agenda > li > strong").all_inner_texts()]


def test_agenda_reorder_without_reload_and_item_edit(
    desktop_page, staff_login, assert_accessible, pytestconfig
):
    page = desktop_page
    meeting_id = _meeting_id(pytestconfig.live_app)
    staff_login(page, "qm-neukoelln@example.org")
    page.goto(f"/manage/meetings/{meeting_id}")
    before = _agenda_titles(page)
    assert len(before) == 3
    # a marker on the window survives an htmx swap, not a page load
    page.evaluate("window.__noReload = true")
    second = page.locator("#agenda ol.agenda > li").nth(1)
    second.locator("form[action$='/up'] button").click()
    page.wait_for_function(
        "t => document.querySelector('#agenda ol.agenda > li > strong').textContent.trim() === t",
        arg=before[1],
    )
    assert _agenda_titles(page) == [before[1], before[0], before[2]]
    assert page.evaluate("window.__noReload === true")
    assert_accessible(page)
    # and back, so the shared demo stays as it was
    page.locator("#agenda ol.agenda > li").nth(0).locator("form[action$='/down'] button").click()
    page.wait_for_function(
        "t => document.querySelector('#agenda ol.agenda > li > strong').textContent.trim() === t",
        arg=before[0],
    )
    assert page.evaluate("window.__noReload === true")

    page.locator("#agenda ol.agenda > li").nth(2).locator("a[href$='/edit']").click()
    page.wait_for_url(re.compile(r"/agenda/\d+/edit$"))
    assert_accessible(page)
    page.fill("#duration_minutes", "45")
    page.fill("#presenter", "Jugendamt und Vorsitz")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/manage/meetings/{meeting_id}(#agenda)?$"))
    assert "Jugendamt und Vorsitz" in page.inner_text("#agenda")
    assert "Der Tagesordnungspunkt ist gespeichert." in page.inner_text("main")


def test_resident_cancels_her_registration_on_a_phone(
    phone_page, live_server, assert_accessible, pytestconfig
):
    from participation.core.models import OutboxMessage
    from participation.extensions import db

    page = phone_page
    app = pytestconfig.live_app
    meeting_id = _meeting_id(app)
    page.goto(f"/meetings/{meeting_id}")
    page.fill("#name", "Selin A.")
    page.fill("#email", "selin.a@example.net")
    page.click("#register button[type=submit]")
    page.wait_for_load_state()
    assert "angemeldet" in page.inner_text("main")
    with app.app_context():
        body = db.session.scalar(
            select(OutboxMessage.body_text)
            .where(OutboxMessage.recipient == "selin.a@example.net")
            .order_by(OutboxMessage.id.desc())
        )
        db.session.remove()
    link = re.search(r"https?://\S+/meetings/registration/\S+", body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", live_server, link))
    assert "Ihre Anmeldung, Selin A." in page.inner_text("main")
    assert_accessible(page)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Ihre Anmeldung ist abgesagt." in page.inner_text("main")
    assert_accessible(page)
