"""Scheduler jobs: reminders before meetings, to poll and RSVP non-responders, to the chair about
unpublished minutes, and to owners of action items due soon or overdue.

Each message has a sent marker column set in the same transaction as the outbox row, so a job that
runs twice (or a second scheduler) never sends the same reminder again.
"""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from participation.core.db import utcnow
from participation.extensions import db
from participation.meetings.models import (
    ActionItem,
    DatePoll,
    Invitation,
    Meeting,
    PollParticipant,
)
from participation.meetings.services.common import send_mail
from participation.meetings.tokens import poll_token, rsvp_token
from participation.scheduler import JOBS


def _cfg(name: str, default: int) -> int:
    return int(current_app.config.get(name, default))


def remind_meetings() -> int:
    """Remind invitees shortly before the meeting; ask non-responders a week ahead. Commits."""
    from flask_babel import lazy_gettext as _l

    now = utcnow()
    soon = now + timedelta(hours=_cfg("MEETINGS_REMINDER_HOURS", 48))
    week = now + timedelta(days=_cfg("MEETINGS_RSVP_REMINDER_DAYS", 7))
    base = (
        select(Invitation)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .where(
            Meeting.status == "scheduled",
            Meeting.starts_at > now,
            Invitation.sent_sequence.is_not(None),
            Invitation.withdrawn_at.is_(None),
        )
        .order_by(Invitation.id)
    )
    sent = 0
    for invitation in db.session.scalars(
        base.where(
            Meeting.starts_at <= soon,
            Invitation.reminder_sent_at.is_(None),
            Invitation.response != "declined",
        )
    ).all():
        meeting = invitation.meeting
        send_mail(
            invitation.email,
            _l("Reminder: %(title)s", title=meeting.title),
            "reminder",
            meeting=meeting,
            invitation=invitation,
            token=rsvp_token(invitation),
        )
        invitation.reminder_sent_at = utcnow()
        sent += 1
    for invitation in db.session.scalars(
        base.where(
            Meeting.starts_at <= week,
            Invitation.response == "pending",
            Invitation.nonresponse_reminder_sent_at.is_(None),
        )
    ).all():
        meeting = invitation.meeting
        send_mail(
            invitation.email,
            _l("Will you come? %(title)s", title=meeting.title),
            "rsvp_reminder",
            meeting=meeting,
            invitation=invitation,
            token=rsvp_token(invitation),
        )
        invitation.nonresponse_reminder_sent_at = utcnow()
        sent += 1
    db.session.commit()
    return sent


def remind_poll_nonresponders() -> int:
    """Remind participants who have not answered an open poll two days before its deadline."""
    from flask_babel import lazy_gettext as _l

    now = utcnow()
    horizon = now + timedelta(days=_cfg("MEETINGS_POLL_REMINDER_DAYS", 2))
    rows = db.session.scalars(
        select(PollParticipant)
        .join(DatePoll, DatePoll.id == PollParticipant.poll_id)
        .where(
            DatePoll.status == "open",
            DatePoll.respond_by > now,
            DatePoll.respond_by <= horizon,
            PollParticipant.invited_at.is_not(None),
            PollParticipant.answered_at.is_(None),
            PollParticipant.reminder_sent_at.is_(None),
        )
        .order_by(PollParticipant.id)
    ).all()
    for participant in rows:
        poll = participant.poll
        send_mail(
            participant.email,
            _l("Reminder: when can you come? %(title)s", title=poll.meeting.title),
            "poll_reminder",
            poll=poll,
            participant=participant,
            token=poll_token(participant),
        )
        participant.reminder_sent_at = utcnow()
    db.session.commit()
    return len(rows)


def remind_unpublished_minutes() -> int:
    """Tell the chair (and the responsible staff) when minutes are still unpublished N days on."""
    from flask_babel import lazy_gettext as _l

    cutoff = utcnow() - timedelta(days=_cfg("MEETINGS_MINUTES_REMINDER_DAYS", 14))
    meetings = db.session.scalars(
        select(Meeting).where(
            Meeting.status == "scheduled",
            Meeting.ends_at < cutoff,
            Meeting.minutes_status != "published",
            Meeting.minutes_reminder_sent_at.is_(None),
        )
    ).all()
    sent = 0
    for meeting in meetings:
        body = meeting.body
        chairs = [m.actor.email for m in body.current_memberships() if m.role == "chair"]
        staff = [u.email for u in (body.owner, body.deputy_owner) if u is not None]
        for address in dict.fromkeys(a for a in chairs + staff if a):
            send_mail(
                address,
                _l("Minutes not yet published: %(title)s", title=meeting.title),
                "minutes_reminder",
                meeting=meeting,
            )
            sent += 1
        meeting.minutes_reminder_sent_at = utcnow()
    db.session.commit()
    return sent


def remind_action_items(today: date | None = None) -> int:
    """Mail owners of open action items due within three days, and once more when overdue."""
    from flask_babel import lazy_gettext as _l

    today = today or date.today()
    soon = today + timedelta(days=_cfg("MEETINGS_ACTION_DUE_DAYS", 3))
    open_items = select(ActionItem).where(
        ActionItem.status.in_(("open", "in_progress")), ActionItem.due_date.is_not(None)
    )
    sent = 0
    for overdue, query in (
        (
            False,
            open_items.where(
                ActionItem.due_date >= today,
                ActionItem.due_date <= soon,
                ActionItem.due_reminder_sent_at.is_(None),
            ),
        ),
        (
            True,
            open_items.where(
                ActionItem.due_date < today, ActionItem.overdue_reminder_sent_at.is_(None)
            ),
        ),
    ):
        for item in db.session.scalars(query.order_by(ActionItem.id)).all():
            address = (item.owner_actor.email if item.owner_actor else "") or (
                item.owner_user.email if item.owner_user else ""
            )
            if address:
                send_mail(
                    address,
                    _l("Task overdue: %(text)s", text=item.text[:60])
                    if overdue
                    else _l("Task due soon: %(text)s", text=item.text[:60]),
                    "action_item",
                    item=item,
                    overdue=overdue,
                )
                sent += 1
            if overdue:
                item.overdue_reminder_sent_at = utcnow()
            else:
                item.due_reminder_sent_at = utcnow()
    db.session.commit()
    return sent


JOBS["meetings-reminders"] = (remind_meetings, 15 * 60)
JOBS["meetings-poll-reminders"] = (remind_poll_nonresponders, 3600)
JOBS["meetings-minutes-reminders"] = (remind_unpublished_minutes, 6 * 3600)
JOBS["meetings-action-items"] = (remind_action_items, 6 * 3600)
