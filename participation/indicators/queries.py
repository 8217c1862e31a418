"""Read-only queries on indicators for other packages (reports, api) and for this one's pages.

Nothing here writes. Every function returns plain values or frozen dataclasses, never ORM objects
that a caller could change by accident. Counts of people that come from participation data are
already suppressed (:mod:`participation.core.suppression`) in what these functions return.
"""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from participation.areas.models import Area
from participation.core.suppression import Cell, suppress
from participation.extensions import db
from participation.indicators.models import Indicator, IndicatorValue

#: A group is flagged when its share among respondents is below this fraction of its share
#: among residents ("clearly under-represented") …
UNDER_REPRESENTED_RATIO = 0.5
#: … and only when at least this many respondents answered the question (fewer say nothing).
MIN_ANSWERS_FOR_WARNING = 20


@dataclass(frozen=True)
class LatestValue:
    """The newest stored value of one indicator for one area."""

    code: str
    name: str
    unit: str
    kind: str
    polarity: str
    period: str
    #: None exactly when ``suppressed``.
    value: float | None
    numerator: float | None
    denominator: float | None
    suppressed: bool
    is_estimate: bool
    #: ``source`` or ``aggregated``.
    method: str


@dataclass(frozen=True)
class RepresentationGroup:
    """A group that can be compared: a demographic answer beside an indicator of residents."""

    key: str
    label: object
    #: Column of ``survey_responses`` and the answer codes that belong to the group.
    column: str
    codes: tuple[str, ...]
    indicator: str
    #: How well the two fit together (printed under the table).
    note: object


GROUPS = (
    RepresentationGroup(
        "single_parents",
        _l("Single parents"),
        "household",
        ("single_parent",),
        "single_parents",
        _l(
            "Survey: share of those who answered the household question. Residents: share of "
            "single-parent households among households with children; a rough comparison."
        ),
    ),
    RepresentationGroup(
        "other_language",
        _l("Another language than German at home"),
        "home_language",
        ("tr", "ar", "pl", "ru", "several", "other"),
        "migration_background",
        _l(
            "Survey: speak mostly another language or several languages at home. Residents: "
            "share with a migration background. The two overlap but are not the same."
        ),
    ),
)


@dataclass(frozen=True)
class RepresentationRow:
    """One group of the representation check, with small counts suppressed."""

    key: str
    label: str
    #: Respondents in the group (suppressed below k).
    respondents: Cell
    #: Respondents who answered the question (suppressed below k).
    answered: Cell
    #: Share of the group among those who answered, in %; None when a count is suppressed.
    share: float | None
    #: Share among residents in %, from the indicator; None where no indicator gives it.
    population_share: float | None
    #: Name of the area the resident figure is for (the area itself or a larger one).
    population_area: str | None
    population_period: str | None
    #: The plain warning applies: the group is clearly under-represented.
    under_represented: bool
    note: str


def population(area_id: int) -> int | None:
    """Residents of the area: the area's population field, else the newest ``population`` value.

    None when neither is known (or the source suppressed it).
    """
    area_pop = db.session.scalar(select(Area.population).where(Area.id == area_id))
    if area_pop is not None:
        return int(area_pop)
    value = db.session.scalar(
        select(IndicatorValue.value)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(
            IndicatorValue.area_id == area_id,
            Indicator.code == "population",
            IndicatorValue.suppressed.is_(False),
        )
        .order_by(IndicatorValue.period.desc())
        .limit(1)
    )
    return int(value) if value is not None else None


def _latest_stmt(area_ids, codes=None):
    newest = (
        select(
            IndicatorValue.area_id.label("area_id"),
            IndicatorValue.indicator_id.label("indicator_id"),
            func.max(IndicatorValue.period).label("period"),
        )
        .where(IndicatorValue.area_id.in_(area_ids))
        .group_by(IndicatorValue.area_id, IndicatorValue.indicator_id)
        .subquery()
    )
    stmt = (
        select(IndicatorValue.area_id, Indicator, IndicatorValue)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .join(
            newest,
            (newest.c.area_id == IndicatorValue.area_id)
            & (newest.c.indicator_id == IndicatorValue.indicator_id)
            & (newest.c.period == IndicatorValue.period),
        )
        .order_by(Indicator.position, Indicator.code)
    )
    if codes is not None:
        stmt = stmt.where(Indicator.code.in_(list(codes)))
    return stmt


def _latest(indicator: Indicator, row: IndicatorValue) -> LatestValue:
    return LatestValue(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        kind=indicator.kind,
        polarity=indicator.polarity,
        period=row.period,
        value=None if row.suppressed else row.value,
        numerator=row.numerator,
        denominator=row.denominator,
        suppressed=row.suppressed,
        is_estimate=row.is_estimate or indicator.is_estimate,
        method=row.method,
    )


def latest_values(area_id: int, codes=None) -> list[LatestValue]:
    """The newest value of each indicator stored for the area, in catalogue order.

    :param codes: only these indicator codes (default: all). Suppressed values come back with
        ``suppressed=True`` and ``value=None`` (show "not published", never 0).
    """
    return [
        _latest(ind, row) for _aid, ind, row in db.session.execute(_latest_stmt([area_id], codes))
    ]


def series(area_id: int, code: str) -> list[tuple[str, float | None, bool]]:
    """All periods of one indicator for the area: ``[(period, value or None, is_estimate)]``."""
    rows = db.session.execute(
        select(IndicatorValue.period, IndicatorValue.value, IndicatorValue.is_estimate)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(IndicatorValue.area_id == area_id, Indicator.code == code)
        .order_by(IndicatorValue.period)
    ).all()
    return [(p, v, bool(e)) for p, v, e in rows]


def value_for_area_or_ancestor(area: Area, code: str) -> tuple[float, str, str] | None:
    """The newest unsuppressed value of *code* for *area* or, failing that, its nearest ancestor.

    Returns ``(value, area name, period)`` or None. Used where a figure exists only for a larger
    unit (the MSS 2021 values are aggregated to districts).
    """
    chain = [area] + list(reversed(area.ancestors()))
    ids = [a.id for a in chain]
    rows = db.session.execute(
        select(IndicatorValue.area_id, IndicatorValue.value, IndicatorValue.period)
        .join(Indicator, Indicator.id == IndicatorValue.indicator_id)
        .where(
            Indicator.code == code,
            IndicatorValue.area_id.in_(ids),
            IndicatorValue.suppressed.is_(False),
        )
        .order_by(IndicatorValue.period.desc())
    ).all()
    best: dict[int, tuple[float, str]] = {}
    for area_id, value, period in rows:
        best.setdefault(area_id, (value, period))
    for a in chain:
        if a.id in best:
            return best[a.id][0], a.name, best[a.id][1]
    return None


def representation(process_id: int, area_id: int | None = None) -> list[RepresentationRow]:
    """The representation check: survey respondents by group beside the residents' shares.

    Covers the optional demographic answers of every survey of the process (contributions carry
    no demographics). With *area_id*, only respondents whose area lies in that area count and the
    resident share is that area's (or its nearest ancestor's). Without it, the process's first
    area is the reference. Counts below ``SUPPRESSION_K`` are suppressed; a suppressed count has
    no share. Returns one row per group of :data:`GROUPS`.
    """
    from participation.processes.models import Process
    from participation.surveys.models import ResponseArea, Survey, SurveyResponse

    k = current_app.config["SUPPRESSION_K"]
    columns = sorted({g.column for g in GROUPS})
    stmt = (
        select(*[getattr(SurveyResponse, c) for c in columns], func.count())
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(Survey.process_id == process_id)
        .group_by(*[getattr(SurveyResponse, c) for c in columns])
    )
    if area_id is not None:
        stmt = stmt.where(
            exists().where(
                ResponseArea.response_id == SurveyResponse.id, ResponseArea.area_id == area_id
            )
        )
    counts = db.session.execute(stmt).all()
    reference = db.session.get(Area, area_id) if area_id is not None else None
    if reference is None and area_id is None:
        process = db.session.get(Process, process_id)
        reference = process.areas[0] if process is not None and process.areas else None
    rows = []
    for group in GROUPS:
        index = columns.index(group.column)
        answered = sum(r[-1] for r in counts if r[index] is not None)
        in_group = sum(r[-1] for r in counts if r[index] in group.codes)
        resident = value_for_area_or_ancestor(reference, group.indicator) if reference else None
        respondents_cell, answered_cell = suppress(in_group, k), suppress(answered, k)
        raw_share = 100.0 * in_group / answered if answered else None
        shown_share = (
            raw_share if not (respondents_cell.suppressed or answered_cell.suppressed) else None
        )
        pop_share = resident[0] if resident else None
        warn = bool(
            pop_share
            and raw_share is not None
            and answered >= MIN_ANSWERS_FOR_WARNING
            and raw_share < UNDER_REPRESENTED_RATIO * pop_share
        )
        rows.append(
            RepresentationRow(
                key=group.key,
                label=str(group.label),
                respondents=respondents_cell,
                answered=answered_cell,
                share=shown_share,
                population_share=pop_share,
                population_area=resident[1] if resident else None,
                population_period=resident[2] if resident else None,
                under_represented=warn,
                note=str(group.note),
            )
        )
    return rows
