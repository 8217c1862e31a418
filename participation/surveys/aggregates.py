"""SQL building blocks for results: response filters, grouped counts, suppressed result rows.

Every count is a ``GROUP BY`` in the database; Python only receives one row per group. When the
filter carries maintained counters (:mod:`~participation.surveys.counters`), the same groups are
summed from those instead, and both paths share :func:`build_rows` for suppression. Numbers
leave this module as :class:`~participation.core.suppression.Cell` objects, so a page cannot
print an unsuppressed small count by accident.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, distinct, func, select

from participation.core.suppression import Cell, suppress, suppress_distribution
from participation.extensions import db
from participation.surveys.models import ResponseArea, SurveyAnswer, SurveyResponse


@dataclass(frozen=True)
class ResultFilter:
    """Which responses of a survey a result counts; ``sample=None`` means both, explicitly."""

    survey_id: int
    sample: str | None = None
    channel: str | None = None
    area_id: int | None = None
    #: Maintained counters for this filter (a ``counters.Snapshot``), when the key expresses it.
    counters: Any = field(default=None, compare=False, repr=False)

    @property
    def is_filtered(self) -> bool:
        """True when not every response of the survey counts."""
        return bool(self.sample or self.channel or self.area_id)

    def conditions(self) -> list:
        """Conditions on ``survey_responses`` that select the responses that count."""
        conditions = [SurveyResponse.survey_id == self.survey_id]
        if self.sample:
            conditions.append(SurveyResponse.sample == self.sample)
        if self.channel:
            conditions.append(SurveyResponse.channel == self.channel)
        if self.area_id:
            conditions.append(
                SurveyResponse.id.in_(
                    select(ResponseArea.response_id).where(ResponseArea.area_id == self.area_id)
                )
            )
        return conditions

    def responses(self) -> Select:
        """Select the ids of the responses that count."""
        return select(SurveyResponse.id).where(*self.conditions())

    def apply(self, stmt: Select) -> Select:
        """Restrict a select over ``survey_answers`` to the counted responses."""
        if not self.is_filtered:
            return stmt  # answers are selected by question, which belongs to this survey
        return stmt.where(SurveyAnswer.response_id.in_(self.responses()))


@dataclass
class ResultRow:
    """One bar of a chart / one row of its table."""

    key: str
    label: str
    cell: Cell
    #: Percentage of the respondents of the question; None when it could reveal a hidden cell.
    pct: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class QuestionResult:
    """Everything the results page shows for one question."""

    question: Any
    #: ``bars`` (chart + table), ``numeric`` (statistics, maybe bars), ``text`` (count + list).
    display: str
    answered: Cell
    rows: list[ResultRow] = field(default_factory=list)
    #: Extra figures as ``(label, text)``, e.g. mean and median.
    stats: list[tuple[str, str]] = field(default_factory=list)
    #: The rows are mutually exclusive (they add up to ``answered``).
    additive: bool = True
    note: str = ""


def grouped_counts(
    question_id: int,
    flt: ResultFilter,
    key,
    *,
    per_respondent: bool = False,
    where=(),
    counter=None,
) -> tuple[dict[Any, tuple[int, float]], int]:
    """``({key: (count, percent)}, base)`` for the question's answers grouped by *key*.

    Percentages are computed in SQL: of all answer rows (mutually exclusive answers) or, with
    *per_respondent*, of the respondents who answered (multiple choice: they add up to > 100).
    *base* is the number the percentages refer to; it comes with the same statement.
    *counter* is the same grouping over a counter key (see :mod:`~participation.surveys.counters`);
    with it and counters in the filter, nothing is counted in ``survey_answers``.
    """
    if counter is not None and flt.counters is not None:
        return flt.counters.grouped(question_id, counter, per_respondent=per_respondent)
    conditions = [SurveyAnswer.question_id == question_id, *where]
    if per_respondent:
        base = flt.apply(
            select(func.count(distinct(SurveyAnswer.response_id))).where(
                SurveyAnswer.question_id == question_id
            )
        ).scalar_subquery()
    else:
        base = func.sum(func.count()).over()
    pct = func.count() * 100.0 / func.nullif(base, 0)
    stmt = flt.apply(select(key, func.count(), pct, base).where(*conditions)).group_by(key)
    counts, total = {}, 0
    for k, n, p, b in db.session.execute(stmt):
        counts[k] = (n, float(p or 0))
        total = int(b or 0)
    return counts, total


def respondents(question_id: int, flt: ResultFilter) -> int:
    """How many of the counted responses answered the question."""
    if flt.counters is not None:
        return flt.counters.respondents.get(question_id, 0)
    stmt = flt.apply(
        select(func.count(distinct(SurveyAnswer.response_id))).where(
            SurveyAnswer.question_id == question_id
        )
    )
    return db.session.scalar(stmt) or 0


def summary_from_counts(
    counts: dict[Any, tuple[int, float]],
) -> tuple[int, float | None, float | None]:
    """``(count, mean, median)`` from value counts that SQL grouped already."""
    items = sorted((float(v), n) for v, (n, _p) in counts.items() if v is not None)
    n = sum(c for _v, c in items)
    if not n:
        return 0, None, None
    mean = sum(v * c for v, c in items) / n

    def nth(position: int) -> float:
        seen = 0
        for value, count in items:
            seen += count
            if seen > position:
                return value
        return items[-1][0]

    median = (nth((n - 1) // 2) + nth(n // 2)) / 2
    return n, mean, median


def numeric_summary(question_id: int, flt: ResultFilter) -> tuple[int, float | None, float | None]:
    """``(count, mean, median)`` of the question's numeric answers, all in SQL."""
    conditions = [SurveyAnswer.question_id == question_id, SurveyAnswer.value_num.is_not(None)]
    n, mean = db.session.execute(
        flt.apply(select(func.count(), func.avg(SurveyAnswer.value_num)).where(*conditions))
    ).one()
    if not n:
        return 0, None, None
    ordered = flt.apply(select(SurveyAnswer.value_num).where(*conditions)).order_by(
        SurveyAnswer.value_num
    )
    # Median by offset on the index (question_id, option_id, value_num): no rows reach Python.
    middle = db.session.scalars(ordered.limit(2 - n % 2).offset((n - 1) // 2)).all()
    return n, float(mean), sum(middle) / len(middle)


def build_rows(
    items: list[tuple[str, str, int, float]], answered: int, k: int, *, additive: bool
) -> tuple[list[ResultRow], Cell]:
    """Suppress *items* ``(key, label, count, pct)``; returns the rows and the answered cell.

    Mutually exclusive answers form one distribution with a published total, so complementary
    suppression applies; overlapping answers (multiple choice) are suppressed cell by cell.
    """
    counts = [n for _, _, n, _ in items]
    if additive:
        cells, total = suppress_distribution(counts, k)
        if not items:
            total = suppress(answered, k)
    else:
        cells, total = [suppress(n, k) for n in counts], suppress(answered, k)
    rows = []
    for (key, label, _, pct), cell in zip(items, cells, strict=True):
        visible = not cell.suppressed and not total.suppressed
        rows.append(ResultRow(key, label, cell, round(pct, 1) if visible else None))
    return rows, total
