"""Read helpers shared by the process views (and by packages above this one)."""

from flask import abort
from sqlalchemy import and_, exists, false, literal, not_, or_, select
from sqlalchemy.orm import joinedload

from participation.areas.models import Area
from participation.areas.queries import areas_by_level
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
    """Area choices grouped by level name, limited to what *user* may use (see areas_by_level)."""
    scope = allowed_scope(user, permission) if user is not None else None
    return areas_by_level(scope=scope, max_rank=max_rank)


def _all_areas_within(paths: list[str]):
    """SQL condition: the process has areas, and none of them lies outside *paths*."""
    linked = process_areas.c.process_id == Process.id
    outside = (
        select(process_areas.c.process_id)
        .join(Area, Area.id == process_areas.c.area_id)
        .where(linked, not_(or_(*[Area.path.startswith(p) for p in paths])))
    )
    return and_(exists().where(linked), ~exists(outside))


def managed_processes(user, permission: str = "process.manage"):
    """Processes a staff member may manage, newest first.

    The rule of :func:`~participation.core.permissions.can` (every area of the process inside the
    user's scope) as one SQL filter, so the list does not load every process of the city.
    """
    stmt = select(Process).order_by(Process.created_at.desc(), Process.id.desc())
    if not getattr(user, "is_authenticated", False):
        return []
    scope = allowed_scope(user, permission)
    if scope is not None:
        stmt = stmt.where(_all_areas_within(scope) if scope else false())
    return list(db.session.scalars(stmt))
