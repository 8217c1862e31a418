"""Scheduler jobs: each reminder is sent once, even when the job runs twice."""

from datetime import date, timedelta

import pytest
from _when import future

from participation.extensions import db
from participation.meetings import services, tasks

pytestmark = pytest.mark.berlin


def test_meeting_reminders_once(scheduled, outbox):
    scheduled(days=1)
    before = len(outbox())
    first = tasks.remind_meetings()
    # 4 reminders before the meeting + 4 to those who have not answered
    assert first == 8
    assert tasks.remind_meetings() == 0
    assert len(outbox()) == before + 8


def test_no_reminder_long_before(scheduled):
    scheduled(days=30)
    assert tasks.remind_meetings() == 0


def test_poll_reminders_to_non_responders_once(conference, manager, outbox):
    body = conference()
    meeting = services.create_meeting(body, manager, title="Herbst")
    slots = [(future(d), future(d) + timedelta(hours=2)) for d in (5, 6)]
    poll = services.create_poll(meeting, manager, slots, future(1))
    services.send_poll_invitations(poll)
    services.answer_poll(poll.participants[0], {s.id: "yes" for s in poll.slots})
    db.session.commit()
    assert tasks.remind_poll_nonresponders() == 3
    assert tasks.remind_poll_nonresponders() == 0
    assert poll.participants[0].email not in [
        m.recipient for m in outbox() if "Erinnerung" in m.subject or "Reminder" in m.subject
    ]


def test_minutes_reminder_once(scheduled, outbox, app):
    meeting = scheduled()
    meeting.starts_at, meeting.ends_at = future(-30), future(-30) + timedelta(hours=2)
    db.session.commit()
    sent = tasks.remind_unpublished_minutes()
    # the chair (AWO) and the two responsible staff members
    assert sent == 3
    assert tasks.remind_unpublished_minutes() == 0


def test_action_items_due_and_overdue_once(scheduled, outbox):
    meeting = scheduled()
    owner = meeting.body.current_memberships()[1].actor
    services.add_action_item(
        meeting,
        None,
        text="Flyer drucken",
        owner_actor=owner,
        due_date=date.today() + timedelta(days=2),
    )
    services.add_action_item(
        meeting,
        None,
        text="Raum buchen",
        owner_actor=owner,
        due_date=date.today() - timedelta(days=1),
    )
    services.add_action_item(
        meeting, None, text="Später", owner_actor=owner, due_date=date.today() + timedelta(days=30)
    )
    db.session.commit()
    before = len(outbox())
    assert tasks.remind_action_items() == 2
    assert tasks.remind_action_items() == 0
    texts = [m.body_text for m in outbox()[before:]]
    assert any("Flyer drucken" in t for t in texts) and any("Raum buchen" in t for t in texts)
    # the due-soon item becomes overdue later: one more message, once
    assert tasks.remind_action_items(today=date.today() + timedelta(days=3)) == 1
    assert tasks.remind_action_items(today=date.today() + timedelta(days=3)) == 0
