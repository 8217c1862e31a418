"""Demo for the open data and OParl: who is named, and a summary of what the feeds show.

Organisations' seats are public already (the meetings service's default). Persons are named only
with a public role (a BVV member, a department head); citizens drawn by lottery and residents
stay unnamed in OParl, as they would in a real installation.
"""

from sqlalchemy import func, select

from participation.extensions import db


def seed_open_data() -> str:
    """Name persons with a public role; report what OParl and the feeds publish."""
    from participation.api.oparl.base import FAMILIES
    from participation.meetings.models import Membership
    from participation.stakeholders.models import Actor

    seats = db.session.scalars(
        select(Membership)
        .join(Actor, Actor.id == Membership.actor_id)
        .where(Actor.kind == "person")
    ).all()
    for seat in seats:
        seat.public = seat.actor.legal_basis == "public_role" and not seat.by_lottery
    db.session.flush()

    def count(kind: str) -> int:
        sub = FAMILIES[kind].keys().subquery()
        return db.session.scalar(select(func.count()).select_from(sub)) or 0

    papers = count("paper") + count("report")
    return (
        f"open data: OParl {count('organization')} bodies, {count('meeting')} public meetings, "
        f"{papers} papers, {count('person')} named members ({len(seats)} person seats checked)"
    )
