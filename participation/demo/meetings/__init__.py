"""Demo bodies and meetings (``flask seed-demo``), in three modules by theme:

* :mod:`.bodies` — the Sozialraumkonferenz Körnerpark and the Runder Tisch Jugend Neukölln, their
  members from the demo stakeholders, and the round table's citizen-seat lottery;
* :mod:`.minutes` — the conference's past meeting with agenda, attendance, published minutes,
  decisions (one with a minority opinion, one from the closed part), action items and needs
  statements;
* :mod:`.sessions` — an open date poll for the conference's next meeting; the round table's public
  meeting open for registration.
"""

from sqlalchemy import select

from participation.accounts.models import User
from participation.areas.models import Area
from participation.demo.meetings import bodies, minutes, sessions
from participation.demo.meetings.bodies import RT, SRK  # noqa: F401  (names used by other steps)
from participation.extensions import db
from participation.meetings.models import Body
from participation.processes.models import Process


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

    srk = bodies.create_conference(manager, planner, process, koernerpark)
    minutes.past_meeting(srk, manager, process, koernerpark)
    sessions.open_poll(srk, manager)

    rt = bodies.create_round_table(manager, planner, process, neukoelln)
    sessions.public_meeting(rt, manager)
    bodies.create_seat_lottery(rt, manager)
    db.session.commit()
    return "meetings: 2 bodies, 3 meetings (published minutes, a date poll, open registration)"
