"""A neighbourhood manager runs a conference end to end; a resident registers on a phone.

Manager (desktop): create a body, seat three members from the registry, create a meeting without
a date, open a date poll; two members answer through their personal links (phone, no account);
the manager fixes the suggested date, records attendance, a decision with a minority opinion and
an action item, has the minutes approved and publishes them. axe-core on every page.
"""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

pytestmark = pytest.mark.browser

MEMBERS = [
    "AWO Kreisverband Berlin-Südost e. V.",
    "Körnerpark-Grundschule",
    "Familienzentrum am Körnerpark (AWO)",
]


def _poll_links(app, title):
    """Personal answer links from the outbox (what the members find in their e-mail)."""
    from participation.core.models import OutboxMessage
    from participation.extensions import db

    with app.app_context():
        bodies = db.session.scalars(
            select(OutboxMessage.body_text).where(OutboxMessage.subject.contains(title))
        ).all()
        db.session.remove()
    return [re.search(r"https?://\S+/meetings/poll/\S+", b).group(0) for b in bodies]


def _move_to_past(app, title):
    """The meeting has taken place: shift it to yesterday (minutes can only be approved after)."""
    from participation.extensions import db
    from participation.meetings.models import Meeting

    with app.app_context():
        meeting = db.session.scalar(select(Meeting).where(Meeting.title == title))
        length = meeting.ends_at - meeting.starts_at
        meeting.starts_at = meeting.starts_at - timedelta(days=30)
        meeting.ends_at = meeting.starts_at + length
        db.session.commit()
        meeting_id = meeting.id
        db.session.remove()
    return meeting_id


def test_manager_runs_a_conference(
    desktop_page, browser, live_server, staff_login, assert_accessible, pytestconfig, screenshot
):
    page = desktop_page
    app = pytestconfig.live_app
    staff_login(page, "qm-neukoelln@example.org")
    page.goto("/manage/meetings/")
    assert_accessible(page)
    page.click("text=Neues Gremium")
    page.fill("#name", "Stadtteilkonferenz Körnerkiez")
    page.select_option("#type", "stadtteilkonferenz")
    page.select_option("#areas", label="Körnerpark")
    page.select_option("#deputy_owner_id", label="Petra Planung")
    assert_accessible(page)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/manage/meetings/bodies/\d+$"))
    assert "Fügen Sie jetzt die Mitglieder hinzu" in page.inner_text("main")
    for name in MEMBERS:
        page.select_option("#actor_id", label=name)
        page.click("button:has-text('Mitglied hinzufügen')")
        page.wait_for_load_state()
    members = page.locator("#members + .table-scroll tbody tr")
    assert members.count() == 3
    assert_accessible(page)

    page.click("text=Neue Sitzung")
    title = "Stadtteilkonferenz Körnerkiez – Frühjahr"
    page.fill("#title", title)
    page.fill("#venue_name", "Familienzentrum am Körnerpark")
    page.check("#step_free")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/poll/new$"))
    assert_accessible(page)
    day1, day2 = date.today() + timedelta(days=20), date.today() + timedelta(days=27)
    for n, day in ((1, day1), (2, day2)):
        page.fill(f"#slot{n}_day", day.isoformat())
        page.fill(f"#slot{n}_start", "18:00")
        page.fill(f"#slot{n}_end", "20:00")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/manage/meetings/\d+$"))
    assert "Die Umfrage läuft; 3 Personen wurden gefragt." in page.inner_text("main")

    # two members answer through their personal links on a phone, without an account
    links = _poll_links(app, title)
    assert len(links) == 3
    for link, answers in zip(links[:2], (("yes", "no"), ("yes", "maybe")), strict=True):
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, locale="de-DE"
        )
        member = context.new_page()
        member.goto(link.replace("http://127.0.0.1:5000", live_server))
        assert_accessible(member)
        radios = member.locator("fieldset.poll-slot")
        for i, value in enumerate(answers):
            radios.nth(i).locator(f"input[value={value}]").check()
        member.click("main form button[type=submit]")
        member.wait_for_load_state()
        assert "Antworten sind gespeichert" in member.inner_text("main")
        context.close()

    page.reload()
    assert "Vorschlag:" in page.inner_text("#poll")
    assert_accessible(page)
    page.click("button:has-text('Diesen Termin festlegen und Einladungen verschicken')")
    page.wait_for_load_state()
    assert "Der Termin steht; 3 Einladungen wurden verschickt." in page.inner_text("main")

    meeting_id = _move_to_past(app, title)
    page.goto(f"/manage/meetings/{meeting_id}/minutes")
    assert_accessible(page)
    rows = page.locator("#attendance tbody tr")
    for i in range(rows.count()):
        rows.nth(i).locator("input[value=present]").check()
    page.fill("#public_attendees", "12")
    page.click("button:has-text('Anwesenheit speichern')")
    page.wait_for_load_state()
    assert "Beschlussfähig" in page.inner_text("#attendance")
    page.fill("#decision-text", "Die Konferenz empfiehlt eine Sitzecke mit Schatten am Spielplatz.")
    page.fill("#decision-votes_yes", "2")
    page.fill("#decision-votes_no", "1")
    page.fill("#decision-votes_abstain", "0")
    page.fill(
        "#decision-minority_opinion", "Die Grundschule hält einen Trinkbrunnen für wichtiger."
    )
    page.click("button:has-text('Beschluss eintragen')")
    page.wait_for_load_state()
    assert "Beschluss eingetragen." in page.inner_text("main")
    assert "Trinkbrunnen" in page.inner_text("#decisions ul.decisions")
    page.fill("#action-text", "Angebot für Sitzbänke einholen")
    page.fill("#action-owner", "Quartiersmanagement")
    page.fill("#action-due_date", (date.today() + timedelta(days=14)).isoformat())
    page.click("button:has-text('Aufgabe hinzufügen')")
    page.wait_for_load_state()
    assert "Angebot für Sitzbänke einholen" in page.inner_text("#actions")
    page.click("button:has-text('Der Vorsitz hat das Protokoll freigegeben')")
    page.wait_for_load_state()
    page.click("button:has-text('Protokoll veröffentlichen')")
    page.wait_for_load_state()
    assert "Das Protokoll ist veröffentlicht." in page.inner_text("main")
    assert_accessible(page)
    screenshot(page, "desktop-meeting-minutes")

    page.goto(f"/meetings/{meeting_id}")
    text = page.inner_text("main")
    assert "Trinkbrunnen" in text and "Angebot für Sitzbänke einholen" in text
    assert_accessible(page)


def test_resident_registers_on_a_phone(phone_page, assert_accessible, screenshot):
    page = phone_page
    page.goto("/meetings/bodies/runder-tisch-jugend-neukoelln")
    assert_accessible(page)
    page.click("text=Freiräume für Jugendliche im Norden Neuköllns")
    page.wait_for_url(re.compile(r"/meetings/\d+$"))
    assert page.locator("a[href$='meeting.ics']").count() == 1
    assert_accessible(page)
    page.click("#register button[type=submit]")  # empty: a clear message, nothing lost
    page.wait_for_load_state()
    assert "Bitte" in page.inner_text("#register")
    assert_accessible(page)
    page.fill("#name", "Samira")
    page.fill("#persons", "2")
    page.fill("#accessibility_needs", "Ich komme mit dem Rollstuhl.")
    page.click("#register button[type=submit]")
    page.wait_for_load_state()
    assert "Sie sind angemeldet" in page.inner_text("main")
    assert_accessible(page)
    screenshot(page, "phone-meeting-register")
