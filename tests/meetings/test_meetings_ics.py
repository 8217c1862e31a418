"""Calendar files: every generated .ics is parsed back and checked (UID, SEQUENCE, METHOD,
VTIMEZONE, attendees, DST), the MIME part carries method=, feeds answer 304 when unchanged."""

import base64
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from participation.core.mail import build_email
from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import BERLIN

pytestmark = pytest.mark.berlin


def calendars(messages):
    """Parse the calendar attachment of each message."""
    out = []
    for msg in messages:
        for att in msg.attachments:
            if att["mimetype"].startswith("text/calendar"):
                out.append((att["mimetype"], Calendar.from_ical(base64.b64decode(att["content"]))))
    return out


def event(cal):
    return next(iter(cal.walk("VEVENT")))


def test_invitation_ics_is_complete(scheduled, outbox):
    meeting = scheduled()
    cals = calendars(outbox())
    assert len(cals) == 4  # one per member with an address
    mimetype, cal = cals[0]
    assert mimetype == "text/calendar; method=REQUEST; charset=UTF-8"
    assert cal["METHOD"] == "REQUEST"
    ev = event(cal)
    assert str(ev["UID"]) == meeting.uid
    assert ev["SEQUENCE"] == 0
    assert ev["DTSTAMP"].dt.tzinfo is not None and ev["DTSTAMP"].dt.utcoffset() == timedelta(0)
    assert ev["DTSTAMP"].to_ical().endswith(b"Z")
    assert str(ev["ORGANIZER"]).startswith("mailto:")
    attendees = ev.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees]
    assert len(attendees) == 1 and attendees[0].params["RSVP"] == "TRUE"
    assert str(attendees[0]) == f"mailto:{outbox()[0].recipient}"
    assert ev["DTSTART"].params["TZID"] == "Europe/Berlin"
    tz = [c for c in cal.walk("VTIMEZONE")]
    assert len(tz) == 1 and str(tz[0]["TZID"]) == "Europe/Berlin"
    assert ev["DTSTART"].dt.astimezone(UTC) == meeting.starts_at
    assert f"/meetings/{meeting.id}" in str(ev["URL"])


def test_mime_part_carries_method(scheduled, outbox):
    scheduled()
    email = build_email(outbox()[0])
    parts = [p for p in email.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") == "REQUEST"
    assert parts[0].get_param("charset") == "UTF-8"
    assert b"METHOD:REQUEST" in parts[0].get_payload(decode=True)


@pytest.mark.parametrize(
    ("day", "expected_utc_hour"),
    [(datetime(2030, 3, 30), 17), (datetime(2030, 4, 1), 16)],  # DST starts 31 March 2030
)
def test_dst_sides_land_on_right_utc_instant(conference, manager, outbox, day, expected_utc_hour):
    body = conference()
    start = day.replace(hour=18, tzinfo=BERLIN)
    meeting = services.create_meeting(
        body, manager, title="Runde", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    services.invite_members(meeting, manager)
    services.send_invitations(meeting, manager)
    db.session.commit()
    _mime, cal = calendars(outbox())[0]
    dtstart = event(cal)["DTSTART"].dt
    assert dtstart.astimezone(UTC).hour == expected_utc_hour
    assert dtstart.astimezone(BERLIN).hour == 18
    # the VTIMEZONE carries both rules, so clients without a tz database also get it right
    tz = next(iter(cal.walk("VTIMEZONE")))
    assert {c.name for c in tz.subcomponents} >= {"STANDARD", "DAYLIGHT"}


def test_update_keeps_uid_and_raises_sequence_then_cancel(scheduled, manager, outbox):
    meeting = scheduled()
    first = len(outbox())
    new_start = meeting.starts_at + timedelta(days=1)
    assert services.update_meeting(
        meeting, manager, starts_at=new_start, ends_at=new_start + timedelta(hours=2)
    )
    db.session.commit()
    updates = calendars(outbox()[first:])
    assert len(updates) == 4
    assert all(c["METHOD"] == "REQUEST" for _m, c in updates)
    assert {str(event(c)["UID"]) for _m, c in updates} == {meeting.uid}
    assert {event(c)["SEQUENCE"] for _m, c in updates} == {1}
    assert event(updates[0][1])["DTSTART"].dt.astimezone(UTC) == new_start
    assert outbox()[first].subject.startswith("Geändert")

    # a change of description only is no calendar news
    before = len(outbox())
    assert not services.update_meeting(meeting, manager, description="Mit Imbiss")
    db.session.commit()
    assert len(outbox()) == before

    services.cancel_meeting(meeting, manager, "Der Raum ist wegen Wasserschaden gesperrt.")
    db.session.commit()
    cancels = calendars(outbox()[before:])
    assert len(cancels) == 4
    mime, cal = cancels[0]
    assert mime.startswith("text/calendar; method=CANCEL")
    assert cal["METHOD"] == "CANCEL"
    assert str(event(cal)["UID"]) == meeting.uid and event(cal)["SEQUENCE"] == 2
    assert event(cal)["STATUS"] == "CANCELLED"
    assert "Wasserschaden" in outbox()[before].body_text


def test_public_ics_and_feeds_with_etag(scheduled, client):
    meeting = scheduled()
    body = meeting.body
    response = client.get(f"/meetings/{meeting.id}/meeting.ics")
    assert response.status_code == 200
    cal = Calendar.from_ical(response.data)
    assert cal["METHOD"] == "PUBLISH" and str(event(cal)["UID"]) == meeting.uid
    assert "ATTENDEE" not in event(cal)

    feed = client.get(f"/meetings/bodies/{body.slug}/feed.ics")
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(feed.data)
    assert str(cal["X-WR-CALNAME"]) == body.name
    assert [str(e["UID"]) for e in cal.walk("VEVENT")] == [meeting.uid]
    etag = feed.headers["ETag"]
    again = client.get(f"/meetings/bodies/{body.slug}/feed.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""

    # a change makes a new ETag
    services.update_meeting(
        db.session.merge(meeting), None, venue_name="Gemeinschaftshaus Morus 14"
    )
    db.session.commit()
    changed = client.get(f"/meetings/bodies/{body.slug}/feed.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and b"Morus 14" in changed.data

    area_feed = client.get(f"/meetings/areas/{body.areas[0].id}/feed.ics")
    assert meeting.uid.encode() in area_feed.data
    parent = body.areas[0].parent  # the area feed includes the bodies of sub-areas
    assert meeting.uid.encode() in client.get(f"/meetings/areas/{parent.id}/feed.ics").data
    area_page = client.get(f"/areas/{parent.id}").text
    assert f"webcal://127.0.0.1:5000/meetings/areas/{parent.id}/feed.ics" in area_page
    page = client.get(f"/meetings/bodies/{body.slug}")
    assert (
        b"webcal://" in page.data and f"/meetings/bodies/{body.slug}/feed.ics".encode() in page.data
    )


def test_members_only_meeting_not_in_public_feed_but_in_personal_feed(conference, manager, client):
    from participation.meetings.tokens import feed_token

    body = conference()
    start = datetime(2030, 5, 6, 17, 0, tzinfo=UTC)
    meeting = services.create_meeting(
        body,
        manager,
        title="Interne Runde",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        visibility="members",
    )
    db.session.commit()
    assert meeting.uid.encode() not in client.get(f"/meetings/bodies/{body.slug}/feed.ics").data
    assert client.get(f"/meetings/{meeting.id}").status_code == 404
    member = body.current_memberships()[1]
    url = f"/meetings/feed/{member.id}/{feed_token(member)}.ics"
    assert meeting.uid.encode() in client.get(url).data
    other = body.current_memberships()[2]
    assert client.get(f"/meetings/feed/{member.id}/{feed_token(other)}.ics").status_code == 404


def test_feed_timezone_covers_every_year(conference, manager, client):
    body = conference()
    for year in (2029, 2031):
        start = datetime(year, 7, 1, 18, tzinfo=BERLIN)
        services.create_meeting(
            body,
            manager,
            title=f"Sommer {year}",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            visibility="public",
        )
    db.session.commit()
    cal = Calendar.from_ical(client.get(f"/meetings/bodies/{body.slug}/feed.ics").data)
    tz = next(iter(cal.walk("VTIMEZONE"))).to_ical().decode()
    assert "2029" in tz and "2031" in tz
    for ev in cal.walk("VEVENT"):
        assert ev["DTSTART"].dt.astimezone(UTC).hour == 16  # 18:00 summer time
