"""Demo minutes: the Sozialraumkonferenz's past meeting in autumn 2026 — agenda with minutes per
item, a closed (nichtöffentlicher) part, attendance with an excused member and a deputy, three
decisions (one with a minority opinion, one taken in the closed part), action items and needs
statements — approved and published."""

from datetime import date, timedelta

from participation.demo.meetings.bodies import actor_named
from participation.demo.meetings.sessions import berlin
from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import Invitation
from participation.meetings.services import drafting

#: ``(kind, title, minutes, presenter, description, minutes text)`` of the public agenda items.
AGENDA = [
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


def past_meeting(body, manager, process, area) -> None:
    """The conference's meeting of 15 October 2026, with its minutes approved and published."""
    start = berlin(2026, 10, 15, 18)
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
    agenda = _agenda(meeting, manager)
    _attendance(meeting, manager, start)
    _decisions(meeting, manager, agenda)
    _follow_up(meeting, manager, area)
    services.approve_minutes(meeting, manager)
    services.publish_minutes(meeting, manager)


def _agenda(meeting, manager) -> dict:
    """The agenda items with their minutes; returns them by kind (``"closed"``: the closed part)."""
    agenda = {}
    for kind, title, minutes, presenter, description, notes in AGENDA:
        agenda[kind] = services.add_agenda_item(
            meeting,
            manager,
            kind=kind,
            title=title,
            duration_minutes=minutes,
            presenter=presenter,
            description=description,
        )
        drafting.save_item_minutes(agenda[kind], manager, notes)
    # the closed session at the end (nichtöffentlicher Teil): applicants are private persons
    agenda["closed"] = services.add_agenda_item(
        meeting,
        manager,
        kind="decision",
        title="Vergabe Hausmeisterstelle Gemeinschaftshaus (nichtöffentlich)",
        duration_minutes=20,
        presenter="Vorsitz",
        description=(
            "Drei Bewerbungen auf die Hausmeisterstelle (Minijob, 10 Stunden pro Woche) im "
            "Gemeinschaftshaus Körnerpark; die Unterlagen liegen den Mitgliedern vor."
        ),
        public=False,
    )
    drafting.save_item_minutes(
        agenda["closed"],
        manager,
        "Das Auswahlgremium stellt die drei Bewerbungen vor. Herr Petrović hat Erfahrung mit der "
        "Haustechnik und wohnt im Kiez; die Mitglieder sprechen sich für ihn aus.",
    )
    return agenda


def _attendance(meeting, manager, start) -> None:
    """Who came (one excused, one represented by a deputy) and how each answered the invitation."""
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


def _decisions(meeting, manager, agenda: dict) -> None:
    """Two public decisions (one with a minority opinion) and one from the closed part."""
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
    fz = actor_named("Familienzentrum am Körnerpark")
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
    # taken in the non-public part: stays internal (not published separately)
    services.record_decision(
        meeting,
        manager,
        text="Die Hausmeisterstelle im Gemeinschaftshaus wird ab 1. Januar 2027 an Herrn "
        "Dragan Petrović vergeben.",
        outcome="adopted",
        votes_yes=7,
        votes_no=0,
        votes_abstain=1,
        agenda_item_id=agenda["closed"].id,
    )


def _follow_up(meeting, manager, area) -> None:
    """Action items (one already done) and the needs statements for the 2027 planning."""
    jz = actor_named("Jugendzentrum Jonasstraße")
    sga = actor_named("Bezirksamt Neukölln – Straßen- und Grünflächenamt")
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
    services.set_action_status(done, manager, "done")
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
