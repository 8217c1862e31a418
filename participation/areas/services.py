"""Writes on area levels and area attributes (imports live in :mod:`importer`)."""

import csv
import io
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from participation.areas.models import Area, AreaLevel
from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.extensions import db


def create_level(
    key: str, name_de: str, name_en: str | None = None, rank: int | None = None, user=None
) -> AreaLevel:
    """Add a level below the existing ones (or at *rank*)."""
    key = key.strip().lower()
    if not key or not key.replace("-", "").replace("_", "").isalnum():
        raise ServiceError(_("The key may only contain letters, digits, - and _."), "key")
    if db.session.scalar(select(AreaLevel).where(AreaLevel.key == key)):
        raise ServiceError(_("A level with the key %(key)s exists already.", key=key), "key")
    if rank is None:
        rank = (db.session.scalar(select(db.func.max(AreaLevel.rank))) or 0) + 1
    elif db.session.scalar(select(AreaLevel).where(AreaLevel.rank == rank)):
        raise ServiceError(_("Another level has position %(rank)s already.", rank=rank), "rank")
    level = AreaLevel(key=key, names={"de": name_de, "en": name_en or name_de}, rank=rank)
    db.session.add(level)
    db.session.flush()
    log_action("areas.level_create", level, user=user, key=key, rank=rank)
    return level


def set_population(level_key: str, rows: dict[str, int | None], as_of: date, user=None) -> int:
    """Set population figures for current areas of a level by code; returns how many were set.

    Empty figures stay empty (the source suppressed them): never written as 0.
    """
    level = db.session.scalar(select(AreaLevel).where(AreaLevel.key == level_key))
    if level is None:
        raise ServiceError(_("There is no area level %(key)s.", key=level_key))
    count = 0
    for area in db.session.scalars(
        select(Area).where(Area.level_id == level.id, Area.valid_to.is_(None))
    ):
        if area.code in rows and rows[area.code] is not None:
            area.population = rows[area.code]
            area.population_date = as_of
            count += 1
    log_action("areas.population", level, user=user, count=count, as_of=as_of.isoformat())
    return count


def read_population_csv(text: str, code_column: str, value_column: str) -> dict[str, int | None]:
    """Read ``code → population`` from CSV text; codes stay text (leading zeros)."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or code_column not in reader.fieldnames:
        raise ServiceError(_("The column %(col)s is missing.", col=code_column))
    if value_column not in reader.fieldnames:
        raise ServiceError(_("The column %(col)s is missing.", col=value_column))
    result: dict[str, int | None] = {}
    for row in reader:
        raw = (row.get(value_column) or "").strip().replace(".", "").replace(",", ".")
        result[row[code_column].strip()] = int(float(raw)) if raw else None
    return result


def aggregate_population_up(level_key: str) -> None:
    """Fill parents' population as the sum of their children where all children have one."""
    level = db.session.scalar(select(AreaLevel).where(AreaLevel.key == level_key))
    for rank in range(level.rank, 1, -1):
        child_level = db.session.scalar(select(AreaLevel).where(AreaLevel.rank == rank))
        sums = db.session.execute(
            select(
                Area.parent_id,
                db.func.sum(Area.population),
                db.func.count(Area.population),
                db.func.count(Area.id),
                db.func.max(Area.population_date),
            )
            .where(Area.level_id == child_level.id, Area.valid_to.is_(None))
            .group_by(Area.parent_id)
        ).all()
        for parent_id, total, with_value, children, as_of in sums:
            # a sum over children with suppressed figures would understate: leave it empty
            if parent_id and with_value == children and total is not None:
                parent = db.session.get(Area, parent_id)
                parent.population, parent.population_date = int(total), as_of
