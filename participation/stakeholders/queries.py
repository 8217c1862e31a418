"""Read helpers: registry search, choices for forms, the network of relations."""

from dataclasses import dataclass

from sqlalchemy import or_, select

from participation.areas.models import Area
from participation.core.params import parse_int
from participation.core.permissions import allowed_scope
from participation.extensions import db
from participation.stakeholders.analysis import actor_in_area
from participation.stakeholders.models import (
    Actor,
    ActorType,
    Membership,
    Relation,
    actor_areas,
    normalise_name,
)


@dataclass
class Search:
    """Registry search: text (name or tag), type, area (any level), kind."""

    q: str = ""
    type_id: int | None = None
    area_id: int | None = None
    kind: str = ""

    @classmethod
    def from_args(cls, args) -> "Search":
        """Read from request args; values that do not parse are ignored."""
        type_id, area_id = args.get("type", ""), args.get("area", "")
        kind = args.get("kind", "")
        return cls(
            q=(args.get("q") or "").strip()[:100],
            type_id=parse_int(type_id),
            area_id=parse_int(area_id),
            kind=kind if kind in ("organisation", "person") else "",
        )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def in_scope(stmt, user, permission: str = "stakeholders.view"):
    """Limit *stmt* (on Actor) to actors active in the user's areas when her role is scoped."""
    scope = allowed_scope(user, permission)
    if scope is None:
        return stmt
    if not scope:
        return stmt.where(False)
    visible = (
        select(actor_areas.c.actor_id)
        .join(Area, Area.id == actor_areas.c.area_id)
        .where(or_(*[Area.path.startswith(p) for p in scope]))
    )
    return stmt.where(Actor.id.in_(visible))


def search_actors(search: Search, user):
    """Select statement for the registry list (case-insensitive name/tag search in SQL)."""
    stmt = select(Actor)
    if search.q:
        name = f"%{_escape_like(normalise_name(search.q))}%"
        tag = f"%{_escape_like(search.q.lower())}%"
        stmt = stmt.where(
            or_(
                Actor.search_key.like(name, escape="\\"),
                Actor.tags.like(tag, escape="\\"),  # tags are stored lower-case
            )
        )
    if search.type_id:
        stmt = stmt.where(Actor.type_id == search.type_id)
    if search.kind:
        stmt = stmt.where(Actor.kind == search.kind)
    if search.area_id:
        area = db.session.get(Area, search.area_id)
        if area is None:
            return stmt.where(False)
        below = (
            select(actor_areas.c.actor_id)
            .join(Area, Area.id == actor_areas.c.area_id)
            .where(Area.path.startswith(area.path))
        )
        stmt = stmt.where(Actor.id.in_(below))
    return in_scope(stmt, user).order_by(Actor.erased_at.is_not(None), Actor.name, Actor.id)


def type_choices() -> list[tuple[int, str]]:
    """Types in taxonomy order, labelled in the current language."""
    types = db.session.scalars(select(ActorType).order_by(ActorType.position, ActorType.id))
    return [(t.id, t.label) for t in types]


def organisation_choices(
    exclude_id: int | None = None, user=None, keep_id: int | None = None
) -> list[tuple[int, str]]:
    """Organisations (not erased) by name, for parent and membership selects.

    With *user*, only those the user may see (a manager: active in her areas) — plus *keep_id*,
    the current parent, so that saving does not silently change it.
    """
    stmt = (
        select(Actor.id, Actor.name)
        .where(Actor.kind == "organisation", Actor.erased_at.is_(None))
        .order_by(Actor.name)
    )
    if user is not None:
        visible = in_scope(select(Actor.id), user).scalar_subquery()
        stmt = stmt.where(or_(Actor.id.in_(visible), Actor.id == (keep_id or 0)))
    rows = db.session.execute(stmt).all()
    return [(i, n) for i, n in rows if i != exclude_id]


def actor_choices(user, exclude_id: int | None = None) -> list[tuple[int, str]]:
    """All visible, not erased actors by name (for relation and nomination selects)."""
    stmt = in_scope(
        select(Actor.id, Actor.name).where(Actor.erased_at.is_(None)).order_by(Actor.name), user
    )
    return [(i, n) for i, n in db.session.execute(stmt).all() if i != exclude_id]


def memberships_of(actor: Actor) -> list[Membership]:
    """Memberships where *actor* is the person or the organisation."""
    return db.session.scalars(
        select(Membership)
        .where(or_(Membership.person_id == actor.id, Membership.organisation_id == actor.id))
        .order_by(Membership.id)
    ).all()


def relations_of(actor: Actor) -> list[Relation]:
    """Relations from and to *actor*."""
    return db.session.scalars(
        select(Relation)
        .where(or_(Relation.source_id == actor.id, Relation.target_id == actor.id))
        .order_by(Relation.kind, Relation.id)
    ).all()


def network(user, area_id: int | None = None, limit: int = 60):
    """Relations and memberships among visible actors: ``(actors, edges)`` for the network view.

    The circle layout stays readable up to a few dozen actors, so only the *limit* most connected
    actors are drawn; the list below the drawing shows every relation.
    """
    visible = in_scope(select(Actor.id), user)
    if area_id:
        area = db.session.get(Area, area_id)
        if area is not None:
            visible = visible.where(actor_in_area(area))
    ids = set(db.session.scalars(visible))
    relations = [
        r
        for r in db.session.scalars(select(Relation).order_by(Relation.kind, Relation.id))
        if r.source_id in ids and r.target_id in ids
    ]
    memberships = [
        m
        for m in db.session.scalars(select(Membership))
        if m.person_id in ids and m.organisation_id in ids
    ]
    edges = [(r.source, r.target, r.kind) for r in relations]
    edges += [(m.person, m.organisation, "member_of") for m in memberships]
    degree: dict[int, int] = {}
    for source, target, _kind in edges:
        degree[source.id] = degree.get(source.id, 0) + 1
        degree[target.id] = degree.get(target.id, 0) + 1
    top = sorted(degree, key=lambda i: (-degree[i], i))[:limit]
    actors = sorted(
        (db.session.get(Actor, i) for i in top), key=lambda a: (a.type.position, a.name)
    )
    return actors, edges, relations
