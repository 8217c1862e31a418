"""Read-side queries of the meetings package (lists, choices, feeds, side-by-side needs)."""

from datetime import timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import defaultload, joinedload, lazyload, selectinload

from participation.areas.models import Area
from participation.core.db import utcnow
from participation.extensions import db
from participation.meetings.models import (
    Body,
    Meeting,
    NeedsStatement,
    SeatLottery,
    body_areas,
)
from participation.stakeholders.models import Actor, InvitationList


def upcoming_for(bodies: list[Body], limit: int = 20) -> list[Meeting]:
    """Next meetings (and open polls) of *bodies*."""
    ids = [b.id for b in bodies]
    if not ids:
        return []
    recent = utcnow() - timedelta(hours=12)
    return db.session.scalars(
        select(Meeting)
        .where(
            Meeting.body_id.in_(ids),
            or_(Meeting.starts_at >= recent, Meeting.status == "polling"),
        )
        .order_by(Meeting.starts_at.is_(None).desc(), Meeting.starts_at)
        .limit(limit)
    ).all()


def meetings_of(body: Body) -> list[Meeting]:
    """All meetings of a body, newest first (undated polls on top)."""
    return db.session.scalars(
        select(Meeting)
        .where(Meeting.body_id == body.id)
        .order_by(Meeting.starts_at.is_(None).desc(), Meeting.starts_at.desc())
    ).all()


def lotteries_of(body: Body) -> list[SeatLottery]:
    """Seat lotteries of a body."""
    return db.session.scalars(
        select(SeatLottery).where(SeatLottery.body_id == body.id).order_by(SeatLottery.id.desc())
    ).all()


def actor_choices(user) -> list[tuple[int, str]]:
    """Registry actors a staff member may seat (erased ones left out)."""
    from participation.stakeholders.queries import actor_choices as registry_choices

    return registry_choices(user)


def invitation_list_choices(body: Body) -> list[tuple[int, str]]:
    """Stakeholder invitation lists of the body's processes."""
    process_ids = [p.id for p in body.processes]
    if not process_ids:
        return []
    lists = db.session.scalars(
        select(InvitationList)
        .where(InvitationList.process_id.in_(process_ids))
        .order_by(InvitationList.created_at.desc())
    ).all()
    return [(lst.id, f"{lst.name} ({len(lst.members)})") for lst in lists]


def _plain_body(path):
    """Loader options: the Body at *path* without its areas and processes (eager by default)."""
    return path.options(lazyload(Body.areas), lazyload(Body.processes))


def plain_body_options() -> tuple:
    """Options for ``select(Body)``: without its areas and processes (a feed needs the name)."""
    return (lazyload(Body.areas), lazyload(Body.processes))


def plain_body_of_meeting() -> tuple:
    """Options for ``select(Meeting)``: its body joined, without the body's lists."""
    return (_plain_body(joinedload(Meeting.body)),)


def public_meetings_of_bodies(body_ids, limit: int | None = None):
    """Select public, dated meetings of the bodies (for pages and feeds), agenda preloaded."""
    stmt = (
        select(Meeting)
        .where(
            Meeting.body_id.in_(body_ids),
            Meeting.visibility == "public",
            Meeting.starts_at.is_not(None),
        )
        # the body is shown by name (the page loaded it already): not its areas and processes
        .options(selectinload(Meeting.agenda_items), _plain_body(defaultload(Meeting.body)))
        .order_by(Meeting.starts_at)
    )
    return stmt.limit(limit) if limit else stmt


def bodies_in_area(area: Area):
    """Select ids of bodies with an area inside *area* (or *area* itself)."""
    return (
        select(body_areas.c.body_id)
        .join(Area, Area.id == body_areas.c.area_id)
        .where(Area.path.startswith(area.path))
    )


def needs_side_by_side(body: Body) -> list[tuple[Area, list[NeedsStatement]]]:
    """Needs stated for the body's areas, one column per child area (or per area without children).

    A Planungsraumkonferenz thus sees what the conferences of its child areas reported.
    """
    columns: list[tuple[Area, list[NeedsStatement]]] = []
    for area in body.areas:
        children = area.children() or [area]
        statements = db.session.scalars(
            select(NeedsStatement)
            .join(Area, Area.id == NeedsStatement.area_id)
            .where(Area.path.startswith(area.path))
            .options(selectinload(NeedsStatement.meeting))
            .order_by(NeedsStatement.created_at.desc())
        ).all()
        for child in children:
            mine = [s for s in statements if s.area.path.startswith(child.path)]
            columns.append((child, mine))
        direct = [s for s in statements if s.area_id == area.id and children != [area]]
        if direct:
            columns.insert(0, (area, direct))
    return columns


def members_actor_ids(body: Body) -> list[int]:
    """Actor ids of the current members (for the decision form's dual-role choice)."""
    return [m.actor_id for m in body.current_memberships()]


def actor_options(ids) -> list[tuple[int, str]]:
    """``(id, name)`` of the given actors."""
    if not ids:
        return []
    return [
        (a.id, a.display_name)
        for a in db.session.scalars(select(Actor).where(Actor.id.in_(ids)).order_by(Actor.name))
    ]


def public_body_stmt(slug: str):
    """Select a body for its public page: areas (names) joined, members with their actors
    (not the actors' areas) in one more query, not its processes."""
    from participation.meetings.models import Membership

    return (
        select(Body)
        .where(Body.slug == slug)
        .options(
            joinedload(Body.areas),
            lazyload(Body.processes),
            selectinload(Body.memberships).options(
                joinedload(Membership.actor).lazyload(Actor.areas)
            ),
        )
    )


def public_meeting_stmt(meeting_id: int):
    """Select a meeting for its public page: body (without its lists) joined, agenda in one
    more query."""
    return (
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(_plain_body(joinedload(Meeting.body)), selectinload(Meeting.agenda_items))
    )


def decisions_by_meeting(meetings) -> dict[int, list]:
    """``{meeting id: [decisions by id]}`` of the meetings with published minutes (one query)."""
    from participation.meetings.models import Decision

    ids = [m.id for m in meetings if m.minutes_status == "published"]
    found: dict[int, list] = {i: [] for i in ids}
    if ids:
        for decision in db.session.scalars(
            select(Decision)
            .where(Decision.meeting_id.in_(ids))
            .order_by(Decision.id)
            .options(lazyload(Decision.concerned_actors))  # not shown on public pages
        ):
            found[decision.meeting_id].append(decision)
    return found
