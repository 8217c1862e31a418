"""Maintained answer counters: the results page reads them instead of recounting every answer.

Each response adds one to ``survey_answer_counts`` per (question, sample, channel, result key)
it answered with and one to ``survey_respondent_counts`` per question it answered — not in its
own transaction but in batches, by the fold (:mod:`participation.surveys.fold`): until then the
response is in the *uncounted tail* (``fold_batch IS NULL``), which :func:`snapshot` counts live
in the same statement as it reads the counters. A question type names the answer columns its
results group by (``counter_fields``: option, value, area, month); columns it does not use are
stored as 0 / "" so that every key is NOT NULL and the primary key can serve an upsert.

Filters the counter key can express (none, sample, channel, both) read a few hundred counter
rows. The same rows are kept per area of the respondent's chain (``survey_area_answer_counts``,
``survey_area_respondent_counts``), so the area filter reads counters too; the breakdowns still
count ``survey_answers`` live.
:func:`recount` rebuilds a survey's counters from its answers in SQL (bulk imports, checks).
"""

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import case, func, literal, literal_column, select, union_all

from participation.extensions import db
from participation.surveys.counter_models import AreaAnswerCount, AreaRespondentCount
from participation.surveys.models import (
    AnswerCount,
    RespondentCount,
    SurveyAnswer,
)


class Key(NamedTuple):
    """A counter's result key; unused parts are 0 / ""."""

    option: int
    value: float
    area: int
    month: str


KEY_COLUMNS = ("option_id", "value_num", "area_id", "value_key")
#: The ``counter_fields`` names of the key parts, in the order of :class:`Key`.
FIELDS = ("option", "value", "area", "month")


def answer_key(fields: tuple[str, ...], value) -> Key:
    """The counter key of one answer value (an ``AnswerValue``) for a type's *fields*."""
    return Key(
        (value.option_id or 0) if "option" in fields else 0,
        float(value.value_num or 0) if "value" in fields else 0.0,
        (value.area_id or 0) if "area" in fields else 0,
        (value.value_text or "")[:7] if "month" in fields else "",
    )


def _key_exprs(fields: tuple[str, ...], a=SurveyAnswer) -> list:
    """SQL expressions for :func:`answer_key` over ``survey_answers`` (for the recount)."""
    return [
        func.coalesce(a.option_id, 0) if "option" in fields else literal(0),
        func.coalesce(a.value_num, 0.0) if "value" in fields else literal(0.0),
        func.coalesce(a.area_id, 0) if "area" in fields else literal(0),
        func.coalesce(func.substr(a.value_text, 1, 7), "") if "month" in fields else literal(""),
    ]


#: Question type keys are identifiers (they are inlined into SQL).
_TYPE_KEY = re.compile(r"^[a-z_]+$")


def tail_key_exprs(a, q) -> list:
    """:func:`answer_key` in SQL for answers of any question type (columns *a*, questions *q*).

    ``CASE`` on the question's type: the fold and the tail count group the answers of every
    question of a survey in one statement (the recount goes question by question instead).
    """
    from participation.surveys.questions import QUESTION_TYPES

    def uses(name: str) -> list:
        # inlined, not bound: the same SQL text in SELECT and GROUP BY on every driver
        keys = sorted(k for k, kind in QUESTION_TYPES.items() if name in kind.counter_fields)
        return [literal_column(f"'{k}'") for k in keys if _TYPE_KEY.match(k)]

    zero, zero_num, empty = literal_column("0"), literal_column("0.0"), literal_column("''")
    parts = [
        (uses("option"), func.coalesce(a.option_id, zero), zero),
        (uses("value"), func.coalesce(a.value_num, zero_num), zero_num),
        (uses("area"), func.coalesce(a.area_id, zero), zero),
        (uses("month"), func.coalesce(func.substr(a.value_text, 1, 7), empty), empty),
    ]
    return [
        case((q.type.in_(types), expr), else_=none) if types else none
        for types, expr, none in parts
    ]


@dataclass
class Snapshot:
    """The counters of one survey under one filter, summed over the other sample/channel."""

    answers: dict[int, dict[Key, int]] = field(default_factory=dict)
    respondents: dict[int, int] = field(default_factory=dict)

    def grouped(
        self, question_id: int, group, *, per_respondent: bool = False
    ) -> tuple[dict[Any, tuple[int, float]], int]:
        """Like :func:`~participation.surveys.aggregates.grouped_counts`, from the counters.

        *group* maps a :class:`Key` to the result key, or to :data:`SKIP` for rows the live
        query would not select.
        """
        counts: dict[Any, int] = {}
        for key, n in self.answers.get(question_id, {}).items():
            g = group(key)
            if g is not SKIP:
                counts[g] = counts.get(g, 0) + n
        if not counts:
            return {}, 0
        base = self.respondents.get(question_id, 0) if per_respondent else sum(counts.values())
        return {g: (n, n * 100.0 / base if base else 0.0) for g, n in counts.items()}, base


#: Returned by a grouping function for counter rows that do not count.
SKIP = object()


def _tail(survey_id: int, sample, channel, area_id):
    """The uncounted responses' answers (with questions) and the filter's conditions on them."""
    from participation.surveys.models import Question, ResponseArea, SurveyResponse

    a, r, q = SurveyAnswer.__table__, SurveyResponse.__table__, Question.__table__
    joined = a.join(r, r.c.id == a.c.response_id)
    where = [r.c.survey_id == survey_id, r.c.fold_batch.is_(None)]
    if area_id:
        ra = ResponseArea.__table__
        joined = joined.join(ra, ra.c.response_id == r.c.id)
        where.append(ra.c.area_id == area_id)
    if sample:
        where.append(r.c.sample == sample)
    if channel:
        where.append(r.c.channel == channel)
    return a, q, joined, where


def snapshot(
    survey_id: int, sample: str | None, channel: str | None, area_id: int | None = None
) -> Snapshot:
    """Read the figures of *survey_id* for the filter: counters + the uncounted tail.

    ONE grouped statement for answers and respondents: the counter rows plus the live count
    of the responses not yet folded (``fold_batch IS NULL``, an index probe when there are
    none), so a fold committing meanwhile is seen in every part or in none. With *area_id*
    (respondents living in that area, any level) the per-area counters.
    """
    snap = Snapshot()
    ac, rc = (AreaAnswerCount, AreaRespondentCount) if area_id else (AnswerCount, RespondentCount)
    keys = [getattr(ac, c) for c in KEY_COLUMNS]
    answers, respondents = literal_column("0").label("kind"), literal_column("1").label("kind")
    # respondent rows carry an empty answer key (0 / 0.0 / 0 / "") to share the union's columns
    no_key = [literal_column("0"), literal_column("0.0"), literal_column("0"), literal_column("''")]
    stmt = select(ac.question_id, *keys, ac.n, answers).where(ac.survey_id == survey_id)
    resp = select(rc.question_id, *no_key, rc.n, respondents).where(rc.survey_id == survey_id)
    if area_id:
        stmt = stmt.where(ac.respondent_area_id == area_id)
        resp = resp.where(rc.respondent_area_id == area_id)
    if sample:
        stmt, resp = stmt.where(ac.sample == sample), resp.where(rc.sample == sample)
    if channel:
        stmt, resp = stmt.where(ac.channel == channel), resp.where(rc.channel == channel)
    a, q, joined, where = _tail(survey_id, sample, channel, area_id)
    tail_keys = tail_key_exprs(a.c, q.c)
    tail_answers = (
        select(a.c.question_id, *tail_keys, func.count(), answers)
        .select_from(joined.join(q, q.c.id == a.c.question_id))
        .where(*where)
        .group_by(a.c.question_id, *tail_keys)
    )
    tail_respondents = (
        select(a.c.question_id, *no_key, func.count(func.distinct(a.c.response_id)), respondents)
        .select_from(joined)
        .where(*where)
        .group_by(a.c.question_id)
    )
    both = union_all(stmt, tail_answers, resp, tail_respondents).subquery()
    cols = [both.c[c] for c in ("kind", "question_id", *KEY_COLUMNS)]
    summed = select(*cols, func.sum(both.c.n)).group_by(*cols)
    for kind, question_id, option, value, area, month, n in db.session.execute(summed):
        if int(kind):
            snap.respondents[question_id] = int(n)
        else:
            key = Key(option, float(value), area, month)
            snap.answers.setdefault(question_id, {})[key] = int(n)
    return snap


def by_option(key: Key):
    """Group by option; ``None`` is "other" (as ``option_id IS NULL`` in the live query)."""
    return key.option or None


def by_value(key: Key):
    """Group by the number or scale value."""
    return key.value


def by_area(key: Key):
    """Group by area; answers without an area are not counted (``area_id IS NOT NULL``)."""
    return key.area or SKIP


def by_month(key: Key):
    """Group by the month of a date answer."""
    return key.month or None


# The rebuilds live in their own module; part of this module's API.
from participation.surveys.recount import recount, recount_areas  # noqa: E402, F401
