"""Meetings: create, edit (an update with a higher SEQUENCE goes to the invitees), cancel."""

import uuid
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings.models import (
    FORMATS,
    VISIBILITIES,
    Body,
    Meeting,
)
from participation.meetings.services.common import bump_public
from participation.meetings.services.invitations import _send_cancel, send_invitations

MEETING_FIELDS = (
    "title",
    "description",
    "starts_at",
    "ends_at",
    "format",
    "venue_name",
    "venue_address",
    "lat",
    "lon",
    "step_free",
    "hearing_loop",
    "childcare",
    "languages",
    "capacity",
    "online_url",
    "visibility",
    "registration_open",
    "process_id",
)
#: A change of one of these is news for the invitees' calendars: SEQUENCE grows, updates go out.
CALENDAR_FIELDS = ("starts_at", "ends_at", "format", "venue_name", "venue_address", "online_url")


def _validate(body: Body, data: dict) -> None:
    problems = {}
    if not (data.get("title") or "").strip():
        problems["title"] = _("Enter a title.")
    start, end = data.get("starts_at"), data.get("ends_at")
    if start and end and end <= start:
        problems["ends_at"] = _("The meeting must end after it starts.")
    if start and not end:
        problems["ends_at"] = _("Enter when the meeting ends.")
    if data.get("format") not in FORMATS:
        problems["format"] = _("Choose in person, online or hybrid.")
    if data.get("visibility") not in VISIBILITIES:
        problems["visibility"] = _("Choose who may see the meeting.")
    elif data["visibility"] == "public" and not body.public_attendance:
        problems["visibility"] = _(
            "The rules of this body do not allow the public to attend: choose members only."
        )
    if data.get("format") in ("online", "hybrid") and not (data.get("online_url") or "").strip():
        problems["online_url"] = _("Online and hybrid meetings need a link.")
    if data.get("capacity") is not None and data["capacity"] < 1:
        problems["capacity"] = _("The capacity must be at least 1, or left empty.")
    if problems:
        raise ServiceError(next(iter(problems.values())), fields=problems)


def _uid(meeting_hint: str = "") -> str:
    return f"{uuid.uuid4()}@beteiligung"


def create_meeting(body: Body, user, **data) -> Meeting:
    """Create a meeting of *body*; without a start it waits for a date poll."""
    data = {k: v for k, v in data.items() if k in MEETING_FIELDS}
    data.setdefault("format", "in_person")
    data.setdefault("visibility", "public" if body.public_attendance else "members")
    _validate(body, data)
    data["title"] = data["title"].strip()
    meeting = Meeting(
        body=body,
        **data,
        uid=_uid(),
        status="scheduled" if data.get("starts_at") else "polling",
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(meeting)
    db.session.flush()
    log_action("meetings.meeting_create", meeting, user=user, body_id=body.id)
    bump_public()
    return meeting


def update_meeting(meeting: Meeting, user, **data) -> bool:
    """Change a meeting; returns True when invitees were sent an update (SEQUENCE grew)."""
    if meeting.status == "cancelled":
        raise ServiceError(_("This meeting was cancelled and can no longer be changed."))
    data = {k: v for k, v in data.items() if k in MEETING_FIELDS}
    merged = {k: getattr(meeting, k) for k in MEETING_FIELDS} | data
    _validate(meeting.body, merged)
    if meeting.status == "scheduled" and merged.get("starts_at") is None:
        raise ServiceError(
            _("A scheduled meeting keeps its date; to find a new one, cancel it."), "day"
        )
    changed = [k for k, v in data.items() if getattr(meeting, k) != v]
    for key, value in data.items():
        setattr(meeting, key, value)
    meeting.updated_at = utcnow()
    calendar_change = any(k in CALENDAR_FIELDS for k in changed)
    if calendar_change and meeting.status == "polling" and meeting.starts_at:
        meeting.status = "scheduled"
    sent_update = False
    if calendar_change and meeting.status == "scheduled":
        meeting.sequence += 1
        sent_update = send_invitations(meeting, user, only_sent=True) > 0
    db.session.flush()
    log_action("meetings.meeting_update", meeting, user=user, fields=changed)
    bump_public()
    return sent_update


def cancel_meeting(meeting: Meeting, user, reason: str = "") -> int:
    """Cancel: METHOD:CANCEL with the same UID and a higher SEQUENCE to everyone invited."""
    if meeting.status == "cancelled":
        raise ServiceError(_("This meeting is already cancelled."))
    if meeting.starts_at is None:
        raise ServiceError(_("A meeting without a date cannot be cancelled; delete the poll."))
    meeting.status = "cancelled"
    meeting.sequence += 1
    meeting.updated_at = utcnow()
    sent = _send_cancel(meeting, reason)
    log_action("meetings.meeting_cancel", meeting, user=user, reason=reason[:500], mailed=sent)
    bump_public()
    return sent


def upcoming(body: Body, now: datetime | None = None):
    """Select the body's scheduled meetings from *now* on."""
    return (
        select(Meeting)
        .where(Meeting.body_id == body.id, Meeting.starts_at >= (now or utcnow()))
        .order_by(Meeting.starts_at)
    )
