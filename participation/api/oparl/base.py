"""What every OParl object shares: URLs, dates, the common fields and the family registry."""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app, g, url_for
from sqlalchemy import Integer, String, literal, select

from participation.extensions import db

#: Namespace of the OParl 1.1 type URIs.
SCHEMA = "https://schema.oparl.org/1.1/"
#: Data licence of everything the API publishes (Datenlizenz Deutschland – Namensnennung 2.0).
LICENSE_URL = "https://www.govdata.de/dl-de/by-2-0"
LICENSE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
BERLIN = ZoneInfo("Europe/Berlin")
#: The one body of this installation (see README "OParl": per-district bodies).
BODY_ID = 1


def absolute(endpoint: str, **values) -> str:
    """Canonical absolute URL: ``BASE_URL`` + path (never the request's host, see OParl 2.3)."""
    return current_app.config.get("BASE_URL", "").rstrip("/") + url_for(endpoint, **values)


#: ``…/oparl/v1.1/`` of the request being answered (set by :func:`url_root`): a list page holds
#: thousands of URLs, and ``url_for`` (or even a ``flask.g`` lookup) costs microseconds each.
_ROOT: ContextVar[str | None] = ContextVar("oparl_root", default=None)


@contextmanager
def url_root():
    """Build the endpoint's root URL once for everything serialized inside the block."""
    token = _ROOT.set(absolute("api.oparl_system"))
    try:
        yield
    finally:
        _ROOT.reset(token)


def _root() -> str:
    return _ROOT.get() or absolute("api.oparl_system")


def object_url(kind: str, oid: int) -> str:
    """URL of one object, e.g. ``…/oparl/v1.1/meeting/12`` (as ``api.oparl_object`` builds it)."""
    return f"{_root()}{kind}/{int(oid)}"


def web_url(endpoint: str, key: str, value) -> str:
    """``absolute(endpoint, key=value)`` with the URL pattern built once per request."""
    patterns = g.setdefault("_oparl_web", {})
    pattern = patterns.get(endpoint)
    if pattern is None:
        pattern = patterns[endpoint] = absolute(endpoint, **{key: 2147483647}).replace(
            "2147483647", "{}"
        )
    return pattern.format(value)


def body_url() -> str:
    """URL of the body of this installation (as ``api.oparl_body`` builds it)."""
    return f"{_root()}body/{BODY_ID}"


def list_url(name: str) -> str:
    """URL of an external object list of the body, e.g. ``…/body/1/meeting``."""
    return absolute("api.oparl_list", body_id=BODY_ID, name=name)


def date_time(value: datetime | None) -> str | None:
    """``yyyy-mm-ddThh:mm:ss±hh:mm`` in Berlin time (what residents and councils read)."""
    if value is None:
        return None
    return value.astimezone(BERLIN).isoformat(timespec="seconds")


def day(value: date | datetime | None) -> str | None:
    """``yyyy-mm-dd`` (a datetime counts by its Berlin calendar day)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.astimezone(BERLIN).date()
    return value.isoformat()


def clean(data: dict) -> dict:
    """Drop ``None``, ``""`` and ``[]``: OParl asks servers not to output empty properties."""
    return {k: v for k, v in data.items() if v is not None and v != "" and v != []}


def common(kind: str, oparl_type: str, oid: int, created, modified, **fields) -> dict:
    """The fields of every object: id, type, created, modified (+ *fields*, cleaned)."""
    return clean(
        {
            "id": object_url(kind, oid),
            "type": SCHEMA + oparl_type,
            **fields,
            "created": date_time(created),
            "modified": date_time(modified),
        }
    )


def grouped(rows: Iterable, key: str, value: str | None = None) -> dict[Any, list]:
    """*rows* grouped by their attribute *key*, in order; *value* keeps one attribute of each.

    The shape every :meth:`Family.prefetch` builds: one bulk query, then "per meeting / per body /
    per actor" lists looked up while serializing a page.
    """
    out: dict[Any, list] = {}
    for row in rows:
        out.setdefault(getattr(row, key), []).append(row if value is None else getattr(row, value))
    return out


def embedded(kind: str, objects: Iterable, ctx: dict | None = None, omit: bool = False):
    """Objects of family *kind* embedded in another object, or ``None`` with ``omit_internal``."""
    if omit:
        return None
    family = FAMILIES[kind]
    return [family.serialize(o, ctx or {}) for o in objects]


class Family:
    """One kind of OParl object backed by a model: which rows are public, how they serialize.

    Subclasses set :attr:`kind` (the URL part), :attr:`oparl_type`, :attr:`model` and implement
    :meth:`public`, :meth:`serialize` and, where needed, :meth:`prefetch` (bulk loading for a
    list page, so a page costs a fixed number of queries).
    """

    kind = ""
    oparl_type = ""
    model: Any = None

    def created_col(self):
        """Column giving ``created``."""
        return self.model.created_at

    def modified_col(self):
        """Column giving ``modified`` (every edit changes it; embedded objects touch it)."""
        return self.model.updated_at

    def public(self) -> list:
        """WHERE conditions selecting the published rows."""
        return []

    def options(self) -> list:
        """Loader options for :meth:`load`."""
        return []

    def keys(self):
        """``(kind, oid, created, modified, gone=0)`` of every published object, for the lists."""
        return select(
            literal(self.kind, String).label("kind"),
            self.model.id.label("oid"),
            self.created_col().label("created"),
            self.modified_col().label("modified"),
            literal(0, Integer).label("gone"),
        ).where(*self.public())

    def load(self, ids: Iterable[int]) -> dict[int, Any]:
        """Published objects by id (one query)."""
        ids = list(ids)
        if not ids:
            return {}
        stmt = select(self.model).where(self.model.id.in_(ids), *self.public())
        return {o.id: o for o in db.session.scalars(stmt.options(*self.options())).unique()}

    def prefetch(self, objects: list) -> dict:
        """Data shared by a page of objects (loaded in bulk); passed to :meth:`serialize`."""
        return {}

    def envelope(self, obj, *, modified=None, **fields) -> dict:
        """:func:`common` for *obj* of this family: id, type, created, modified (+ *fields*).

        :param modified: instead of ``obj.updated_at`` (objects without one).
        """
        return common(
            self.kind,
            self.oparl_type,
            obj.id,
            obj.created_at,
            obj.updated_at if modified is None else modified,
            **fields,
        )

    def serialize(self, obj, ctx: dict, omit_internal: bool = False) -> dict:
        """The OParl JSON object."""
        raise NotImplementedError

    def one(self, oid: int) -> dict | None:
        """The serialized object *oid*, or ``None`` when it is not published."""
        obj = self.load([oid]).get(oid)
        if obj is None:
            return None
        return self.serialize(obj, self.prefetch([obj]))


#: kind → family instance.
FAMILIES: dict[str, Family] = {}


def register(cls):
    """Class decorator: add an instance of the family to :data:`FAMILIES`."""
    FAMILIES[cls.kind] = cls()
    return cls
