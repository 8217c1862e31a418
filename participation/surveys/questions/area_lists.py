"""The area lists of the area questions: the choices of "pick your area" and the map's fallback,
and area names for results (memoised per request).
"""

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import aliased

from participation.areas.models import Area, AreaLevel
from participation.core import cache
from participation.extensions import db

#: Where "pick your area" takes its list from.
WITHIN = {
    "district": _l("The districts of the process (top level)"),
    "process": _l("The areas of the process"),
    "all": _l("The whole city"),
}


def area_groups(process, level_rank: int | None, within: str) -> list[tuple[str, list]]:
    """Current areas of one level as ``[(parent name, [(id, name), …]), …]`` for a select.

    Every answer form and every submission needs the list, which changes only with an area
    import or the process's areas: kept in the shared cache on those content versions (the
    version query is shared with the rest of the request). Treat the result as read-only.
    """
    return cache.cached_fragment(
        ("survey-area-groups", process.id, level_rank, within),
        ("areas", "processes"),
        lambda: _area_groups(process, level_rank, within),
    )


def _area_groups(process, level_rank: int | None, within: str) -> list[tuple[str, list]]:
    parent = aliased(Area)
    rank = level_rank or db.session.scalar(select(AreaLevel.rank).order_by(AreaLevel.rank.desc()))
    stmt = (
        select(Area.id, Area.name, parent.name)
        .join(AreaLevel, AreaLevel.id == Area.level_id)
        .outerjoin(parent, parent.id == Area.parent_id)
        .where(Area.valid_to.is_(None), AreaLevel.rank == rank)
        .order_by(parent.name, Area.name)
    )
    if within != "all":
        paths = [a.path for a in process.areas]
        if within == "district":
            paths = ["/" + p.strip("/").split("/")[0] + "/" for p in paths]
        # An area of the chosen level counts when it lies in (or contains) a process area.
        stmt = stmt.where(or_(False, *[Area.path.startswith(p) for p in set(paths)]))
    groups: dict[str, list[tuple[int, str]]] = {}
    for area_id, name, parent_name in db.session.execute(stmt):
        groups.setdefault(parent_name or "", []).append((area_id, name))
    return list(groups.items())


def area_names(ids) -> dict[int, str]:
    """Names of areas by id (at most one query; memoised per request: a results page asks for
    the same areas in a question and in "who took part")."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    memo: dict[int, str] = g.setdefault("_area_names", {}) if has_request_context() else {}
    missing = [i for i in ids if i not in memo]
    if missing:
        memo.update(
            db.session.execute(select(Area.id, Area.name).where(Area.id.in_(missing))).all()
        )
    return {i: memo[i] for i in ids if i in memo}


def remember_area_names(names: dict[int, str]) -> None:
    """Add names read elsewhere (the results' "who took part" statement) to the request's
    memo of :func:`area_names`, so an area question asks for none of them again."""
    if has_request_context():
        g.setdefault("_area_names", {}).update(names)
