"""Indicator demo: Berlin's MSS 2021 tables (planning areas, districts) and a goal measured by one.

Bulk inserts (one statement per file and period), so the step takes well under a second of
database time; ``flask seed-demo`` prints the import summaries.
"""

from time import perf_counter

from flask import current_app
from sqlalchemy import select

from participation.areas.models import Area, AreaLevel
from participation.extensions import db
from participation.indicators.models import Indicator
from participation.indicators.services import import_mss, set_goal_indicator


def _link_demo_goal() -> str:
    """Measure the first Neukölln goal (if the measures demo made one) by child poverty."""
    from participation.measures.models import Goal

    neukoelln = db.session.scalar(
        select(Area)
        .join(AreaLevel, AreaLevel.id == Area.level_id)
        .where(AreaLevel.key == "bezirk", Area.code == "08", Area.valid_to.is_(None))
    )
    goal = db.session.scalar(select(Goal).order_by(Goal.depth, Goal.id))
    indicator = db.session.scalar(select(Indicator).where(Indicator.code == "child_poverty"))
    if goal is None or neukoelln is None or indicator is None:
        return ""
    set_goal_indicator(
        goal,
        indicator,
        area_id=neukoelln.id,
        baseline_period="2018",
        target_value=35.0,
        target_period="2027",
    )
    return f"; goal “{goal.title}” measured by child poverty in Neukölln"


def seed_indicators() -> str:
    """Import the MSS 2021 indicators from ``SEED_DATA_DIR`` and link one demo goal."""
    started = perf_counter()
    reports = import_mss(current_app.config["SEED_DATA_DIR"])
    goal = _link_demo_goal()
    db.session.commit()
    summary = " | ".join(report.summary() for report in reports)
    return f"indicators ({perf_counter() - started:.1f} s): {summary}{goal}"
