"""Invitations: RSVP by personal link, counts on the meeting page, refusals, registration."""

import re

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import Invitation, Registration
from participation.meetings.tokens import rsvp_token

pytestmark = pytest.mark.berlin


def test_rsvp_by_link_and_counts(scheduled, outbox, client, login, manager):
    meeting = scheduled()
    mail = outbox()[0]
    link = re.search(r"https?://\S+/meetings/rsvp/\S+", mail.body_text).group(0)
    path = "/" + link.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200 and meeting.title in page.text
    assert client.post(path, data={"response": "deputy", "deputy_name": ""}).status_code == 422
    response = client.post(
        path, data={"response": "deputy", "deputy_name": "Ayşe Demir", "note": "Ich bin im Urlaub."}
    )
    assert response.status_code == 303
    invitation = db.session.scalar(select(Invitation).where(Invitation.email == mail.recipient))
    assert (invitation.response, invitation.deputy_name) == ("deputy", "Ayşe Demir")
    assert services.rsvp_counts(meeting)["deputy"] == 1
    staff = login(manager).get(f"/manage/meetings/{meeting.id}")
    assert "Ayşe Demir" in staff.text


def test_rsvp_token_of_another_person_refused(scheduled, client):
    meeting = scheduled()
    first, second = db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == meeting.id).order_by(Invitation.id)
    ).all()[:2]
    assert client.get(f"/meetings/rsvp/{first.id}/{rsvp_token(second)}").status_code == 404
    assert (
        client.post(f"/meetings/rsvp/{first.id}/x", data={"response": "accepted"}).status_code
        == 404
    )
    db.session.expire_all()
    assert db.session.get(Invitation, first.id).response == "pending"


def test_cancelled_meeting_refuses_rsvp(scheduled, manager, client):
    meeting = scheduled()
    invitation = db.session.scalar(select(Invitation).where(Invitation.meeting_id == meeting.id))
    services.cancel_meeting(meeting, manager)
    db.session.commit()
    path = f"/meetings/rsvp/{invitation.id}/{rsvp_token(invitation)}"
    assert client.post(path, data={"response": "accepted"}).status_code == 422


def test_public_registration_capacity_waitlist(scheduled, client, outbox):
    meeting = scheduled(capacity=3, registration_open=True)
    page = client.get(f"/meetings/{meeting.id}")
    assert page.status_code == 200 and "3 Plätze frei." in page.text
    ok = client.post(
        f"/meetings/{meeting.id}/register",
        data={
            "name": "Fatma K.",
            "email": "fatma@example.net",
            "persons": 2,
            "accessibility_needs": "Kinderwagen, bitte stufenlos",
        },
    )
    assert ok.status_code == 303
    bad = client.post(
        f"/meetings/{meeting.id}/register", data={"name": "", "persons": 1, "email": "kaputt"}
    )
    assert bad.status_code == 422 and "kaputt" in bad.text  # nothing typed is lost
    full = client.post(f"/meetings/{meeting.id}/register", data={"name": "Hans M.", "persons": 2})
    assert full.status_code == 303
    rows = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    assert [(r.name, r.status) for r in rows] == [
        ("Fatma K.", "confirmed"),
        ("Hans M.", "waitlist"),
    ]
    assert rows[0].accessibility_needs == "Kinderwagen, bitte stufenlos"
    confirmation = [m for m in outbox() if m.recipient == "fatma@example.net"]
    assert len(confirmation) == 1 and confirmation[0].attachments
    # a freed place moves the wait list up
    promoted = services.cancel_registration(rows[0])
    db.session.commit()
    assert promoted.name == "Hans M." and promoted.status == "confirmed"


def test_double_submit_registers_once(scheduled, client):
    meeting = scheduled(registration_open=True)
    data = {"name": "Lena", "persons": 1, "idempotency_key": "k" * 24}
    client.post(f"/meetings/{meeting.id}/register", data=data)
    client.post(f"/meetings/{meeting.id}/register", data=data)
    assert len(db.session.scalars(select(Registration)).all()) == 1


def test_conflict_warnings(scheduled, conference, manager, make_actor):
    first = scheduled()
    body2 = conference(name="Runder Tisch Jugend Neukölln", n_members=0)
    # the AWO is a member of both bodies
    awo = first.body.current_memberships()[0].actor
    services.add_member(body2, awo, manager)
    db.session.commit()
    second = services.create_meeting(
        body2,
        manager,
        title="Runder Tisch",
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        venue_name="nachbarschaftsheim neukölln",
    )
    services.invite_members(second, manager)
    db.session.commit()
    warnings = services.conflicts(second)
    assert any("Nachbarschaftsheim" in w or "nachbarschaftsheim" in w for w in warnings)
    assert any(awo.name in w for w in warnings)
