"""Issue 9 follow-ups: agenda item edit form, htmx blocks, a resident cancels her registration by
link, lottery result e-mails, the minutes summary (draft only)."""

import re
from datetime import timedelta

import pytest
from _when import future
from sqlalchemy import select

from participation.core.audit import AuditEntry
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import AgendaItem, Registration, SeatLottery
from participation.meetings.services import drafting
from participation.meetings.services import lottery as lottery_services

pytestmark = pytest.mark.berlin

HX = {"HX-Request": "true"}


def _agenda(meeting, *titles):
    for title in titles:
        services.add_agenda_item(meeting, None, kind="discussion", title=title, duration_minutes=20)
    db.session.commit()


def _order(meeting):
    return db.session.scalars(
        select(AgendaItem.title)
        .where(AgendaItem.meeting_id == meeting.id)
        .order_by(AgendaItem.position)
    ).all()


def _audit(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_staff_edit_an_agenda_item_with_audit(scheduled, login, manager):
    meeting = scheduled()
    _agenda(meeting, "Begrüßung", "Spielplatz", "Verschiedenes")
    item = meeting.agenda_items[2]
    staff = login(manager)
    url = f"/manage/meetings/{meeting.id}/agenda/{item.id}/edit"
    form = staff.get(url)
    assert form.status_code == 200 and 'value="Verschiedenes"' in form.text
    assert 'name="position"' in form.text and 'value="3"' in form.text

    bad = staff.post(url, data={"kind": "discussion", "title": " ", "position": 1})
    assert bad.status_code == 422
    saved = staff.post(
        url,
        data={
            "kind": "information",
            "title": "Termine und Verschiedenes",
            "description": "Feste im Sommer",
            "duration_minutes": 10,
            "presenter": "Quartiersrat",
            "position": 1,
            "contribution_ids": "",
        },
    )
    assert saved.status_code == 303
    db.session.expire_all()
    item = db.session.get(AgendaItem, item.id)
    assert (item.kind, item.duration_minutes, item.presenter, item.description) == (
        "information",
        10,
        "Quartiersrat",
        "Feste im Sommer",
    )
    assert _order(meeting) == ["Termine und Verschiedenes", "Begrüßung", "Spielplatz"]
    entry = _audit("meetings.agenda_update")[-1]
    assert {"title", "kind", "position"} <= set(entry.details["changed"])
    assert "Termine und Verschiedenes" in staff.get(f"/manage/meetings/{meeting.id}").text


def test_edit_refuses_an_item_of_another_meeting(scheduled, login, manager):
    first, second = scheduled(), scheduled(days=30)
    _agenda(second, "Fremder Punkt")
    other = second.agenda_items[0]
    staff = login(manager)
    assert staff.get(f"/manage/meetings/{first.id}/agenda/{other.id}/edit").status_code == 404


def test_agenda_reorder_answers_htmx_with_the_agenda_block(app, scheduled, login, manager):
    meeting = scheduled()
    _agenda(meeting, "Eins", "Zwei")
    second = meeting.agenda_items[1]
    staff = login(manager)
    url = f"/manage/meetings/{meeting.id}/agenda/{second.id}/up"
    block = staff.post(url, headers=HX)
    assert block.status_code == 200
    assert "<html" not in block.text and 'id="agenda"' in block.text
    assert block.text.index("Zwei") < block.text.index("Eins")
    assert block.headers["Vary"] and "HX-Request" in block.headers["Vary"]
    assert _order(meeting) == ["Zwei", "Eins"]
    # without JavaScript the same form posts and redirects back to the agenda
    plain = staff.post(url.replace(f"/{second.id}/up", f"/{second.id}/down"))
    assert plain.status_code == 303 and plain.headers["Location"].endswith("#agenda")
    assert _order(meeting) == ["Eins", "Zwei"]
    assert len(_audit("meetings.agenda_move")) == 2
    # the staff audit page names the action in German
    from flask_babel import force_locale

    from participation.core.audit_labels import action_label

    with app.test_request_context(), force_locale("de"):
        assert action_label("meetings.agenda_move") == "Tagesordnungspunkt verschoben"


def test_invite_answers_htmx_with_the_rsvp_table(scheduled, login, manager, outbox):
    meeting = scheduled()
    staff = login(manager)
    before = len(outbox())
    block = staff.post(
        f"/manage/meetings/{meeting.id}/invite",
        data={"emails": "gast@example.net\n"},
        headers=HX,
    )
    assert block.status_code == 200
    assert "<html" not in block.text and 'id="invitations"' in block.text
    assert "gast@example.net" in block.text  # the new row and the message are in the block
    assert len(outbox()) == before + 1
    refresh = staff.get(f"/manage/meetings/{meeting.id}?block=invitations", headers=HX)
    assert refresh.status_code == 200 and "<html" not in refresh.text
    assert 'id="agenda"' not in refresh.text
    full = staff.get(f"/manage/meetings/{meeting.id}?block=invitations")
    assert "<html" in full.text  # a plain request always gets the page


def _register(client, meeting, name, email, persons):
    response = client.post(
        f"/meetings/{meeting.id}/register",
        data={"name": name, "email": email, "persons": persons},
    )
    assert response.status_code == 303


def test_resident_cancels_from_her_confirmation_link_and_the_wait_list_moves_up(
    scheduled, client, outbox
):
    meeting = scheduled(capacity=2, registration_open=True)
    _register(client, meeting, "Fatma K.", "fatma@example.net", 2)
    _register(client, meeting, "Hans M.", "hans@example.net", 2)
    fatma, hans = db.session.scalars(select(Registration).order_by(Registration.id)).all()
    assert (fatma.status, hans.status) == ("confirmed", "waitlist")
    mail = [m for m in outbox() if m.recipient == "fatma@example.net"][-1]
    link = re.search(r"https?://\S+/meetings/registration/\S+", mail.body_text).group(0)
    path = "/" + link.split("/", 3)[3]

    # another registration's id with this token is refused
    assert client.get(path.replace(f"/{fatma.id}/", f"/{hans.id}/")).status_code == 404
    page = client.get(path)
    assert page.status_code == 200 and "Fatma K." in page.text
    done = client.post(path)
    assert done.status_code == 303
    db.session.expire_all()
    assert db.session.get(Registration, fatma.id).status == "cancelled"
    assert db.session.get(Registration, hans.id).status == "confirmed"
    told = [m for m in outbox() if m.recipient == "hans@example.net"]
    assert len(told) == 2 and told[-1].attachments  # wait-list notice, then the free place + .ics
    assert told[-1].subject != told[0].subject
    assert client.post(path).status_code == 422  # cancelled already: a clear message
    assert _audit("meetings.registration_cancel")[-1].details["by"] == "resident"


def test_cancel_refused_once_the_meeting_began(scheduled):
    meeting = scheduled(registration_open=True)
    registration = services.register(meeting, name="Lena")
    meeting.starts_at = utcnow() - timedelta(minutes=5)
    db.session.commit()
    with pytest.raises(ServiceError):
        services.cancel_registration(registration)


def test_draw_mails_winners_and_the_not_drawn(conference, manager, outbox):
    body = conference(n_members=1)
    lot = lottery_services.create_lottery(
        body,
        manager,
        title="Bürgersitze im Beirat",
        seats=2,
        opens_at=utcnow() - timedelta(days=1),
        closes_at=utcnow() + timedelta(days=1),
        questions=["Ich wohne in Neukölln."],
    )
    for name in ("Anna", "Ben", "Cem"):
        lottery_services.apply(lot, name=name, email=f"{name.lower()}@example.net", answers=[True])
    lottery_services.apply(lot, name="Zoe", email="zoe@example.net", answers=[False])
    lottery_services.publish_seed(lot, manager, "beirat-2027")
    before = len(outbox())
    winners = lottery_services.draw(lot, manager)
    db.session.commit()
    mails = {m.recipient: m for m in outbox()[before:]}
    eligible = {"anna@example.net", "ben@example.net", "cem@example.net"}
    assert set(mails) == eligible | {"zoe@example.net"}
    won = {w.email for w in winners}
    assert len(won) == 2
    lost = (eligible - won).pop()
    assert len({mails[w].subject for w in won}) == 1
    assert mails[lost].subject != mails[next(iter(won))].subject
    assert f"/meetings/lottery/{lot.id}" in mails[lost].body_text
    assert "3." in mails[lost].body_text  # the not-drawn are told their place in the order


def test_lottery_form_creates_through_the_service(conference, login, manager):
    body = conference(n_members=1)
    staff = login(manager)
    data = {
        "title": "Bürgersitze",
        "seats": 2,
        "opens_at": "2026-01-01T10:00",
        "closes_at": "2025-12-01T10:00",
        "questions": "Ich wohne in Neukölln.",
        "quota_options": "f = Frau = 1",
    }
    url = f"/manage/meetings/bodies/{body.id}/lottery/new"
    assert staff.post(url, data=data).status_code == 422
    data["closes_at"] = "2027-01-01T10:00"
    data["quota_options"] = "f = Frau = 3"  # more than the seats
    assert staff.post(url, data=data).status_code == 422
    data["quota_options"] = "f = Frau = 1"
    assert staff.post(url, data=data).status_code == 303
    lot = db.session.scalar(select(SeatLottery))
    assert lot.quotas == {"options": {"f": "Frau"}, "min": {"f": 1}}
    assert lot.eligibility_questions == ["Ich wohne in Neukölln."]
    assert _audit("meetings.lottery_create")


def test_minutes_summary_editable_until_approved(scheduled, login, manager, client):
    meeting = scheduled()
    meeting.starts_at, meeting.ends_at = future(-1), future(-1) + timedelta(hours=2)
    _agenda(meeting, "Spielplatz")
    item = meeting.agenda_items[0]
    staff = login(manager)
    url = f"/manage/meetings/{meeting.id}/minutes/summary"
    assert staff.post(url, data={"summary": "Gute Stimmung, 40 Gäste."}).status_code == 303
    page = staff.get(f"/manage/meetings/{meeting.id}/minutes")
    assert "Gute Stimmung, 40 Gäste." in page.text and f'action="{url}"' in page.text
    services.approve_minutes(meeting, manager)
    db.session.commit()
    page = staff.get(f"/manage/meetings/{meeting.id}/minutes")
    assert f'action="{url}"' not in page.text and "Gute Stimmung, 40 Gäste." in page.text
    staff.post(url, data={"summary": "Nachträglich geändert"})
    item_url = f"/manage/meetings/{meeting.id}/items/{item.id}/minutes"
    staff.post(item_url, data={"minutes": "Nachträglich"})
    db.session.expire_all()
    meeting = db.session.get(type(meeting), meeting.id)
    assert meeting.minutes_summary == "Gute Stimmung, 40 Gäste."
    assert meeting.agenda_items[0].minutes == ""
    with pytest.raises(ServiceError):
        drafting.update_minutes_summary(meeting, manager, "x")
    services.reopen_minutes(meeting, manager)
    assert drafting.update_minutes_summary(meeting, manager, "Korrigiert") is True
    services.approve_minutes(meeting, manager)
    services.publish_minutes(meeting, manager)
    db.session.commit()
    assert "Korrigiert" in client.get(f"/meetings/{meeting.id}").text
    assert len(_audit("meetings.minutes_summary")) == 2
