"""Find an area by the name residents know, at every level, and describe it by its parents.

Residents know neighbourhood names ("Körnerpark", "Glasower Straße"), not level codes, and type
them without umlauts on foreign keyboards ("Koernerpark", "Kornerpark"). Names are compared in a
folded form (lower case, accents stripped, ``ae``/``oe``/``ue`` read as the plain vowel, ``ß`` as
``ss``) built in Python: SQLite has no ``unaccent`` and a city has at most a few thousand areas,
so one small query per search (id, name, parent, level) is cheaper than any portable SQL trick.
"""

import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import select

from participation.areas import lookup
from participation.areas.models import Area, AreaLevel
from participation.extensions import db

#: Hits returned by one search (a phone screen shows about this many).
MAX_HITS = 12


def fold(text: str) -> str:
    """Comparable form of a name: ``Körnerpark``, ``KOERNERPARK``, ``Kornerpark`` → equal."""
    text = (text or "").casefold().replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    for spelled, plain in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        text = text.replace(spelled, plain)
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def collapse(names: list[str]) -> list[str]:
    """Drop a name repeated by the next level down ("Neukölln › Neukölln" → "Neukölln")."""
    out: list[str] = []
    for name in names:
        if not out or out[-1] != name:
            out.append(name)
    return out


@dataclass
class AreaHit:
    """One search result: the area's own name is the label, its parents are the context."""

    id: int
    name: str
    level: str
    rank: int
    #: Names of the enclosing areas, top level first, repeated names collapsed.
    parents: list[str] = field(default_factory=list)

    @property
    def context(self) -> str:
        """``Planungsraum · Neukölln › Neuköllner Mitte/Zentrum``."""
        chain = " › ".join(self.parents)
        return f"{self.level} · {chain}" if chain else self.level

    def as_json(self) -> dict:
        """What the search and location endpoints return for one area."""
        return {
            "id": self.id,
            "name": self.name,
            "level": self.level,
            "context": self.context,
            "url": f"/areas/{self.id}",
        }


_cache: dict = {}


def _rows() -> tuple[dict[int, tuple], dict[int, AreaLevel]]:
    levels = {lv.id: lv for lv in db.session.scalars(select(AreaLevel))}
    return _names()[0], levels


def _names() -> tuple[dict[int, tuple], dict[int, str]]:
    """``({id: (id, name, parent_id, level_id)}, {id: folded name})`` of the current areas.

    Kept per process and database until areas are imported again (the area generation of
    :mod:`participation.areas.lookup`), so a search folds no names per request.
    """
    key = (str(db.engine.url), lookup.current_generation())
    if _cache.get("key") != key:
        rows = db.session.execute(
            select(Area.id, Area.name, Area.parent_id, Area.level_id).where(Area.valid_to.is_(None))
        ).all()
        _cache.update(
            key=key,
            rows={r.id: tuple(r) for r in rows},
            folded={r.id: fold(r.name) for r in rows},
        )
    return _cache["rows"], _cache["folded"]


def _hit(area_id: int, rows: dict[int, tuple], levels: dict[int, AreaLevel]) -> AreaHit:
    _id, name, parent_id, level_id = rows[area_id]
    chain = []
    while parent_id is not None and parent_id in rows:
        chain.append(rows[parent_id][1])
        parent_id = rows[parent_id][2]
    parents = collapse(list(reversed(chain)))
    level = levels[level_id]
    return AreaHit(area_id, name, level.name, level.rank, parents)


def search_areas(query: str, limit: int = MAX_HITS) -> list[AreaHit]:
    """Current areas whose name matches *query* at any level, best matches first.

    Order: whole name, then name start, then a word start, then anywhere; within each, the
    higher level first (a district before its planning areas of the same name), then by name.
    """
    needle = fold(query)
    if len(needle) < 2:
        return []
    rows, levels = _rows()
    names = _names()[1]
    scored = []
    for area_id, (_id, _name, _parent, level_id) in rows.items():
        folded = names[area_id]
        if needle not in folded:
            continue
        if folded == needle:
            quality = 0
        elif folded.startswith(needle):
            quality = 1
        elif f" {needle}" in f" {folded}":
            quality = 2
        else:
            quality = 3
        scored.append((quality, levels[level_id].rank, folded, area_id))
    scored.sort()
    return [_hit(area_id, rows, levels) for *_ignored, area_id in scored[:limit]]


def one_place(hits: list[AreaHit]) -> bool:
    """True when *hits* name one place: a single area, or one name repeated down one branch of
    the hierarchy (district "Neukölln" › Prognoseraum "Neukölln"), best taken at its top."""
    if not hits:
        return False
    areas = [db.session.get(Area, h.id) for h in hits]
    return all(areas[0].contains_area(a) for a in areas[1:])


def describe(area_ids: list[int]) -> list[AreaHit]:
    """Hits for known area ids (e.g. from a point lookup), innermost level first."""
    rows, levels = _rows()
    hits = [_hit(i, rows, levels) for i in area_ids if i in rows]
    return sorted(hits, key=lambda h: -h.rank)


def parent_names() -> dict[int, str]:
    """``{area id: "Neukölln › Neuköllner Mitte/Zentrum"}`` for every current area (one query)."""
    rows, levels = _rows()
    return {i: " › ".join(_hit(i, rows, levels).parents) for i in rows}


def breadcrumb(area: Area) -> list[Area]:
    """Ancestors of *area* for a breadcrumb; a name repeated by the next level down is shown once.

    The highest area of such a run is kept ("Neukölln" links to the district), so every level
    stays reachable through the children list of the page it links to.
    """
    out: list[Area] = []
    for node in area.ancestors():
        if not out or out[-1].name != node.name:
            out.append(node)
    return out
