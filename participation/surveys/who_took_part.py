"""Who took part: the results page's tables by channel, by area of one level and by each
demographic question, counted from one grouped scan of the responses where the filter allows.
"""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from participation.areas.models import AreaLevel
from participation.core.suppression import Cell
from participation.extensions import db
from participation.surveys import demographics
from participation.surveys.aggregates import ResultFilter, build_rows
from participation.surveys.models import CHANNELS, ResponseArea, Survey, SurveyResponse
from participation.surveys.questions.place import area_names


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


def response_groups(survey: Survey, area_id: int | None = None) -> list[tuple]:
    """Responses of *survey* counted per sample, channel and demographic answers: one scan.

    Rows ``(sample, channel, *demographics, n)`` (no demographic columns when the survey asks
    none); with *area_id* only the responses located in that area (any level). The results
    page adds its sample counts, total, "by channel" and demographic tables up from them
    instead of a query each.
    """
    return response_groups_and_tail(survey, area_id)[0]


def response_groups_and_tail(survey: Survey, area_id: int | None = None) -> tuple[list, int]:
    """:func:`response_groups` and, from the same scan, how many responses are not yet folded
    into the answer counters (``fold_batch IS NULL``, see ``surveys/fold.py``)."""
    cols = [SurveyResponse.sample, SurveyResponse.channel]
    if survey.demographics:
        cols += [getattr(SurveyResponse, c) for c in demographics.FIELDS]
    uncounted = func.sum(case((SurveyResponse.fold_batch.is_(None), 1), else_=0))
    stmt = select(*cols, func.count(), uncounted).where(SurveyResponse.survey_id == survey.id)
    if area_id:
        stmt = stmt.join(ResponseArea, ResponseArea.response_id == SurveyResponse.id).where(
            ResponseArea.area_id == area_id, ResponseArea.survey_id == survey.id
        )
    rows, tail = [], 0
    for *row, tail_n in db.session.execute(stmt.group_by(*cols)):
        rows.append(tuple(row))
        tail += int(tail_n or 0)
    return rows, tail


def participation_tables(
    survey: Survey,
    flt: ResultFilter,
    k: int,
    level: int | None,
    groups: list[tuple] | None = None,
    level_names: dict[int, str] | None = None,
) -> list:
    """Who took part: by channel, by area of one level, by each demographic question.

    *groups*: :func:`response_groups` rows of exactly the responses that count; without them
    the tables are counted in SQL.
    """
    responses = flt.responses()

    def counted(stmt):
        # The filter's conditions directly (no IN over every response id): the index
        # (survey_id, sample, channel) selects the rows.
        return stmt.where(*flt.conditions())

    if groups is None:
        by_channel = dict(
            db.session.execute(
                counted(select(SurveyResponse.channel, func.count())).group_by(
                    SurveyResponse.channel
                )
            ).all()
        )
    else:
        by_channel = {}
        for _sample, channel, *_rest, n in groups:
            by_channel[channel] = by_channel.get(channel, 0) + n
    total = sum(by_channel.values())
    labels = {c: str(label) for c, label in CHANNELS.items()}
    tables = [_one_dim("channel", _("By channel"), by_channel, labels, total, k)]
    if level is not None:
        stmt = select(ResponseArea.area_id, func.count()).where(
            ResponseArea.survey_id == survey.id, ResponseArea.level_rank == level
        )
        if flt.is_filtered:
            stmt = stmt.where(ResponseArea.response_id.in_(responses))
        by_area = dict(db.session.execute(stmt.group_by(ResponseArea.area_id)).all())
        level_name = (level_names if level_names is not None else dict(levels())).get(level, "")
        tables.append(
            _one_dim(
                "area",
                _("By area (%(level)s)", level=level_name),
                by_area,
                area_names(by_area),
                total,
                k,
            )
        )
    if survey.demographics:
        # One scan for all four questions; the margins are added up from the combinations.
        cols = [getattr(SurveyResponse, c) for c in demographics.FIELDS]
        margins: list[dict] = [{} for _c in cols]
        rows = (
            db.session.execute(counted(select(*cols, func.count())).group_by(*cols))
            if groups is None
            else (g[2:] for g in groups)
        )
        for *values, n in rows:
            for margin, value in zip(margins, values, strict=True):
                margin[value] = margin.get(value, 0) + n
        for margin, (column, (question, choices)) in zip(
            margins, demographics.FIELDS.items(), strict=True
        ):
            labels = {code: str(label) for code, label in choices.items()}
            tables.append(_one_dim(column, str(question), margin, labels, total, k))
    return tables
