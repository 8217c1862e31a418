"""Read helpers on areas shared by every package (lower packages never import upwards).

:func:`areas_by_level` is THE way to offer areas in a form or filter: current areas grouped by
level name (in the user's language), levels top-down, names A-Z within a level. The result is a
``dict`` that WTForms renders as ``<optgroup>`` per level (``SelectField``/``SelectMultipleField``
choices) and templates iterate as ``for level, options in groups.items()``.
"""

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import false, or_, select

from participation.areas.models import Area, AreaLevel
from participation.core.i18n import localized
from participation.extensions import db


def areas_by_level(
    *,
    scope: Iterable[str] | None = None,
    within: Iterable[str] | None = None,
    max_rank: int | None = None,
    value: Callable[[int], Any] = int,
) -> dict[str, list[tuple[Any, str]]]:
    """Current areas grouped by level name: ``{"Bezirk": [(id, "Neukölln"), …], …}``.

    :param scope: area paths the user may use (from :func:`~participation.core.permissions.
        allowed_scope`): only areas inside them. ``None`` means no restriction, ``[]`` nothing.
    :param within: area paths (e.g. a process's areas): only these areas and those below them.
    :param max_rank: leave out levels below this rank (1 = top level).
    :param value: turns the id into the option value (``str`` for a plain ``<select>``).

    Reads plain columns, never ORM objects: Berlin alone has ~650 current areas, and the lists
    appear on many staff pages.
    """
    stmt = (
        select(Area.id, Area.name, Area.level_id)
        .join(AreaLevel, AreaLevel.id == Area.level_id)
        .where(Area.valid_to.is_(None))
        .order_by(AreaLevel.rank, Area.name)
    )
    if max_rank:
        stmt = stmt.where(AreaLevel.rank <= max_rank)
    for paths in (scope, within):
        if paths is not None:
            paths = list(paths)
            stmt = stmt.where(or_(*[Area.path.startswith(p) for p in paths]) if paths else false())
    levels = {
        level_id: localized(names)
        for level_id, names in db.session.execute(select(AreaLevel.id, AreaLevel.names))
    }
    groups: dict[str, list[tuple[Any, str]]] = {}
    for area_id, name, level_id in db.session.execute(stmt):
        groups.setdefault(levels[level_id], []).append((value(area_id), name))
    return groups
