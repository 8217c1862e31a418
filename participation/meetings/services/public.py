"""Residents' side: registration for public meetings (capacity, wait list); meeting series."""

import calendar
import re
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participation.core.addresses import is_email
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings import ical
from participation.meetings.models import BERLIN, Body, Meeting, MeetingSeries, Registration
from participation.meetings.services.common import bump_public, send_mail
from participation.meetings.services.meetings import create_meeting

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def seats_taken(meeting: Meeting) -> int:
    """Persons with a confirmed registration (summed in SQL)."""
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(Registration.persons), 0)).where(
                Registration.meeting_id == meeting.id, Registration.status == "confirmed"
            )
        )
    )


def register(
    meeting: Meeting,
    *,
    name: str,
    email: str = "",
    persons: int = 1,
    accessibility_needs: str = "",
    idempotency_key: str | None = None,
) -> Registration:
    """Register a resident; past capacity the registration goes on the wait list.

    A repeated *idempotency_key* (double submit) returns the first registration.
    """
    key = idempotency_key if idempotency_key and KEY_RE.match(idempotency_key) else None
    if key:
        existing = db.session.scalar(
            select(Registration).where(Registration.idempotency_key == key)
        )
        if existing is not None and existing.meeting_id == meeting.id:
            return existing
    if not (meeting.is_public and meeting.registration_open and meeting.status == "scheduled"):
        raise ServiceError(_("Registration for this meeting is not open."))
    problems = {}
    name = (name or "").strip()
    email = (email or "").strip()
    if not name:
        problems["name"] = _("Please enter your name (a first name is enough).")
    elif len(name) > 200:
        problems["name"] = _("Please shorten your name to 200 characters.")
    if email and not is_email(email):
        problems["email"] = _("Please enter a valid e-mail address, or leave the field empty.")
    if not 1 <= (persons or 0) <= 10:
        problems["persons"] = _("You can register between 1 and 10 persons.")
    if len(accessibility_needs or "") > 1000:
        problems["accessibility_needs"] = _("Please shorten your text to 1000 characters.")
    if problems:
        raise ServiceError(next(iter(problems.values())), fields=problems)
    full = meeting.capacity is not None and seats_taken(meeting) + persons > meeting.capacity
    registration = Registration(
        meeting=meeting,
        name=name,
        email=email or None,
        persons=persons,
        accessibility_needs=(accessibility_needs or "").strip(),
        status="waitlist" if full else "confirmed",
        idempotency_key=key,
    )
    db.session.add(registration)
    db.session.flush()
    if registration.email:
        _confirm(registration)
    bump_public()
    return registration


def _confirm(registration: Registration, promoted: bool = False) -> None:
    """Mail the confirmation (or wait-list notice) with the personal cancel link.

    *promoted*: a place became free and the registration moved up from the wait list.
    """
    from participation.meetings.tokens import registration_token

    meeting = registration.meeting
    attachments = []
    if registration.status == "confirmed":
        attachments = [
            {
                "filename": "termin.ics",
                "mimetype": ical.MIME_PUBLISH,
                "content": ical.meeting_ics(meeting),
            }
        ]
    if promoted:
        subject = _l("A place is free for you: %(title)s", title=meeting.title)
    else:
        subject = _l("Your registration: %(title)s", title=meeting.title)
    send_mail(
        registration.email,
        subject,
        "registration",
        attachments,
        meeting=meeting,
        registration=registration,
        promoted=promoted,
        cancel_token=registration_token(registration),
    )


def cancel_registration(registration: Registration, user=None) -> Registration | None:
    """Cancel; the first waiting registration that now fits moves up (and is told by e-mail).

    *user* is ``None`` when the resident cancels through the link in her confirmation e-mail.
    """
    meeting = registration.meeting
    if registration.status == "cancelled":
        raise ServiceError(_("This registration is already cancelled."))
    if meeting.starts_at is not None and meeting.starts_at <= utcnow():
        raise ServiceError(
            _("The meeting has already begun; the registration cannot be cancelled.")
        )
    was_confirmed = registration.status == "confirmed"
    registration.status = "cancelled"
    db.session.flush()
    promoted = None
    if was_confirmed:
        waiting = db.session.scalars(
            select(Registration)
            .where(Registration.meeting_id == meeting.id, Registration.status == "waitlist")
            .order_by(Registration.id)
        ).all()
        for candidate in waiting:
            if (
                meeting.capacity is None
                or seats_taken(meeting) + candidate.persons <= meeting.capacity
            ):
                candidate.status = "confirmed"
                db.session.flush()
                promoted = candidate
                if candidate.email:
                    _confirm(candidate, promoted=True)
                break
    log_action(
        "meetings.registration_cancel",
        meeting,
        user=user,
        registration_id=registration.id,
        by="resident" if user is None else "staff",
        promoted_id=promoted.id if promoted else None,
    )
    bump_public()
    return promoted


def add_months(day: date, months: int) -> date:
    """*day* plus *months* (clamped to the month's last day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def create_series(
    body: Body,
    user,
    *,
    title: str,
    first: datetime,
    duration_minutes: int,
    count: int = 0,
    interval_months: int = 6,
    dates: list[date] = (),
    **meeting_data,
) -> tuple[MeetingSeries, list[Meeting]]:
    """A series: every *interval_months* (``count`` meetings) or on custom *dates*.

    Each occurrence keeps the local wall-clock time of *first* in Berlin, across DST changes, and
    is an ordinary meeting afterwards (editable on its own).
    """
    if not (title or "").strip():
        raise ServiceError(_("Enter a title."), "title")
    if not 1 <= duration_minutes <= 24 * 60:
        raise ServiceError(_("The duration is between 1 minute and 24 hours."), "duration_minutes")
    local = first.astimezone(BERLIN)
    if dates:
        days, rule = sorted(set(dates)), "custom"
    else:
        if not 1 <= count <= 50 or not 1 <= interval_months <= 24:
            raise ServiceError(_("Choose 1 to 50 meetings, every 1 to 24 months."), "count")
        days = [add_months(local.date(), interval_months * i) for i in range(count)]
        rule = "months"
    series = MeetingSeries(
        body=body,
        title=title.strip(),
        rule=rule,
        interval_months=interval_months,
        dates=[d.isoformat() for d in days] if rule == "custom" else [],
    )
    db.session.add(series)
    meetings = []
    for i, day in enumerate(days, 1):
        start = datetime.combine(day, time(local.hour, local.minute), BERLIN)
        meeting = create_meeting(
            body,
            user,
            title=f"{title.strip()} ({i})" if len(days) > 1 else title.strip(),
            starts_at=start,
            ends_at=start + timedelta(minutes=duration_minutes),
            **meeting_data,
        )
        meeting.series = series
        meetings.append(meeting)
    db.session.flush()
    log_action("meetings.series_create", series, user=user, count=len(meetings))
    return series, meetings
