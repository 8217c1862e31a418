"""A finished demo process: what residents see once participation has ended."""

from datetime import date, timedelta

from sqlalchemy import select

from participation.accounts.models import User
from participation.areas.models import Area
from participation.extensions import db
from participation.processes.models import Process
from participation.processes.services import (
    PhaseInput,
    close_process,
    create_process,
    publish_process,
    set_phases,
)

CLOSED_SLUG = "nachbarschaftsgarten-glasower-strasse"


def seed_closed_process() -> str:
    """Create the closed process "Nachbarschaftsgarten Glasower Straße" unless it exists."""
    if db.session.scalar(select(Process).where(Process.slug == CLOSED_SLUG)):
        return "closed demo process present"
    manager = db.session.scalar(select(User).where(User.email == "qm-neukoelln@example.org"))
    areas = db.session.scalars(
        select(Area).where(Area.code == "08010214", Area.valid_to.is_(None))
    ).all()
    if manager is None or not areas:
        return "closed demo process skipped (no demo manager or area)"
    today = date.today()
    process = create_process(
        manager,
        areas,
        title="Nachbarschaftsgarten Glasower Straße",
        summary=(
            "Auf der Brachfläche an der Glasower Straße soll ein Garten für die Nachbarschaft "
            "entstehen. Wir haben gefragt, was dort wachsen und wer mitmachen soll."
        ),
        description=(
            "Die Fläche gehört dem Bezirk und liegt seit Jahren brach. Der Nachbarschaftsverein "
            "und das Quartiersmanagement wollen sie gemeinsam mit Ihnen in einen Garten "
            "verwandeln: Hochbeete, ein Platz zum Sitzen, vielleicht ein Kompost."
        ),
        level="consultation",
        scope_influence="Was angebaut wird, wie die Beete liegen, wann der Garten offen ist.",
        scope_decided="Die Fläche bleibt öffentlich. Es werden keine Bäume gefällt.",
        decision_by=(
            "Das Quartiersmanagement wertet die Beiträge bis Ende des Monats aus. Im Frühjahr "
            "stellen wir den Plan beim Nachbarschaftsfest vor; die Beete werden im April gebaut."
        ),
        resources="12.000 € aus dem Quartiersfonds.",
        contact_name="Jonas Albrecht",
        contact_role="Quartiersmanagement Körnerpark",
        contact_email="garten@example.org",
        tools=["pins", "ideas"],
        moderation="post",
    )
    set_phases(
        process,
        [
            PhaseInput(
                "Ideen sammeln",
                today - timedelta(days=60),
                today - timedelta(days=5),
                "Pins und Ideen online und auf Papier im Stadtteilladen.",
            ),
            PhaseInput(
                "Nachbarschaftsfest mit Planvorstellung",
                today + timedelta(days=40),
                today + timedelta(days=40),
                "Wir zeigen, was aus Ihren Ideen geworden ist.",
            ),
        ],
        manager,
    )
    publish_process(process, manager)
    close_process(process, manager)
    db.session.commit()
    return f"closed demo process: /processes/{process.slug}"
