"""A published demo process in Neukölln with realistic German texts (dates relative to today)."""

from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.areas.models import Area
from participation.extensions import db
from participation.processes.models import Process
from participation.processes.services import (
    PhaseInput,
    create_process,
    publish_process,
    set_phases,
)

DEMO_SLUG = "spielplatz-koernerpark"


def seed_process() -> str:
    """Create and publish "Neugestaltung Spielplatz Körnerpark" unless it exists."""
    if db.session.scalar(select(Process).where(Process.slug == DEMO_SLUG)):
        return "demo process present"
    manager = db.session.scalar(select(User).where(User.email == "qm-neukoelln@example.org"))
    areas = db.session.scalars(
        select(Area).where(Area.code.in_(["08010213", "08010214"]), Area.valid_to.is_(None))
    ).all()
    process = create_process(
        manager,
        areas,
        title="Spielplatz Körnerpark: Wie soll er aussehen?",
        summary=(
            "Der Spielplatz am Körnerpark wird 2027 erneuert. Sagen Sie uns, was Ihnen dort "
            "gefällt, was fehlt und welche Ecken Sie meiden – mit einer Stecknadel auf der Karte."
        ),
        description=(
            "Der Spielplatz an der Jonasstraße ist über 25 Jahre alt. Viele Geräte sind gesperrt, "
            "es gibt kaum Schatten und keine Bänke für Eltern und Großeltern.\n\n"
            "Das Bezirksamt Neukölln will den Platz gemeinsam mit den Menschen aus dem Kiez neu "
            "planen. Kinder, Jugendliche, Eltern und Nachbarinnen und Nachbarn sind eingeladen.\n\n"
            "Sie können online mitmachen, Ihre Ideen auf Papier im Stadtteilladen in der "
            "Emser Straße abgeben oder zur Sozialraumkonferenz kommen."
        ),
        level="consultation",
        scope_influence=(
            "Welche Spielgeräte es gibt, wo Bänke und Schattenplätze hinkommen, ob es eine "
            "Ecke für Jugendliche gibt und wie der Weg durch den Platz verläuft."
        ),
        scope_decided=(
            "Der Spielplatz bleibt an seinem Ort und in seiner Größe (ca. 2.400 m²). "
            "Die alten Bäume bleiben stehen. Der Umbau beginnt im Herbst 2027."
        ),
        decision_by=(
            "Das Straßen- und Grünflächenamt Neukölln wertet alle Beiträge aus und legt zwei "
            "Entwürfe vor. Der Ausschuss für Umwelt und Natur der BVV Neukölln entscheidet im "
            "April 2027. Wir berichten hier, was aus Ihren Ideen geworden ist."
        ),
        resources=(
            "Für den Umbau stehen 380.000 € aus dem Programm „Sozialer Zusammenhalt“ bereit. "
            "Davon sind 20.000 € für Wünsche aus der Beteiligung reserviert, die nicht im "
            "Grundentwurf stehen."
        ),
        contact_name="Nesrin Yılmaz",
        contact_role="Quartiersmanagement Körnerpark",
        contact_email="qm-koernerpark@example.org",
        contact_phone="030 1234 5678",
        tools=["pins", "ideas", "survey", "meetings"],
        moderation="post",
    )
    process.slug = DEMO_SLUG  # stable address for the README and the browser tests
    today = date.today()
    set_phases(
        process,
        [
            PhaseInput(
                "Ideen sammeln",
                today - timedelta(days=20),
                today + timedelta(days=40),
                "Stecknadeln auf der Karte, Umfrage und Ideenkarten im Stadtteilladen.",
            ),
            PhaseInput(
                "Sozialraumkonferenz Körnerpark",
                today + timedelta(days=55),
                today + timedelta(days=55),
                "Wir stellen die Ergebnisse vor und besprechen sie mit Ihnen.",
            ),
            PhaseInput(
                "Zwei Entwürfe und Entscheidung",
                today + timedelta(days=70),
                today + timedelta(days=150),
                "Das Amt legt zwei Entwürfe vor, die BVV entscheidet.",
            ),
            PhaseInput(
                "Umbau",
                today + timedelta(days=300),
                None,
                "Bauarbeiten; der Spielplatz ist in dieser Zeit gesperrt.",
            ),
        ],
        manager,
    )
    publish_process(process, manager)
    db.session.commit()
    return f"demo process: /processes/{process.slug}"
