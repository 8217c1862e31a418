"""Read helpers shared by the process views (and by packages above this one)."""

from flask import abort
from sqlalchemy import literal, or_, select
from sqlalchemy.orm import joinedload

from participation.areas.models import Area, AreaLevel
from participation.core.permissions import allowed_scope, can
from participation.extensions import db
from participation.processes.models import Process, process_areas


def public_processes(area: Area | None = None):
    """Select public processes, newest first; with *area*: those touching that area's tree."""
    stmt = select(Process).where(Process.status.in_(("published", "closed")))
    if area is not None:
        touching = (
            select(process_areas.c.process_id)
            .join(Area, Area.id == process_areas.c.area_id)
            .where(or_(Area.path.startswith(area.path), literal(area.path).startswith(Area.path)))
        )
        stmt = stmt.where(Process.id.in_(touching))
    return stmt.order_by(Process.status.desc(), Process.published_at.desc())


def get_public_process_or_404(slug: str) -> Process:
    """A process residents may see; drafts only for staff who manage them."""
    # One query: the page needs the areas, phases and categories anyway (three small lists).
    process = (
        db.session.scalars(
            select(Process)
            .where(Process.slug == slug)
            .options(
                joinedload(Process.areas),
                joinedload(Process.phases),
                joinedload(Process.categories),
            )
        )
        .unique()
        .first()
    )
    if process is None:
        abort(404)
    if not process.is_public and not can("process.manage", process):
        abort(404)
    return process


def area_choices(user=None, permission: str = "process.manage", max_rank: int | None = None):
    """Area choices grouped by level name, limited to what *user* may use."""
    stmt = (
        select(Area)
        .join(AreaLevel)
        .where(Area.valid_to.is_(None))
        .order_by(AreaLevel.rank, Area.name)
    )
    if max_rank:
        stmt = stmt.where(AreaLevel.rank <= max_rank)
    scope = allowed_scope(user, permission) if user is not None else None
    if scope is not None:
        stmt = stmt.where(or_(*[Area.path.startswith(p) for p in scope]) if scope else False)
    groups: dict[str, list[tuple[int, str]]] = {}
    for area in db.session.scalars(stmt):
        groups.setdefault(area.level.name, []).append((area.id, area.name))
    return groups


def managed_processes(user):
    """Processes a staff member may manage, newest first."""
    processes = db.session.scalars(select(Process).order_by(Process.created_at.desc())).all()
    return [p for p in processes if can("process.manage", p, user)]
