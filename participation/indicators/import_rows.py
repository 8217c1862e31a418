"""What both indicator CSV imports share: the look-ups they start with (indicators, area level,
area codes), the period check, and the bulk write of the value rows."""

import re

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select

from participation.areas.models import Area, AreaLevel
from participation.core.cache import bump
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.indicators.models import Indicator, IndicatorValue


def indicators_by_code(codes) -> dict[str, Indicator]:
    """The catalogue's indicators for *codes*; refuses the import if one is unknown."""
    found = {
        ind.code: ind
        for ind in db.session.scalars(select(Indicator).where(Indicator.code.in_(list(codes))))
    }
    missing = sorted(set(codes) - set(found))
    if missing:
        raise ServiceError(
            _(
                "Unknown indicator: %(codes)s. Add it to the catalogue first.",
                codes=", ".join(missing),
            ),
            "mapping",
        )
    return found


def area_level(level_key: str | None) -> AreaLevel | None:
    """The area level *level_key* (None for none); refuses an unknown key."""
    if not level_key:
        return None
    level = db.session.scalar(select(AreaLevel).where(AreaLevel.key == level_key))
    if level is None:
        raise ServiceError(_("There is no area level %(key)s.", key=level_key), "level")
    return level


def current_area_ids(level: AreaLevel | None) -> dict[str, int]:
    """Area code → id of the current areas (of *level*, if given)."""
    stmt = select(Area.code, Area.id).where(Area.valid_to.is_(None))
    if level is not None:
        stmt = stmt.where(Area.level_id == level.id)
    ids: dict[str, int] = {}
    for code, area_id in db.session.execute(stmt):
        ids.setdefault(code, area_id)
    return ids


def write_values(rows: list[dict], period_pairs: set[tuple[int, str]], area_ids: set[int], report):
    """Replace the values of the touched indicators/periods/areas with *rows* (bulk)."""
    for indicator_id, period in period_pairs:
        result = db.session.execute(
            delete(IndicatorValue).where(
                IndicatorValue.indicator_id == indicator_id,
                IndicatorValue.period == period,
                IndicatorValue.area_id.in_(list(area_ids)),
            )
        )
        report.replaced += result.rowcount or 0
    if rows:
        db.session.execute(insert(IndicatorValue), rows)
    bump("indicators")


def value_row(indicator_id, area_id, period, value, **extra) -> dict:
    """An ``indicator_values`` row for the bulk insert (None: suppressed); *extra* overrides."""
    row = {
        "indicator_id": indicator_id,
        "area_id": area_id,
        "period": period,
        "value": value,
        "numerator": None,
        "denominator": None,
        "suppressed": value is None,
        "is_estimate": False,
        "method": "source",
        "detail": None,
    }
    row.update(extra)
    return row


def check_period(period: str) -> str:
    """The period stripped, if it is a short code such as ``2020``; else a form error."""
    period = (period or "").strip()
    if not period or len(period) > 20 or not re.fullmatch(r"[0-9A-Za-z\-]+", period):
        raise ServiceError(_("Give the period as a year, e.g. 2020."), "period")
    return period
