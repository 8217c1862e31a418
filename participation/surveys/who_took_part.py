"""Who took part: the results page's tables by channel, by area of one level and by each
demographic question, from the maintained "who took part" counters plus the uncounted tail
(:mod:`participation.surveys.turnout`, one statement), with the same small-number suppression
as counted live (:func:`participation_tables` without counters: one SQL count per table).
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.areas.models import AreaLevel
from participation.core.suppression import Cell
from participation.extensions import db
from participation.surveys import demographics
from participation.surveys.aggregates import ResultFilter, build_rows
from participation.surveys.models import CHANNELS, ResponseArea, Survey, SurveyResponse
from participation.surveys.questions.area_lists import area_names
from participation.surveys.turnout import Turnout


@dataclass
class Table:
    """A suppressed one-dimensional table (who took part by channel, area, age …)."""

    key: str
    title: str
    rows: list
    total: Cell


def levels() -> list[tuple[int, str]]:
    """``[(rank, name)]`` of the area levels."""
    return [
        (lv.rank, lv.name) for lv in db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank))
    ]


def _one_dim(key: str, title: str, counts: dict, labels: dict, total: int, k: int) -> Table:
    items = [(str(code), labels.get(code, str(code)), n, 0.0) for code, n in counts.items() if code]
    if key in demographics.FIELDS:  # age bands etc. in their own order ("under 18" first)
        order = {str(code): pos for pos, code in enumerate(labels)}
        items.sort(key=lambda i: order.get(i[0], len(order)))
    else:
        items.sort(key=lambda i: str(i[1]))
    unknown = total - sum(n for _, _, n, _ in items)
    if unknown:
        items.append(("", _("not known / no answer"), unknown, 0.0))
    items = [(c, label, n, n * 100.0 / total if total else 0.0) for c, label, n, _ in items]
    rows, cell = build_rows(items, total, k, additive=True)
    return Table(key, title, rows, cell)


def participation_tables(
    survey: Survey,
    flt: ResultFilter,
    k: int,
    level: int | None,
    counted: Turnout | None = None,
    level_names: dict[int, str] | None = None,
) -> list:
    """Who took part: by channel, by area of one level, by each demographic question.

    *counted*: :func:`participation.surveys.turnout.read` for the filter's area and *level*
    (the maintained counters + the uncounted tail); without it every table is counted live in
    SQL (the reference the counters are tested against).
    """
    if counted is None:
        return _counted_live(survey, flt, k, level, level_names)
    sample, channel = flt.sample, flt.channel
    by_channel = counted.by("total", sample, channel)
    total = sum(by_channel.values())
    labels = {c: str(label) for c, label in CHANNELS.items()}
    tables = [_one_dim("channel", _("By channel"), by_channel, labels, total, k)]
    if level is not None:
        by_area = counted.by("area", sample, channel)
        names = {i: counted.names[i] for i in by_area if i in counted.names}
        tables.append(_area_table(by_area, names, level, level_names, total, k))
    if survey.demographics:
        for column, (question, choices) in demographics.FIELDS.items():
            labels = {code: str(label) for code, label in choices.items()}
            margin = counted.by(column, sample, channel)
            tables.append(_one_dim(column, str(question), margin, labels, total, k))
    return tables


def _area_table(by_area: dict, names: dict, level: int, level_names, total: int, k: int) -> Table:
    level_name = (level_names if level_names is not None else dict(levels())).get(level, "")
    title = _("By area (%(level)s)", level=level_name)
    return _one_dim("area", title, by_area, names, total, k)


def _counted_live(survey: Survey, flt: ResultFilter, k: int, level, level_names) -> list:
    """The tables counted in SQL from the responses, one query each (no counters)."""

    def counted(stmt):
        # The filter's conditions directly (no IN over every response id): the index
        # (survey_id, sample, channel) selects the rows.
        return stmt.where(*flt.conditions())

    by_channel = dict(
        db.session.execute(
            counted(select(SurveyResponse.channel, func.count())).group_by(SurveyResponse.channel)
        ).all()
    )
    total = sum(by_channel.values())
    labels = {c: str(label) for c, label in CHANNELS.items()}
    tables = [_one_dim("channel", _("By channel"), by_channel, labels, total, k)]
    if level is not None:
        stmt = select(ResponseArea.area_id, func.count()).where(
            ResponseArea.survey_id == survey.id, ResponseArea.level_rank == level
        )
        if flt.is_filtered:
            stmt = stmt.where(ResponseArea.response_id.in_(flt.responses()))
        by_area = dict(db.session.execute(stmt.group_by(ResponseArea.area_id)).all())
        tables.append(_area_table(by_area, area_names(by_area), level, level_names, total, k))
    if survey.demographics:
        for column, (question, choices) in demographics.FIELDS.items():
            col = getattr(SurveyResponse, column)
            margin = dict(
                db.session.execute(counted(select(col, func.count())).group_by(col)).all()
            )
            labels = {code: str(label) for code, label in choices.items()}
            tables.append(_one_dim(column, str(question), margin, labels, total, k))
    return tables
