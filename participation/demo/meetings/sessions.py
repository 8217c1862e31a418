"""Demo meetings still ahead: the conference's open date poll across the change to summer time and
the round table's public meeting with registrations (the past meeting with its minutes is in
:mod:`.minutes`)."""

from datetime import UTC, datetime, timedelta

from participation.core.db import utcnow
from participation.meetings import services
from participation.meetings.models import BERLIN


def berlin(y, m, d, hh, mm=0) -> datetime:
    """A Berlin wall-clock time as a UTC instant."""
    return datetime(y, m, d, hh, mm, tzinfo=BERLIN).astimezone(UTC)


def open_poll(body, manager) -> None:
    """The next conference (spring 2027): a date poll with four members' answers."""
    meeting = services.create_meeting(
        body,
        manager,
        title="Sozialraumkonferenz Körnerpark – Frühjahr 2027",
        venue_name="Familienzentrum am Körnerpark",
        venue_address="Jonasstraße 28, 12053 Berlin",
        step_free=True,
        childcare=True,
        visibility="public",
    )
    # one proposal before and two after the change to summer time (28 March 2027)
    slots = [
        (berlin(2027, 3, 25, 18), berlin(2027, 3, 25, 20, 30)),
        (berlin(2027, 4, 1, 18), berlin(2027, 4, 1, 20, 30)),
        (berlin(2027, 4, 8, 18), berlin(2027, 4, 8, 20, 30)),
    ]
    respond_by = max(utcnow() + timedelta(days=30), berlin(2027, 1, 15, 23, 59))
    poll = services.create_poll(meeting, manager, slots, respond_by)
    services.send_poll_invitations(poll)
    for participant, answers in zip(
        poll.participants,
        [
            ("yes", "maybe", "no"),
            ("no", "yes", "yes"),
            ("yes", "yes", "maybe"),
            ("maybe", "yes", "no"),
        ],
        strict=False,
    ):
        services.answer_poll(
            participant, dict(zip([s.id for s in poll.slots], answers, strict=True))
        )


def public_meeting(body, manager) -> None:
    """The round table's public meeting on youth spaces: agenda, two registrations, invitations."""
    start = max(berlin(2027, 1, 21, 17), utcnow() + timedelta(days=14))
    meeting = services.create_meeting(
        body,
        manager,
        title="Freiräume für Jugendliche im Norden Neuköllns",
        description=(
            "Wo können Jugendliche sich abends treffen? Wir hören Jugendliche an und "
            "sammeln Ideen. Alle sind willkommen, besonders Jugendliche und Eltern."
        ),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue_name="Jugendzentrum Jonasstraße",
        venue_address="Jonasstraße 22, 12053 Berlin",
        step_free=True,
        hearing_loop=False,
        childcare=False,
        languages="Deutsch, Türkisch, Arabisch",
        capacity=40,
        visibility="public",
        registration_open=True,
    )
    for kind, title, minutes, presenter in [
        (
            "information",
            "Was es heute schon gibt: offene Jugendarbeit im Norden Neuköllns",
            20,
            "Jugendamt",
        ),
        (
            "discussion",
            "Jugendliche erzählen: Wo seid ihr abends, was fehlt euch?",
            60,
            "Jugendzentrum Jonasstraße",
        ),
        ("decision", "Empfehlung an den Jugendhilfeausschuss", 30, "Vorsitz"),
    ]:
        services.add_agenda_item(
            meeting, manager, kind=kind, title=title, duration_minutes=minutes, presenter=presenter
        )
    services.register(meeting, name="Aylin", persons=2, accessibility_needs="")
    services.register(
        meeting,
        name="Herr Nowak",
        persons=1,
        accessibility_needs="Ich höre schlecht, bitte vorne sitzen.",
    )
    services.invite_members(meeting, manager)
    services.send_invitations(meeting, manager)
