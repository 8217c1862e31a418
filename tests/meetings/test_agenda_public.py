"""The non-public part of a session (nichtöffentlicher Teil): a closed agenda item shows only its
position and "Nichtöffentlicher Tagesordnungspunkt" to the public — on the meeting page, the
agenda PDF, the .ics, the body feed, a non-member's invitation and the public decisions — while
members and staff see everything."""

import base64
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from _when import future
from icalendar import Calendar
from sqlalchemy import select

from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import AgendaItem
from participation.meetings.tokens import feed_token

pytestmark = pytest.mark.berlin

#: What must never leave the members' circle.
SECRET_TITLE = "Vergabe Hausmeisterstelle Gemeinschaftshaus"
SECRET_DESCRIPTION = "Drei Bewerbungen, darunter Frau Kowalczyk"
SECRET_MINUTES = "Herr Petrović überzeugt durch Erfahrung"
SECRET_DECISION = "Die Stelle geht an Herrn Petrović"
SECRET_ACTION = "Arbeitsvertrag mit Herrn Petrović aufsetzen"
SECRETS = (SECRET_TITLE, SECRET_DESCRIPTION, SECRET_MINUTES, SECRET_DECISION, SECRET_ACTION)
CLOSED = "Nichtöffentlicher Tagesordnungspunkt"


def leaks(text: str) -> list[str]:
    """The secrets found in *text*."""
    return [s for s in SECRETS if s in text]


@pytest.fixture
def closed_session(scheduled):
    """A held public meeting: one public item, one closed item, published minutes, a public and
    an internal decision (with an action item each)."""
    meeting = scheduled()
    meeting.starts_at, meeting.ends_at = future(-1), future(-1) + timedelta(hours=2)
    public = services.add_agenda_item(
        meeting, None, kind="decision", title="Öffnungszeiten Jugendclub", duration_minutes=30
    )
    closed = services.add_agenda_item(
        meeting,
        None,
        kind="decision",
        title=SECRET_TITLE,
        description=SECRET_DESCRIPTION,
        presenter="Vorsitz",
        public=False,
    )
    services.update_agenda_item(public, None, minutes="Samstage sind gewünscht.")
    services.update_agenda_item(closed, None, minutes=SECRET_MINUTES)
    members = services.seats_at(meeting)
    services.record_attendance(meeting, None, {m.id: ("present", "") for m in members}, 5, "")
    open_decision = services.record_decision(
        meeting,
        None,
        text="Samstags geöffnet",
        outcome="adopted",
        votes_yes=3,
        votes_no=0,
        agenda_item_id=public.id,
    )
    secret = services.record_decision(
        meeting,
        None,
        text=SECRET_DECISION,
        outcome="adopted",
        votes_yes=3,
        votes_no=0,
        agenda_item_id=closed.id,
    )
    services.add_action_item(
        meeting, None, text="Personal anfragen", owner="Jugendamt", decision_id=open_decision.id
    )
    services.add_action_item(
        meeting, None, text=SECRET_ACTION, owner="Vorsitz", decision_id=secret.id
    )
    services.approve_minutes(meeting, None)
    services.publish_minutes(meeting, None)
    db.session.commit()
    return meeting


def pdf_text(pdf: bytes, tmp_path) -> str:
    """Text of a PDF (pdftotext), whitespace squeezed."""
    path = tmp_path / "agenda.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    return re.sub(r"\s+", " ", out.stdout.decode("utf-8"))


def test_staff_tick_non_public_and_the_agenda_shows_the_marker(scheduled, login, manager):
    meeting = scheduled()
    client = login(manager)
    page = client.get(f"/manage/meetings/{meeting.id}")
    assert "Nichtöffentlich" in page.text  # the checkbox with its hint
    for title, closed in (("Begrüßung", False), (SECRET_TITLE, True), ("Verschiedenes", False)):
        data = {"kind": "information", "title": title, "csrf_token": ""}
        if closed:
            data["non_public"] = "y"
        assert client.post(f"/manage/meetings/{meeting.id}/agenda", data=data).status_code == 303
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).order_by(AgendaItem.position)
    ).all()
    # stored as staff set it, in their order (no forced reordering)
    assert [(i.title, i.public) for i in items] == [
        ("Begrüßung", True),
        (SECRET_TITLE, False),
        ("Verschiedenes", True),
    ]
    page = client.get(f"/manage/meetings/{meeting.id}").text
    agenda = page[page.index('id="agenda"') :]
    assert agenda.count("Nichtöffentlicher Teil") == 1 and SECRET_TITLE in agenda
    assert (
        agenda.index("Begrüßung")
        < agenda.index("Nichtöffentlicher Teil")
        < agenda.index(SECRET_TITLE)
    )
    # the edit form shows the tick and can take it away again
    edit = client.get(f"/manage/meetings/{meeting.id}/agenda/{items[1].id}/edit").text
    assert re.search(
        r'<input[^>]*checked[^>]*name="non_public"|name="non_public"[^>]*checked', edit
    )
    response = client.post(
        f"/manage/meetings/{meeting.id}/agenda/{items[1].id}/edit",
        data={"kind": "decision", "title": SECRET_TITLE, "position": 2},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(AgendaItem, items[1].id).public is True


def test_anonymous_sees_the_marker_not_the_content(closed_session, client):
    page = client.get(f"/meetings/{closed_session.id}").text
    assert "Nichtöffentlicher Teil" in page and CLOSED in page
    assert leaks(page) == []
    # the public part stays fully visible: minutes, its decision and action item
    assert "Samstage sind gewünscht" in page and "Samstags geöffnet" in page
    assert "Personal anfragen" in page
    # the body page counts only the public decision
    body = client.get(f"/meetings/bodies/{closed_session.body.slug}").text
    assert "1 Beschluss" in body and leaks(body) == []


def test_member_and_staff_see_everything(closed_session, client, login, manager, create_user):
    member = closed_session.body.current_memberships()[1]
    minutes = client.get(
        f"/meetings/{closed_session.id}/minutes/{member.id}/{feed_token(member)}"
    ).text
    assert "Nichtöffentlicher Teil" in minutes
    assert set(leaks(minutes)) == set(SECRETS)
    council = create_user(email="bvv@example.org", name="Ratsmitglied", roles=["council"])
    for user in (manager, council):
        staff = login(user)
        page = staff.get(f"/manage/meetings/{closed_session.id}/minutes").text
        assert SECRET_MINUTES in page and SECRET_DECISION in page, user.email
        agenda = staff.get(f"/manage/meetings/{closed_session.id}")
        assert SECRET_TITLE in agenda.text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext missing")
def test_agenda_pdf_public_and_staff(closed_session, client, login, manager, tmp_path):
    public = pdf_text(client.get(f"/meetings/{closed_session.id}/agenda.pdf").data, tmp_path)
    assert CLOSED in public and "Nichtöffentlicher Teil" in public
    assert "Öffnungszeiten Jugendclub" in public and leaks(public) == []
    staff = login(manager).get(f"/manage/meetings/{closed_session.id}/agenda.pdf").data
    assert SECRET_TITLE in pdf_text(staff, tmp_path)


def test_ics_and_feeds_leak_nothing(closed_session, client):
    for url in (
        f"/meetings/{closed_session.id}/meeting.ics",
        f"/meetings/bodies/{closed_session.body.slug}/feed.ics",
    ):
        response = client.get(url)
        assert response.status_code == 200
        text = "".join(
            str(e.get("description", "")) + str(e.get("summary", ""))
            for e in Calendar.from_ical(response.data).walk("VEVENT")
        )
        assert leaks(text) == [], url
    single = Calendar.from_ical(client.get(f"/meetings/{closed_session.id}/meeting.ics").data)
    description = str(single.walk("VEVENT")[0]["description"])
    assert f"2. {CLOSED}" in description and "1. Öffnungszeiten Jugendclub" in description


def test_invitations_members_see_the_title_others_do_not(
    scheduled, manager, make_actor, outbox, client
):
    from participation.meetings.models import Invitation
    from participation.meetings.tokens import rsvp_token

    meeting = scheduled(days=20)
    services.add_agenda_item(meeting, None, kind="decision", title=SECRET_TITLE, public=False)
    guest = make_actor("Nachbarschaftsverein Rollberg", email="verein@example.org")
    services.invite(meeting, manager, actors=[guest])
    meeting.sequence += 1  # a change: everyone gets the new version
    services.send_invitations(meeting, manager)
    db.session.commit()
    mails = [m for m in outbox() if m.subject.startswith(("Einladung", "Geändert"))]
    to_guest = [m for m in mails if m.recipient == "verein@example.org"][-1]
    to_member = [m for m in mails if m.recipient != "verein@example.org"][-1]
    assert CLOSED in to_guest.body_text and SECRET_TITLE not in to_guest.body_text
    assert SECRET_TITLE in to_member.body_text and "Nichtöffentlich" in to_member.body_text

    def ics_description(message) -> str:
        raw = base64.b64decode(message.attachments[0]["content"])
        return str(Calendar.from_ical(raw).walk("VEVENT")[0]["description"])

    assert CLOSED in ics_description(to_guest) and SECRET_TITLE not in ics_description(to_guest)
    assert SECRET_TITLE in ics_description(to_member)
    # the guest's RSVP page shows the marker, the member's the title
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.email == "verein@example.org")
    )
    page = client.get(f"/meetings/rsvp/{invitation.id}/{rsvp_token(invitation)}").text
    assert CLOSED in page and SECRET_TITLE not in page


def test_decision_published_explicitly_appears(closed_session, client):
    from participation.meetings.models import Decision

    secret = db.session.scalar(select(Decision).where(Decision.text == SECRET_DECISION))
    assert services.decisions_public(closed_session) == [
        d for d in services.decisions_public(closed_session) if d.id != secret.id
    ]
    secret.publish_separately = True
    db.session.commit()
    page = client.get(f"/meetings/{closed_session.id}").text
    assert SECRET_DECISION in page  # staff chose to publish the decision itself
    # the item itself stays closed: no title, no minutes
    assert SECRET_TITLE not in page and SECRET_MINUTES not in page


def test_council_report_quotes_no_internal_decision(closed_session):
    from participation.reports.scope import Scope
    from participation.reports.sections import meetings

    process = closed_session.body.processes[0]
    closed_session.process_id = process.id
    db.session.commit()
    (row,) = meetings(Scope(process=process))
    texts = [d["text"] for d in row["decisions"]]
    # both decisions are counted; only the public one is quoted
    assert texts == ["Samstags geöffnet", ""]
