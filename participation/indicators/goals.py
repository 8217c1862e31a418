"""A goal's indicator: baseline, target, latest value and trend (shown on the goal pages).

The measures package never imports this one: it offers ``goal_panels`` (see
:mod:`participation.measures.panels`), and :func:`goal_panel` registers with it.
"""

from dataclasses import dataclass

from flask import render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from participation.areas.models import Area
from participation.extensions import db
from participation.indicators.charts import describe_series, trend_svg
from participation.indicators.models import GoalIndicator, Indicator, IndicatorValue


@dataclass
class GoalFigures:
    """What a goal page shows about its indicator."""

    indicator: Indicator
    area: Area | None
    baseline: float | None
    baseline_period: str
    #: The baseline came from a stored value that is an estimate.
    baseline_estimate: bool
    target: float | None
    target_period: str
    latest: float | None
    latest_period: str | None
    latest_estimate: bool
    latest_suppressed: bool
    series: list[tuple[str, float | None, bool]]
    trend: Markup


def goal_figures(goal) -> GoalFigures | None:
    """Baseline, target, latest value and trend of the goal's indicator; None without a link."""
    link = db.session.get(GoalIndicator, goal.id)
    if link is None:
        return None
    area = link.area or goal.area
    series: list[tuple[str, float | None, bool]] = []
    if area is not None:
        rows = db.session.execute(
            select(
                IndicatorValue.period,
                IndicatorValue.value,
                IndicatorValue.suppressed,
                IndicatorValue.is_estimate,
            )
            .where(
                IndicatorValue.indicator_id == link.indicator_id,
                IndicatorValue.area_id == area.id,
            )
            .order_by(IndicatorValue.period)
        ).all()
        series = [
            (p, None if s else v, bool(e) or link.indicator.is_estimate) for p, v, s, e in rows
        ]
    by_period = {p: (v, e) for p, v, e in series}
    baseline, baseline_estimate = link.baseline_value, False
    if baseline is None and link.baseline_period in by_period:
        baseline, baseline_estimate = by_period[link.baseline_period]
    latest = series[-1] if series else None
    name = link.indicator.name
    trend = (
        trend_svg(
            series,
            chart_id=f"goal-{goal.id}",
            title=_("%(indicator)s over time", indicator=name),
            description=describe_series(series)
            + (f"; {_('target')}: {link.target_value:g}" if link.target_value is not None else ""),
            target=link.target_value,
        )
        if series
        else Markup("")
    )
    return GoalFigures(
        indicator=link.indicator,
        area=area,
        baseline=baseline,
        baseline_period=link.baseline_period,
        baseline_estimate=baseline_estimate,
        target=link.target_value,
        target_period=link.target_period,
        latest=latest[1] if latest else None,
        latest_period=latest[0] if latest else None,
        latest_estimate=latest[2] if latest else False,
        latest_suppressed=bool(latest) and latest[1] is None,
        series=series,
        trend=trend,
    )


def goal_panel(goal) -> Markup | None:
    """The indicator box on the measures package's goal page (registered as a goal panel)."""
    if goal is None or getattr(goal, "id", None) is None:
        return None
    return Markup(
        render_template(
            "indicators/manage/_goal_panel.html",
            goal=goal,
            figures=goal_figures(goal),
            edit_url=url_for("indicators.goal_indicator", goal_id=goal.id),
        )
    )
