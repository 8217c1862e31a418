"""The area profile: key indicators beside the city mean, trends, a choropleth over the areas of
the same level, participation in the area (suppressed), open processes, measures and budgets.

Read-only and a fixed number of queries whatever the data size (the page is public and cached;
``tests/indicators/test_profile.py`` counts them):

1. the area's values of every period, 2. the city means, 3. the map rows (one per area of the
level), 4. participation counts (one ``UNION ALL``), 5. open processes and budgets (one
``UNION ALL``), 6. measures by status.

City mean: for counts the average per area; for every other kind the mean weighted by the
residents of each area (the ``population`` indicator of the same period, else the area's
population field); an area without a weight makes it the plain mean of the areas.
"""

from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from participation.areas.models import Area
from participation.core.suppression import Cell
from participation.extensions import db
from participation.indicators.activity import measure_statuses, open_lists, participation_counts
from participation.indicators.charts import (
    LegendClass,
    describe_series,
    trend_svg,
)
from participation.indicators.mapview import level_map
from participation.indicators.models import Indicator, IndicatorValue

#: "Needs attention" (staff only): a value this much worse than the city mean.
ATTENTION_FACTOR = 1.25


@dataclass
class Figure:
    """One indicator of the profile, newest period, with its trend and the city mean."""

    indicator: Indicator
    period: str
    value: float | None
    suppressed: bool
    is_estimate: bool
    method: str
    detail: dict | None
    city_mean: float | None = None
    #: Residents this share stands for ("about N"), or the count itself; None if unknown.
    absolute: int | None = None
    series: list[tuple[str, float | None, bool]] = field(default_factory=list)
    trend: Markup = Markup("")
    #: Internal only: clearly worse than the city mean (polarity known).
    needs_attention: bool = False
    #: Name of the larger area the value is for, when the area itself has none (else None).
    source_area: str | None = None
    #: Level of the area the value is for (the city mean is taken over that level).
    level_id: int | None = None


@dataclass
class Profile:
    """Everything the profile pages show."""

    area: Area
    population: int | None
    figures: list[Figure]
    map_indicator: Indicator | None
    map_period: str | None
    map_svg: Markup
    legend: list[LegendClass]
    #: ``(name, formatted value, is this area, link)`` for the table alternative.
    map_table: list[tuple[str, str, bool, str]]
    choices: list[Indicator]
    channels: list[tuple[str, Cell]]
    contributions_total: Cell
    survey_responses: Cell
    meeting_attendance: Cell
    budget_applications: Cell
    processes: list[tuple[int, str, str]]
    budgets: list[tuple[int, str, str, int]]
    measures: list[tuple[str, str, int]]

    @property
    def key_figures(self) -> list[Figure]:
        """The catalogue's key indicators that have a value here."""
        return [f for f in self.figures if f.indicator.is_key]

    @property
    def other_figures(self) -> list[Figure]:
        """Every other indicator with a value here."""
        return [f for f in self.figures if not f.indicator.is_key]


def _chain_paths(area: Area) -> list[str]:
    """Paths of the area and its ancestors (every prefix of the path that ends in ``/``)."""
    cut = [i + 1 for i, ch in enumerate(area.path) if ch == "/" and i > 0]
    return [area.path[:i] for i in cut]


def _figures(area: Area) -> list[Figure]:
    """The area's indicators; those it has no value for come from its nearest ancestor."""
    rows = db.session.execute(
        select(Indicator, IndicatorValue, Area.id, Area.name, Area.level_id, Area.path)
        .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
        .join(Area, Area.id == IndicatorValue.area_id)
        .where(Area.path.in_(_chain_paths(area)), Area.valid_to.is_(None))
        .order_by(Indicator.position, Indicator.code, IndicatorValue.period)
    ).all()
    # nearest first: the area itself, then its parent, …
    best_depth: dict[int, int] = {}
    for indicator, _value, _aid, _name, _level, path in rows:
        best_depth[indicator.id] = max(best_depth.get(indicator.id, 0), len(path))
    figures: dict[int, Figure] = {}
    for indicator, value, area_id, name, level_id, path in rows:
        if len(path) != best_depth[indicator.id]:
            continue
        point = (value.period, None if value.suppressed else value.value, value.is_estimate)
        figure = figures.get(indicator.id)
        if figure is None or value.period >= figure.period:
            series = figure.series if figure else []
            figure = Figure(
                indicator=indicator,
                period=value.period,
                value=None if value.suppressed else value.value,
                suppressed=value.suppressed,
                is_estimate=value.is_estimate or indicator.is_estimate,
                method=value.method,
                detail=value.detail,
                series=series,
                source_area=None if area_id == area.id else name,
                level_id=level_id,
            )
            figures[indicator.id] = figure
        figure.series.append(point)
    return list(figures.values())


def _city_means(level_ids: list[int]) -> dict[tuple[int, int, str], tuple]:
    weights = aliased(IndicatorValue)
    population_id = select(Indicator.id).where(Indicator.code == "population").scalar_subquery()
    weight = func.coalesce(weights.value, Area.population)
    rows = db.session.execute(
        select(
            Area.level_id,
            IndicatorValue.indicator_id,
            IndicatorValue.period,
            func.sum(IndicatorValue.value * weight),
            func.sum(case((IndicatorValue.value.is_not(None), weight))),
            func.avg(IndicatorValue.value),
            func.count(IndicatorValue.value),
            func.count(weight),
        )
        .join(Area, Area.id == IndicatorValue.area_id)
        .outerjoin(
            weights,
            and_(
                weights.area_id == IndicatorValue.area_id,
                weights.period == IndicatorValue.period,
                weights.indicator_id == population_id,
                weights.suppressed.is_(False),
            ),
        )
        .where(
            Area.level_id.in_(level_ids),
            Area.valid_to.is_(None),
            IndicatorValue.suppressed.is_(False),
        )
        .group_by(Area.level_id, IndicatorValue.indicator_id, IndicatorValue.period)
    ).all()
    means = {}
    for level_id, indicator_id, period, weighted, weight_sum, plain, n_values, n_weights in rows:
        use_weights = n_values == n_weights and weight_sum
        means[(level_id, indicator_id, period)] = (
            (float(weighted) / float(weight_sum), float(plain)) if use_weights else (None, plain)
        )
    return means


def _absolute(figure: Figure, population: int | None) -> int | None:
    if figure.value is None or figure.source_area is not None or figure.indicator.kind == "count":
        return None
    if figure.indicator.share_of_residents and population:
        return int(round(figure.value / 100 * population, -1))
    return None


def _attention(figure: Figure) -> bool:
    if figure.value is None or not figure.city_mean or figure.indicator.kind == "count":
        return False
    if figure.indicator.polarity == "higher_worse":
        return figure.value > ATTENTION_FACTOR * figure.city_mean
    if figure.indicator.polarity == "higher_better":
        return figure.value < figure.city_mean / ATTENTION_FACTOR
    return False


def build_profile(area: Area, indicator_code: str | None = None) -> Profile:
    """Compute the profile of *area*; *indicator_code* picks the map's indicator."""
    k = current_app.config["SUPPRESSION_K"]
    figures = _figures(area)
    means = _city_means(sorted({f.level_id for f in figures} | {area.level_id}))
    population = area.population
    for figure in figures:
        own_figure = figure.source_area is None
        is_population = figure.indicator.code == "population" and figure.value is not None
        if population is None and own_figure and is_population:
            population = int(figure.value)
    for i, figure in enumerate(figures):
        key = (figure.level_id, figure.indicator.id, figure.period)
        weighted, plain = means.get(key, (None, None))
        figure.city_mean = plain if figure.indicator.kind == "count" else (weighted or plain)
        figure.absolute = _absolute(figure, population)
        figure.needs_attention = _attention(figure)
        figure.trend = (
            trend_svg(
                figure.series,
                chart_id=f"trend-{i}",
                title=_("%(indicator)s over time", indicator=figure.indicator.name),
                description=describe_series(figure.series),
            )
            if len(figure.series) > 1
            else Markup("")
        )
    # the map shows values of this area's own level only
    own = [f for f in figures if f.source_area is None]
    choices = [f.indicator for f in own]
    chosen = next((f for f in own if f.indicator.code == indicator_code), None)
    if chosen is None:
        shares = [f for f in own if f.indicator.kind != "count" and f.value is not None]
        chosen = next((f for f in shares if f.indicator.is_key), None) or next(
            iter(shares or own), None
        )
    svg, legend, table = (Markup(""), [], [])
    if chosen is not None:
        svg, legend, table = level_map(area, chosen.indicator, chosen.period)
    channels, total, surveys, meetings, budget_apps = participation_counts(area, k)
    processes, budgets = open_lists(area)
    return Profile(
        area=area,
        population=population,
        figures=figures,
        map_indicator=chosen.indicator if chosen else None,
        map_period=chosen.period if chosen else None,
        map_svg=svg,
        legend=legend,
        map_table=table,
        choices=choices,
        channels=channels,
        contributions_total=total,
        survey_responses=surveys,
        meeting_attendance=meetings,
        budget_applications=budget_apps,
        processes=processes,
        budgets=budgets,
        measures=measure_statuses(area),
    )
