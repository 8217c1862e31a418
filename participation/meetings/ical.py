"""Calendar files (RFC 5545) built with ``icalendar``: invitations, single events and feeds.

Rules real clients rely on (issue 9): one UID per meeting that never changes; SEQUENCE grows with
every change of time or place (clients drop an update whose SEQUENCE did not grow); METHOD:REQUEST
for invitations and updates, METHOD:CANCEL with the same UID for a cancellation or a withdrawn
invitation; ORGANIZER and one ATTENDEE (RSVP=TRUE) per recipient; DTSTAMP in UTC; times in
Europe/Berlin with the VTIMEZONE that ``icalendar`` derives from zoneinfo, so a meeting on either
side of a DST change lands at the right UTC instant.
"""

from collections.abc import Iterable
from datetime import timedelta
from email.utils import parseaddr

from flask import current_app
from icalendar import Calendar, Event, vCalAddress, vText

from participation.core.db import utcnow
from participation.meetings.models import Meeting

PRODID = "-//Beteiligung//Sitzungen//DE"
#: MIME types of the attachments: Outlook reads ``method=`` from the MIME part, not the file.
MIME_REQUEST = "text/calendar; method=REQUEST; charset=UTF-8"
MIME_CANCEL = "text/calendar; method=CANCEL; charset=UTF-8"
MIME_PUBLISH = "text/calendar; charset=UTF-8"


def meeting_url(meeting: Meeting) -> str:
    """Absolute URL of the meeting's page (public page, else the body page)."""
    from participation.meetings.services.common import link

    if meeting.visibility == "public":
        return link("meetings.public_meeting", meeting_id=meeting.id)
    return link("meetings.public_body", slug=meeting.body.slug)


def _organizer() -> vCalAddress:
    name, address = parseaddr(current_app.config.get("MAIL_FROM", ""))
    organizer = vCalAddress(f"mailto:{address or 'beteiligung@example.org'}")
    organizer.params["CN"] = vText(name or current_app.config.get("SITE_NAME", "Beteiligung"))
    return organizer


def _location(meeting: Meeting) -> str:
    parts = [meeting.venue_name, meeting.venue_address]
    if meeting.format != "in_person" and meeting.online_url:
        parts.append(meeting.online_url)
    return ", ".join(p for p in parts if p)


def _description(meeting: Meeting, extra: str = "") -> str:
    lines = []
    if meeting.description:
        lines.append(meeting.description)
    if meeting.agenda_items:
        lines.append("")
        lines += [f"{i}. {item.title}" for i, item in enumerate(meeting.agenda_items, 1)]
    if extra:
        lines += ["", extra]
    return "\n".join(lines).strip()


def meeting_event(
    meeting: Meeting,
    *,
    attendees: Iterable[tuple[str, str]] = (),
    cancelled: bool = False,
    extra: str = "",
    url: str | None = None,
) -> Event:
    """One VEVENT for *meeting*; *attendees* are ``(name, email)`` pairs (RSVP requested)."""
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end or meeting.local_start)
    event.add("summary", f"{meeting.title} ({meeting.body.name})")
    if location := _location(meeting):
        event.add("location", location)
    if description := _description(meeting, extra):
        event.add("description", description)
    event.add("url", url or meeting_url(meeting))
    if meeting.lat is not None and meeting.lon is not None:
        event.add("geo", (meeting.lat, meeting.lon))
    event.add("organizer", _organizer())
    for name, email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["CN"] = vText(name or email)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
        attendee.params["RSVP"] = vText("TRUE")
        event.add("attendee", attendee)
    cancelled = cancelled or meeting.status == "cancelled"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _calendar(method: str | None = None, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", "Europe/Berlin")
    return cal


def invitation_ics(
    meeting: Meeting, name: str, email: str, *, cancel: bool = False, extra: str = ""
) -> bytes:
    """The calendar file of one invitation: METHOD:REQUEST, or METHOD:CANCEL when *cancel*."""
    cal = _calendar("CANCEL" if cancel else "REQUEST")
    cal.add_component(
        meeting_event(meeting, attendees=[(name, email)], cancelled=cancel, extra=extra)
    )
    cal.add_missing_timezones()
    return cal.to_ical()


def meeting_ics(meeting: Meeting) -> bytes:
    """The public download of one meeting (METHOD:PUBLISH, no attendees)."""
    cal = _calendar("PUBLISH", meeting.title)
    cal.add_component(meeting_event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_ics(name: str, meetings: Iterable[Meeting]) -> bytes:
    """A subscribable feed named *name* (X-WR-CALNAME); cancelled meetings keep STATUS:CANCELLED."""
    cal = _calendar("PUBLISH", name)
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    for meeting in meetings:
        if meeting.starts_at is not None:
            cal.add_component(meeting_event(meeting))
    cal.add_missing_timezones()
    return cal.to_ical()
