"""What each open-data feed publishes: the public rows and the columns, nothing personal.

Left out everywhere: names and e-mail addresses of residents and staff, tracking and idempotency
tokens, moderation details, contact persons, IP-derived hashes, photos. Contributions are the
visible ones of public processes; the free text is public on the process page anyway.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload, undefer

from participation.api.oparl.base import day
from participation.areas.models import Area
from participation.budgets.models import Application, Budget
from participation.contributions.models import Contribution
from participation.extensions import db
from participation.measures.models import Measure, measure_areas, measure_processes
from participation.processes.models import Process

LICENSE = {
    "id": "dl-de/by-2-0",
    "name": "Datenlizenz Deutschland – Namensnennung – Version 2.0",
    "url": "https://www.govdata.de/dl-de/by-2-0",
}


def license_info() -> dict:
    """The licence block of every response, with the attribution the licence asks for."""
    holder = current_app.config.get("OPARL_BODY_NAME", "Bezirksamt Neukölln von Berlin")
    return {**LICENSE, "attribution": f"{holder}, Beteiligungsplattform"}


@dataclass
class Feed:
    """One open-data feed: a statement for the public rows and ``column → value`` getters."""

    name: str
    model: Any
    stmt: Callable[[], Any]
    columns: dict[str, Callable[[Any], Any]]
    #: ``(lon, lat)`` of a row, or a GeoJSON geometry; ``None``: the feed has no GeoJSON.
    geometry: Callable[[Any], Any] | None = None
    options: list = field(default_factory=list)

    def count(self) -> int:
        """Number of public rows (SQL count)."""
        sub = self.stmt().order_by(None).subquery()
        return db.session.scalar(select(func.count()).select_from(sub)) or 0

    def page(self, offset: int, limit: int) -> list:
        """One page of rows, ordered by id (stable)."""
        stmt = self.stmt().order_by(self.model.id).offset(offset).limit(limit)
        return list(db.session.scalars(stmt.options(*self.options)).unique())

    def iter_rows(self, chunk: int = 1000) -> Iterator:
        """Every row, by id, in chunks (keyset): flat memory for the CSV download."""
        last = 0
        while True:
            stmt = self.stmt().where(self.model.id > last).order_by(self.model.id).limit(chunk)
            rows = list(db.session.scalars(stmt.options(*self.options)).unique())
            if not rows:
                return
            yield from rows
            last = rows[-1].id
            db.session.expunge_all()

    def record(self, row) -> dict:
        """The row as a JSON object."""
        return {name: get(row) for name, get in self.columns.items()}

    def feature(self, row) -> dict:
        """The row as a GeoJSON Feature (geometry ``null`` when it has no place)."""
        geometry = self.geometry(row) if self.geometry else None
        if isinstance(geometry, tuple):
            geometry = None if None in geometry else {"type": "Point", "coordinates": geometry}
        return {
            "type": "Feature",
            "id": row.id,
            "geometry": geometry,
            "properties": self.record(row),
        }


def _public_process_ids():
    return select(Process.id).where(Process.status != "draft")


def _codes(areas) -> str:
    return ",".join(sorted(a.code for a in areas))


def _process_stmt():
    return select(Process).where(Process.status != "draft")


def _contribution_stmt():
    return select(Contribution).where(
        Contribution.visibility == "visible", Contribution.process_id.in_(_public_process_ids())
    )


def _measure_stmt():
    # public: one of its processes is public, or it has areas and no process (measures.queries)
    in_public = select(measure_processes.c.measure_id).where(
        measure_processes.c.process_id.in_(_public_process_ids())
    )
    has_process = select(measure_processes.c.measure_id)
    has_area = select(measure_areas.c.measure_id)
    return select(Measure).where(
        Measure.id.in_(in_public) | (~Measure.id.in_(has_process) & Measure.id.in_(has_area))
    )


def _area_stmt():
    return select(Area).where(Area.valid_to.is_(None))


def _budget_stmt():
    return select(Budget)


def _applications(budget) -> int:
    return db.session.scalar(
        select(func.count(Application.id)).where(
            Application.budget_id == budget.id, Application.status != "withdrawn"
        )
    )


FEEDS: dict[str, Feed] = {
    "processes": Feed(
        "processes",
        Process,
        _process_stmt,
        {
            "id": lambda p: p.id,
            "slug": lambda p: p.slug,
            "title": lambda p: p.title,
            "summary": lambda p: p.summary,
            "level": lambda p: p.level,
            "status": lambda p: p.status,
            "areas": lambda p: _codes(p.scope_areas),
            "published": lambda p: day(p.published_at),
            "closed": lambda p: day(p.closed_at),
            "what_can_be_influenced": lambda p: p.scope_influence,
            "already_decided": lambda p: p.scope_decided,
            "who_decides": lambda p: p.decision_by,
        },
    ),
    "areas": Feed(
        "areas",
        Area,
        _area_stmt,
        {
            "id": lambda a: a.id,
            "code": lambda a: a.code,
            "name": lambda a: a.name,
            "level": lambda a: a.level.key,
            "parent_id": lambda a: a.parent_id,
            "population": lambda a: a.population,
            "valid_from": lambda a: day(a.valid_from),
        },
        geometry=lambda a: a.display_geometry,
        options=[undefer(Area.display_geometry)],
    ),
    "contributions": Feed(
        "contributions",
        Contribution,
        _contribution_stmt,
        {
            "id": lambda c: c.id,
            "process_id": lambda c: c.process_id,
            "kind": lambda c: c.kind,
            "channel": lambda c: c.channel,
            "category": lambda c: c.category.key if c.category else None,
            "title": lambda c: c.title,
            "text": lambda c: c.body,
            "status": lambda c: c.status,
            "status_reason": lambda c: c.status_reason,
            "area_id": lambda c: c.area_id,
            "lon": lambda c: c.lon,
            "lat": lambda c: c.lat,
            "supports": lambda c: c.support_count,
            "created": lambda c: day(c.created_at),
        },
        geometry=lambda c: (c.lon, c.lat),
        options=[selectinload(Contribution.category)],
    ),
    "measures": Feed(
        "measures",
        Measure,
        _measure_stmt,
        {
            "id": lambda m: m.id,
            "title": lambda m: m.title,
            "description": lambda m: m.description,
            "status": lambda m: m.status,
            "progress": lambda m: m.progress,
            "responsible_unit": lambda m: m.responsible_unit,
            "budget_planned": lambda m: m.budget_planned,
            "budget_spent": lambda m: m.budget_spent,
            "funding_source": lambda m: m.funding_source,
            "start_date": lambda m: day(m.start_date),
            "end_date": lambda m: day(m.end_date),
            "areas": lambda m: _codes(m.areas),
            "process_ids": lambda m: ",".join(str(p.id) for p in m.processes if p.is_public),
            "lon": lambda m: m.lon,
            "lat": lambda m: m.lat,
            "updated": lambda m: day(m.updated_at),
        },
        geometry=lambda m: m.geometry or (m.lon, m.lat),
    ),
    "budgets": Feed(
        "budgets",
        Budget,
        _budget_stmt,
        {
            "id": lambda b: b.id,
            "title": lambda b: b.title,
            "area_id": lambda b: b.area_id,
            "process_id": lambda b: b.process_id,
            "period": lambda b: b.period,
            "amount_eur": lambda b: b.amount,
            "funding_source": lambda b: b.funding_source,
            "pillar": lambda b: b.pillar,
            "opens_on": lambda b: day(b.opens_on),
            "closes_on": lambda b: day(b.closes_on),
            "applications": _applications,
        },
    ),
}
