"""Demo bodies and meetings: the Sozialraumkonferenz Körnerpark (a past meeting with agenda,
attendance, published minutes, two decisions — one with a minority opinion —, action items and
needs statements; an open date poll for the next one) and the Runder Tisch Jugend Neukölln with a
public meeting open for registration. Members come from the demo stakeholders.
"""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.areas.models import Area
from participation.core.db import utcnow
from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import BERLIN, Body, Invitation, SeatLottery
from participation.processes.models import Process
from participation.stakeholders.models import Actor

SRK = "Sozialraumkonferenz Körnerpark"
RT = "Runder Tisch Jugend Neukölln"

#: (actor name starts with, role, voting)
SRK_MEMBERS = [
    ("Bezirksamt Neukölln – Sozialraumorientierte Planungskoordination", "chair", True),
    ("Quartiersrat Körnerpark", "deputy_chair", True),
    ("Familienzentrum am Körnerpark", "member", True),
    ("Körnerpark-Grundschule", "member", True),
    ("Kita Sonnenblume", "member", True),
    ("Jugendzentrum Jonasstraße", "member", True),
    ("Evangelische Kirchengemeinde Neukölln-Körnerpark", "member", True),
    ("Stadt und Land", "member", True),
    ("Nachbarschaftsheim Neukölln", "member", True),
    ("Bezirksamt Neukölln – Jugendamt", "advisory", False),
    ("Polizeiabschnitt 55", "advisory", False),
    ("Jobcenter Berlin Neukölln", "advisory", False),
]
RT_MEMBERS = [
    ("Bezirksamt Neukölln – Jugendamt", "chair", True),
    ("Jugendzentrum Jonasstraße", "member", True),
    ("SV Körnerpark", "member", True),
    ("Stadtteilmütter in Neukölln", "member", True),
    ("Körnerpark-Grundschule", "member", True),
    ("Kinder- und Jugendgesundheitsdienst", "advisory", False),
    ("Polizeiabschnitt 55", "advisory", False),
]


def _berlin(y, m, d, hh, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=BERLIN).astimezone(UTC)


def _actor(prefix: str) -> Actor | None:
    return db.session.scalar(select(Actor).where(Actor.name.startswith(prefix)).limit(1))


def _seat(body, members, user) -> None:
    for prefix, role, voting in members:
        actor = _actor(prefix)
        if actor is None:
            continue
        if not actor.email and not actor.is_person:
            # organisations' addresses are business data; the demo needs one to send poll links
            slug = "".join(c for c in prefix.lower() if c.isalnum())[:20]
            actor.email = f"{slug}@demo.example.org"
        services.add_member(
            body, actor, user, role=role, voting=voting, start_date=date(2026, 1, 1)
        )


def seed_meetings() -> str:
    """Create the demo bodies and meetings unless they exist."""
    if db.session.scalar(select(Body.id).where(Body.name == SRK)):
        return "meetings demo present"
    manager = db.session.scalar(select(User).where(User.email == "qm-neukoelln@example.org"))
    planner = db.session.scalar(select(User).where(User.email == "planung@example.org"))
    process = db.session.scalar(select(Process).where(Process.slug == "spielplatz-koernerpark"))
    koernerpark = db.session.scalar(
        select(Area).where(Area.code == "08010213", Area.valid_to.is_(None))
    )
    neukoelln = db.session.scalar(select(Area).where(Area.code == "08", Area.valid_to.is_(None)))
    if not (manager and planner and process and koernerpark and neukoelln):
        return "meetings demo skipped (users, process or areas missing)"

    srk = services.create_body(
        manager,
        [koernerpark],
        [process],
        name=SRK,
        type="sozialraumkonferenz",
        description=(
            "Die Sozialraumkonferenz bringt zweimal im Jahr alle zusammen, die im Körnerkiez "
            "arbeiten und leben: Kitas, Schule, Träger, Kirche, Wohnungsbaugesellschaft, "
            "Verwaltung und Bewohner:innen. Sie meldet Bedarfe an und verfolgt, was daraus wird."
        ),
        mandate=(
            "Beratung des Bezirksamts zu Bedarfen und Maßnahmen im Sozialraum; Vergabe des "
            "Kiezfonds nach veröffentlichten Kriterien."
        ),
        council_reference="BVV-Drucksache 0815/XXI",
        decision_rule="majority",
        quorum_percent=50,
        public_attendance=True,
        cadence_months=6,
        cadence_note="Frühjahr und Herbst, jeweils donnerstags ab 18 Uhr",
        owner_id=manager.id,
        deputy_owner_id=planner.id,
    )
    _seat(srk, SRK_MEMBERS, manager)
    db.session.flush()
    _past_meeting(srk, manager, process, koernerpark)
    _open_poll(srk, manager)

    rt = services.create_body(
        manager,
        [neukoelln],
        [process],
        name=RT,
        type="runder_tisch",
        description=(
            "Der Runde Tisch Jugend bringt Jugendarbeit, Schule, Sport und Verwaltung zusammen, "
            "damit Jugendliche in Neukölln mehr Orte für sich finden."
        ),
        mandate=(
            "Abstimmung der offenen Jugendarbeit im Bezirk; Empfehlungen an den "
            "Jugendhilfeausschuss."
        ),
        decision_rule="consensus",
        quorum_percent=0,
        public_attendance=True,
        cadence_months=3,
        cadence_note="Viermal im Jahr",
        owner_id=manager.id,
        deputy_owner_id=planner.id,
    )
    _seat(rt, RT_MEMBERS, manager)
    db.session.flush()
    _public_meeting(rt, manager)
    db.session.commit()
    return "meetings: 2 bodies, 3 meetings (published minutes, a date poll, open registration)"


def _past_meeting(body, manager, process, area) -> None:
    start = _berlin(2026, 10, 15, 18)
    meeting = services.create_meeting(
        body,
        manager,
        title="Sozialraumkonferenz Körnerpark – Herbst 2026",
        description="Rückblick auf das Jahr, Bedarfe für 2027 und Vergabe des Kiezfonds.",
        starts_at=start,
        ends_at=start + timedelta(hours=2, minutes=30),
        venue_name="Familienzentrum am Körnerpark",
        venue_address="Jonasstraße 28, 12053 Berlin",
        step_free=True,
        childcare=True,
        languages="Deutsch, Türkisch, Arabisch",
        visibility="public",
        process_id=process.id,
    )
    items = [
        (
            "information",
            "Begrüßung und Bericht aus dem Quartiersmanagement",
            15,
            "Nesrin Yılmaz",
            "Das Jahr im Kiez: neue Angebote, Baustellen, Personalwechsel.",
            "Frau Yılmaz berichtet über die neuen Sprachcafés und den Umbau der Jonasstraße.",
        ),
        (
            "report_back",
            "Ergebnisse der Beteiligung „Spielplatz Körnerpark“",
            30,
            "Bezirksamt, Planungskoordination",
            "Was Kinder und Eltern auf der Karte und in der Umfrage gesagt haben.",
            "Am häufigsten gewünscht: Schatten, Bänke für Eltern und Großeltern, "
            "eine Ecke für Jugendliche. "
            "Mehrere Anwesende bestätigen, dass der Platz abends von Jugendlichen genutzt wird.",
        ),
        (
            "needs",
            "Bedarfsanmeldung 2027",
            30,
            "Quartiersrat Körnerpark",
            "Was fehlt im Kiez? Sammlung und Abstimmung der Bedarfe für die Planung 2027.",
            "Zwei Bedarfe werden angemeldet (siehe unten). "
            "Die Schule ergänzt Zahlen aus der Schulsozialarbeit.",
        ),
        (
            "budget",
            "Vergabe des Kiezfonds 2027 (15.000 €)",
            30,
            "Vorsitz",
            "Vorschlag: je zur Hälfte für Jugendarbeit am Abend und für Sprachcafés "
            "mit Kinderbetreuung.",
            "Lebhafte Aussprache. Die Kirchengemeinde und der Mieterbeirat möchten "
            "den ganzen Betrag "
            "für die Jugendarbeit einsetzen.",
        ),
        (
            "discussion",
            "Verschiedenes",
            15,
            "",
            "",
            "Nächste Konferenz im Frühjahr; Termin per Umfrage.",
        ),
    ]
    agenda = {}
    for kind, title, minutes, presenter, description, notes in items:
        agenda[kind] = services.add_agenda_item(
            meeting,
            manager,
            kind=kind,
            title=title,
            duration_minutes=minutes,
            presenter=presenter,
            description=description,
        )
        agenda[kind].minutes = notes
    seats = services.seats_at(meeting)
    statuses = {}
    for n, m in enumerate(seats):
        statuses[m.id] = (
            ("excused", "") if n == 6 else ("deputy", "Frau Okonkwo") if n == 7 else ("present", "")
        )
    services.record_attendance(
        meeting, manager, statuses, 14, "Bezirksstadträtin für Jugend und Gesundheit"
    )
    for m in seats:
        if m.actor.email:
            meeting_invite = Invitation(
                meeting=meeting,
                membership=m,
                actor=m.actor,
                name=m.actor.display_name,
                email=m.actor.email,
                response="accepted" if statuses[m.id][0] == "present" else "declined",
                sent_sequence=0,
                sent_at=start - timedelta(days=21),
                responded_at=start - timedelta(days=14),
            )
            db.session.add(meeting_invite)
    services.record_decision(
        meeting,
        manager,
        text=(
            "Die Sozialraumkonferenz empfiehlt, am Spielplatz Körnerpark eine schattige Sitzecke "
            "für Eltern und Großeltern und eine Ecke für Jugendliche vorzusehen."
        ),
        outcome="adopted",
        votes_yes=8,
        votes_no=0,
        votes_abstain=0,
        agenda_item_id=agenda["report_back"].id,
    )
    fz = _actor("Familienzentrum am Körnerpark")
    services.record_decision(
        meeting,
        manager,
        text=(
            "Der Kiezfonds 2027 (15.000 €) wird je zur Hälfte für Jugendarbeit am Abend und für "
            "Sprachcafés mit Kinderbetreuung verwendet."
        ),
        outcome="adopted",
        votes_yes=5,
        votes_no=2,
        votes_abstain=1,
        minority_opinion=(
            "Die Kirchengemeinde und der Mieterbeirat hätten den ganzen Betrag für die "
            "Jugendarbeit eingesetzt, weil der Bedarf dort am größten ist."
        ),
        agenda_item_id=agenda["budget"].id,
        concerned_actors=[fz] if fz else [],
    )
    jz = _actor("Jugendzentrum Jonasstraße")
    sga = _actor("Bezirksamt Neukölln – Straßen- und Grünflächenamt")
    services.add_action_item(
        meeting,
        manager,
        text="Abendöffnung des Jugendzentrums mit dem Jugendamt abstimmen",
        owner_actor=jz,
        due_date=date.today() + timedelta(days=20),
    )
    done = services.add_action_item(
        meeting,
        manager,
        text="Protokoll an alle Kitas im Kiez weitergeben",
        owner="Quartiersmanagement Körnerpark",
        owner_user=manager,
        due_date=date(2026, 11, 1),
    )
    done.status = "done"
    services.add_action_item(
        meeting,
        manager,
        text="Standort der Sitzecke mit dem Grünflächenamt prüfen",
        owner_actor=sga,
        owner="Straßen- und Grünflächenamt",
        due_date=date(2026, 11, 20),
    )
    services.add_needs_statement(
        meeting,
        manager,
        area=area,
        text="Abends fehlt ein offener Treffpunkt für Jugendliche zwischen 14 und 18 Jahren.",
        target_groups="Jugendliche 14–18",
        evidence="Umfrage „Spielplatz Körnerpark“ (31 Nennungen), Beobachtungen des Jugendzentrums",
    )
    services.add_needs_statement(
        meeting,
        manager,
        area=area,
        text="Es fehlen Deutschkurse mit Kinderbetreuung am Vormittag.",
        target_groups="Mütter mit kleinen Kindern, Neuzugezogene",
        evidence="Wartelisten im Familienzentrum (22 Familien)",
    )
    services.approve_minutes(meeting, manager)
    services.publish_minutes(meeting, manager)


def _open_poll(body, manager) -> None:
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
        (_berlin(2027, 3, 25, 18), _berlin(2027, 3, 25, 20, 30)),
        (_berlin(2027, 4, 1, 18), _berlin(2027, 4, 1, 20, 30)),
        (_berlin(2027, 4, 8, 18), _berlin(2027, 4, 8, 20, 30)),
    ]
    respond_by = max(utcnow() + timedelta(days=30), _berlin(2027, 1, 15, 23, 59))
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


def _public_meeting(body, manager) -> None:
    start = max(_berlin(2027, 1, 21, 17), utcnow() + timedelta(days=14))
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
    lottery = SeatLottery(
        body=body,
        title="Zwei Plätze für junge Neuköllner:innen am Runden Tisch",
        seats=2,
        description=(
            "Zwei Sitze am Runden Tisch werden an Jugendliche und junge Erwachsene verlost."
        ),
        opens_at=utcnow() - timedelta(days=1),
        closes_at=utcnow() + timedelta(days=28),
        eligibility_questions=["Ich wohne in Neukölln.", "Ich bin zwischen 14 und 27 Jahre alt."],
        quotas={},
    )
    db.session.add(lottery)
