"""Demo bodies and their seats: the Sozialraumkonferenz Körnerpark and the Runder Tisch Jugend
Neukölln (members from the demo stakeholders), and the Runder Tisch's citizen-seat lottery."""

from datetime import date, timedelta

from sqlalchemy import select

from participation.core.db import utcnow
from participation.extensions import db
from participation.meetings import services
from participation.meetings.services import lottery as lottery_services
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


def actor_named(prefix: str) -> Actor | None:
    """The first demo stakeholder whose name starts with *prefix* (None if there is none)."""
    return db.session.scalar(select(Actor).where(Actor.name.startswith(prefix)).limit(1))


def seat(body, members, user) -> None:
    """Make the demo stakeholders ``(name prefix, role, voting)`` members of *body* from 2026."""
    for prefix, role, voting in members:
        actor = actor_named(prefix)
        if actor is None:
            continue
        if not actor.email and not actor.is_person:
            # organisations' addresses are business data; the demo needs one to send poll links
            slug = "".join(c for c in prefix.lower() if c.isalnum())[:20]
            actor.email = f"{slug}@demo.example.org"
        services.add_member(
            body, actor, user, role=role, voting=voting, start_date=date(2026, 1, 1)
        )


def create_conference(manager, planner, process, area):
    """The Sozialraumkonferenz Körnerpark with its members."""
    srk = services.create_body(
        manager,
        [area],
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
    seat(srk, SRK_MEMBERS, manager)
    db.session.flush()
    return srk


def create_round_table(manager, planner, process, area):
    """The Runder Tisch Jugend Neukölln with its members."""
    rt = services.create_body(
        manager,
        [area],
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
    seat(rt, RT_MEMBERS, manager)
    db.session.flush()
    return rt


def create_seat_lottery(body, manager):
    """Two citizen seats at the round table by lottery, applications open."""
    return lottery_services.create_lottery(
        body,
        manager,
        title="Zwei Plätze für junge Neuköllner:innen am Runden Tisch",
        seats=2,
        description=(
            "Zwei Sitze am Runden Tisch werden an Jugendliche und junge Erwachsene verlost."
        ),
        opens_at=utcnow() - timedelta(days=1),
        closes_at=utcnow() + timedelta(days=28),
        questions=["Ich wohne in Neukölln.", "Ich bin zwischen 14 und 27 Jahre alt."],
        quotas={},
    )
