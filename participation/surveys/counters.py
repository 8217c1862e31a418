"""Maintained answer counters: the results page reads them instead of recounting every answer.

Each stored response adds, in the same transaction, one to
``survey_answer_counts`` per (question, sample, channel, result key) it answered with and one to
``survey_respondent_counts`` per question it answered. A question type names the answer columns
its results group by (``counter_fields``: option, value, area, month); columns it does not use are
stored as 0 / "" so that every key is NOT NULL and the primary key can serve an upsert.

Filters the counter key can express (none, sample, channel, both) read a few hundred counter
rows. The same rows are kept per area of the respondent's chain (``survey_area_answer_counts``,
``survey_area_respondent_counts``), so the area filter reads counters too; the breakdowns still
count ``survey_answers`` live.
:func:`recount` rebuilds a survey's counters from its answers in SQL (bulk imports, checks).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import func, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from participation.extensions import db
from participation.surveys.models import (
    AnswerCount,
    RespondentCount,
    SurveyAnswer,
)
from participation.surveys.response_models import (
    AreaAnswerCount,
    AreaRespondentCount,
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


#: (table, dialect) → the upsert statement: building ``excluded`` costs more than running it.
_UPSERTS: dict[tuple[str, str], Any] = {}


def _upsert_stmt(table, keys: list[str]):
    """``INSERT … ON CONFLICT (keys) DO UPDATE SET n = n + excluded.n``, built once per dialect."""
    dialect = db.session.get_bind().dialect.name
    stmt = _UPSERTS.get((table.name, dialect))
    if stmt is None:
        module = postgresql if dialect == "postgresql" else sqlite
        stmt = module.insert(table)
        stmt = stmt.on_conflict_do_update(
            index_elements=keys, set_={"n": table.c.n + stmt.excluded.n}
        )
        _UPSERTS[(table.name, dialect)] = stmt
    return stmt


def _upsert(table, rows: list[dict], keys: list[str]) -> None:
    """The counter UPSERT for *rows* as one executemany."""
    db.session.execute(_upsert_stmt(table, keys), rows)


def counter_rows(
    survey, sample: str, channel: str, parsed: dict[int, Any], areas: Iterable[int] = ()
) -> list[tuple[Any, list[dict], list[str]]]:
    """The counter rows one response adds: ``[(table, rows, key columns)]`` (no writes).

    Worked out before the response's transaction writes anything (``store_response``): on
    SQLite the write lock is then held for the statements only. Rows are in key order, so that
    concurrent transactions lock the counter rows in the same order (no deadlocks on PostgreSQL).
    """
    kinds = {q.id: q.kind for q in survey.questions}
    answers: Counter = Counter()
    answered = []
    for question_id, result in parsed.items():
        if not result.values or question_id not in kinds:
            continue
        answered.append(question_id)
        fields = kinds[question_id].counter_fields
        for value in result.values:
            answers[(question_id, answer_key(fields, value))] += 1
    if not answered:
        return []
    base = {"survey_id": survey.id, "sample": sample, "channel": channel}
    keyed = [
        ({"question_id": qid, **dict(zip(KEY_COLUMNS, key, strict=True))}, n)
        for (qid, key), n in sorted(answers.items())
    ]
    answered.sort()
    out = [
        (
            AnswerCount.__table__,
            [{**base, **key, "n": n} for key, n in keyed],
            ["question_id", "sample", "channel", *KEY_COLUMNS],
        ),
        (
            RespondentCount.__table__,
            [{**base, "question_id": qid, "n": 1} for qid in answered],
            ["question_id", "sample", "channel"],
        ),
    ]
    areas = sorted(set(areas))
    if areas:
        out += [
            (
                AreaAnswerCount.__table__,
                [
                    {**base, "respondent_area_id": area, **key, "n": n}
                    for area in areas
                    for key, n in keyed
                ],
                ["respondent_area_id", "question_id", "sample", "channel", *KEY_COLUMNS],
            ),
            (
                AreaRespondentCount.__table__,
                [
                    {**base, "respondent_area_id": area, "question_id": qid, "n": 1}
                    for area in areas
                    for qid in answered
                ],
                ["respondent_area_id", "question_id", "sample", "channel"],
            ),
        ]
    return out


def write_counter_rows(rows: list[tuple[Any, list[dict], list[str]]]) -> None:
    """Add :func:`counter_rows` to the counters: one UPSERT executemany per table.

    The rows go to the driver as they are (``surveys/bulk.py``): the caller bumps the content
    versions (``surveys`` and the survey's responses).
    """
    from participation.surveys.bulk import executemany

    for table, table_rows, keys in rows:
        executemany(_upsert_stmt(table, keys), table_rows)


def record_response(
    survey, sample: str, channel: str, parsed: dict[int, Any], areas: Iterable[int] = ()
) -> None:
    """Add one response's answers (``{question id: Parsed}``) to the counters of *survey*.

    *areas* are the ids of the respondent's area chain (every level): the per-area counters of
    each get the same rows.
    """
    for table, rows, keys in counter_rows(survey, sample, channel, parsed, areas):
        _upsert(table, rows, keys)


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


def snapshot(
    survey_id: int, sample: str | None, channel: str | None, area_id: int | None = None
) -> Snapshot:
    """Read the counters of *survey_id* for the filter (two small grouped queries).

    With *area_id* (respondents living in that area, any level) the per-area counters.
    """
    snap = Snapshot()
    ac, rc = (AreaAnswerCount, AreaRespondentCount) if area_id else (AnswerCount, RespondentCount)
    stmt = select(ac.question_id, *[getattr(ac, c) for c in KEY_COLUMNS], func.sum(ac.n)).where(
        ac.survey_id == survey_id
    )
    resp = select(rc.question_id, func.sum(rc.n)).where(rc.survey_id == survey_id)
    if area_id:
        stmt = stmt.where(ac.respondent_area_id == area_id)
        resp = resp.where(rc.respondent_area_id == area_id)
    if sample:
        stmt, resp = stmt.where(ac.sample == sample), resp.where(rc.sample == sample)
    if channel:
        stmt, resp = stmt.where(ac.channel == channel), resp.where(rc.channel == channel)
    group = [ac.question_id, *[getattr(ac, c) for c in KEY_COLUMNS]]
    for question_id, option, value, area, month, n in db.session.execute(stmt.group_by(*group)):
        snap.answers.setdefault(question_id, {})[Key(option, value, area, month)] = int(n)
    snap.respondents = {
        qid: int(n) for qid, n in db.session.execute(resp.group_by(rc.question_id)).all()
    }
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
