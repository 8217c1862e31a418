"""External object lists: stable order, pagination, the four date filters, deleted objects.

A list page is one UNION ALL over the families of the list (``paper`` has two: decisions and
reports) and, when the client asks with ``modified_since``, the tombstones of deleted objects
(the OParl 1.1 rule: deleted objects appear in lists only then). Sorted by ``(modified, kind,
id)`` — stable across requests, and a client syncing with ``modified_since`` sees every change.
Then each family loads its objects of the page in bulk: a page costs a fixed number of queries.
"""

import math
from datetime import datetime
from urllib.parse import urlencode

from sqlalchemy import Integer, func, literal, select, union_all

from participation.api.models import OparlTombstone
from participation.api.oparl.base import FAMILIES, SCHEMA, date_time, list_url, object_url
from participation.extensions import db

#: Body list name → the families it lists.
LISTS = {
    "organization": ("organization",),
    "person": ("person",),
    "meeting": ("meeting",),
    "paper": ("paper", "report"),
    "agendaItem": ("agendaItem",),
    "consultation": ("consultation",),
    "file": ("file",),
    "membership": ("membership",),
    "locationList": ("location",),
    "legislativeTermList": ("legislativeTerm",),
}
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class BadParameter(ValueError):
    """A filter or paging parameter the client must fix (answered with 400)."""


def parse_filters(args) -> dict[str, tuple[str, datetime]]:
    """The date filters present in *args*: name → (raw value, aware datetime)."""
    found = {}
    for name in FILTERS:
        raw = args.get(name)
        if raw is None:
            continue
        try:
            value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
        except ValueError:
            raise BadParameter(
                f"{name}: „{raw[:40]}“ ist keine Zeitangabe der Form 2026-01-31T12:00:00+01:00."
            ) from None
        if value.tzinfo is None:
            raise BadParameter(f"{name}: Bitte mit Zeitzone angeben, z. B. +01:00.")
        found[name] = (raw, value)
    return found


def deleted_object(kind: str, oid: int, created, modified) -> dict:
    """What a deleted object still says: id, type, created, modified (the deletion), deleted."""
    return {
        "id": object_url(kind, oid),
        "type": SCHEMA + FAMILIES[kind].oparl_type,
        "created": date_time(created),
        "modified": date_time(modified),
        "deleted": True,
    }


def tombstone(kind: str, oid: int) -> dict | None:
    """The deleted object *kind*/*oid*, or ``None`` when it never existed (then 404)."""
    row = db.session.scalar(
        select(OparlTombstone).where(
            OparlTombstone.object_type == kind, OparlTombstone.object_id == oid
        )
    )
    return None if row is None else deleted_object(kind, oid, row.created, row.deleted_at)


def _rows(kinds, filters, limit: int, offset: int, extra: dict | None = None) -> tuple[int, list]:
    """Total count and the page's ``(kind, oid, created, modified, gone)`` rows."""
    families = [FAMILIES[k] for k in kinds]
    if all(getattr(f, "static", False) for f in families):
        rows = [(*r, 0) for f in families for r in f.rows()]
        for name, (_raw, value) in filters.items():
            column = 2 if name.startswith("created") else 3
            keep = (
                (lambda v, x=value: v >= x)
                if name.endswith("since")
                else (lambda v, x=value: v <= x)
            )
            rows = [r for r in rows if keep(r[column])]
        rows.sort(key=lambda r: (r[3], r[0], r[1]))
        return len(rows), rows[offset : offset + limit]
    parts = [f.keys().where(*(extra or {}).get(f.kind, [])) for f in families]
    # tombstones know no parent: the lists of one organisation show live objects only
    if "modified_since" in filters and extra is None:
        t = OparlTombstone
        parts.append(
            select(
                t.object_type.label("kind"),
                t.object_id.label("oid"),
                t.created.label("created"),
                t.deleted_at.label("modified"),
                literal(1, Integer).label("gone"),
            ).where(t.object_type.in_(kinds))
        )
    u = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery()
    conditions = []
    for name, (_raw, value) in filters.items():
        column = u.c.created if name.startswith("created") else u.c.modified
        conditions.append(column >= value if name.endswith("since") else column <= value)
    total = db.session.scalar(select(func.count()).select_from(u).where(*conditions))
    page = db.session.execute(
        select(u.c.kind, u.c.oid, u.c.created, u.c.modified, u.c.gone)
        .where(*conditions)
        .order_by(u.c.modified, u.c.kind, u.c.oid)
        .limit(limit)
        .offset(offset)
    ).all()
    return total, page


def list_page(name: str, args, url: str | None = None, extra: dict | None = None) -> dict:
    """One page of the body list *name* (``data``, ``pagination``, ``links``).

    :param url: the list's own URL (default: the body's list *name*).
    :param extra: extra WHERE conditions per family (the lists of one organisation).
    """
    filters = parse_filters(args)
    limit = _int(args, "limit", DEFAULT_LIMIT) if "limit" in args else None
    if limit is None:
        limit = _int(args, "elementsPerPage", DEFAULT_LIMIT)
    limit = min(limit, MAX_LIMIT)
    page = _int(args, "page", 1)
    omit = args.get("omit_internal", "").lower() in ("1", "true", "yes", "on")
    total, rows = _rows(LISTS[name], filters, limit, (page - 1) * limit, extra)
    base = url or list_url(name)
    by_kind: dict[str, list[int]] = {}
    for row in rows:
        if not row[4]:
            by_kind.setdefault(row[0], []).append(row[1])
    objects = {}
    contexts = {}
    for kind, ids in by_kind.items():
        family = FAMILIES[kind]
        loaded = family.load(ids)
        contexts[kind] = family.prefetch(list(loaded.values()))
        objects.update({(kind, oid): obj for oid, obj in loaded.items()})
    data = []
    for kind, oid, created, modified, gone in rows:
        obj = objects.get((kind, oid))
        if gone or obj is None:
            data.append(deleted_object(kind, oid, created, modified))
        else:
            data.append(FAMILIES[kind].serialize(obj, contexts[kind], omit))
    pages = max(1, math.ceil(total / limit))
    query = [(f, raw) for f, (raw, _v) in filters.items()]
    if omit:
        query.append(("omit_internal", "true"))
    if limit != DEFAULT_LIMIT:
        query.append(("limit", str(limit)))

    def link(number: int) -> str:
        params = query + ([("page", str(number))] if number > 1 else [])
        return base + ("?" + urlencode(params) if params else "")

    links = {"first": link(1), "self": link(page), "last": link(pages)}
    if page > 1:
        links["prev"] = link(min(page - 1, pages))
    if page < pages:
        links["next"] = link(page + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": limit,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }


def _int(args, name: str, default: int) -> int:
    from participation.core.params import parse_int

    raw = args.get(name)
    if raw is None or raw == "":
        return default
    value = parse_int(raw, None, min=1)
    if value is None:
        raise BadParameter(f"{name}: Bitte eine ganze Zahl ab 1 angeben.")
    return value
