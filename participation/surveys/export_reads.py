"""How the CSV export reads a batch's answers: per question (SQLite) or in one query (PostgreSQL).

Both give ``{question id: rows}`` for the responses ``first … final`` of a batch, each question's
rows ordered by response id and shaped as its type's column exporter wants them
(``(response_id, *export_fields)``, see :mod:`participation.surveys.questions.columns`).
``tests/surveys/test_export_readers.py`` checks that both write the same CSV.
"""

from itertools import groupby
from operator import itemgetter

from sqlalchemy import literal_column, select

from participation.extensions import db
from participation.surveys.models import SurveyAnswer

#: In the order of the positions in ``questions.base`` (OPTION = 2 … AREA = 7).
ANSWER_COLUMNS = (
    SurveyAnswer.response_id,
    SurveyAnswer.question_id,
    SurveyAnswer.option_id,
    SurveyAnswer.value_num,
    SurveyAnswer.value_text,
    SurveyAnswer.lon,
    SurveyAnswer.lat,
    SurveyAnswer.area_id,
)
#: The value columns (all but the two ids), as named in ``export_fields``.
ANSWER_FIELDS = tuple(c.key for c in ANSWER_COLUMNS[2:])


def _is(column, value: int):
    """``column = <value>`` with the integer written into the SQL, not bound.

    One statement per question lets the planner see which question it reads (psycopg prepares
    a statement run five times; PostgreSQL may then keep one generic plan for all of them).
    """
    return column == literal_column(str(int(value)))


def _answer_columns(fields: tuple[str, ...] | None) -> tuple:
    """``response_id`` and the *fields* a column exporter reads (all of them for ``None``)."""
    if fields is None:
        return ANSWER_COLUMNS
    return (SurveyAnswer.response_id, *(getattr(SurveyAnswer, f) for f in fields))


class _Query:
    """A select compiled once for the current dialect, run on the DBAPI cursor per batch.

    Plain numbers and texts come back as the driver's tuples: several times faster than result
    rows for the millions of answer rows of a big export. Compiling per batch (the statement
    with literal values) had cost a tenth of the export. psycopg's cursor asks for *binary*
    results: PostgreSQL then formats no numbers as text and psycopg parses none (one batch's
    answers, 20 batches: 5.1 s wall / 0.38 CPU s in the worker instead of 7.6 s / 0.54).
    """

    def __init__(self, stmt):
        connection = db.session.connection()
        self.compiled = stmt.compile(dialect=connection.dialect)
        self.sql = str(self.compiled)
        self.options = {"binary": True} if connection.dialect.driver == "psycopg" else {}

    def rows(self, **values) -> list[tuple]:
        """The rows for the bound *values*."""
        params = self.compiled.construct_params(values)
        if self.compiled.positiontup is not None:
            params = tuple(params[name] for name in self.compiled.positiontup)
        cursor = db.session.connection().connection.cursor(**self.options)
        try:
            cursor.execute(self.sql, params)
            return cursor.fetchall()
        finally:
            cursor.close()


class _PerQuestion:
    """The answers of a batch read with one ordered range query per question (SQLite).

    The index ``(question_id, response_id)`` gives each question's rows in response order, and
    each query fetches only the columns its type reads (``export_fields``): on SQLite, where
    every fetched cell is a Python object made by the driver in this process, that is the
    cheapest read: 100,000 responses, rows stored response by response, 4.35 CPU s for the
    whole export against 8.27 with :class:`_PerBatch` (same process and run, load ~20).
    """

    def __init__(self, questions, lo, hi):
        self.queries = [
            (
                q.id,
                _Query(
                    select(*_answer_columns(q.kind.export_fields))
                    .where(
                        _is(SurveyAnswer.question_id, q.id),
                        SurveyAnswer.response_id.between(lo, hi),
                    )
                    .order_by(SurveyAnswer.response_id)
                ),
            )
            for q in questions
        ]

    def read(self, first: int, final: int) -> dict[int, list[tuple]]:
        """``{question id: rows}`` of the responses *first* … *final*, rows as the type wants."""
        return {qid: query.rows(lo=first, hi=final) for qid, query in self.queries}


#: Column order of the one-query read: the choice types' fields (``option_id, value_text``,
#: over half of all answer rows) come first, so their rows need no cut (see :func:`_cut`).
BATCH_ORDER = ("option_id", "value_text", "value_num", "lon", "lat", "area_id")
#: ``question_id``: the last column of the one-query read.
last_of = itemgetter(-1)


class _PerBatch:
    """The answers of a batch read with ONE query ordered by response (PostgreSQL).

    Per question, PostgreSQL's planner reads a response range through the ``response_id`` index
    and *filters* the question (EXPLAIN ANALYZE, 100,000 responses: 2,000 rows kept, 51,686
    removed per query), i.e. each batch's answers 20 times over for 20 questions: 14 s of 18 s
    wall were the worker waiting. This reads each answer once (one index scan of the batch's
    responses: 430 buffer hits, 16 ms for 53,742 rows, where 20 queries took 20 × 18 ms). The
    rows are split here, in C: a stable sort by question (each question's rows stay in response
    order), ``groupby``, and per question an ``itemgetter`` that cuts the row to
    ``(response_id, *export_fields)`` — unless those are already its first columns (the extra
    columns after them are left on: column exporters read by position).
    """

    def __init__(self, questions, lo, hi):
        wanted = {f for q in questions for f in (q.kind.export_fields or ANSWER_FIELDS)}
        fields = [f for f in BATCH_ORDER if f in wanted]
        names = ["response_id", *fields, "question_id"]
        self.query = _Query(
            select(*(getattr(SurveyAnswer, name) for name in names))
            .where(
                SurveyAnswer.question_id.in_([literal_column(str(int(q.id))) for q in questions]),
                SurveyAnswer.response_id.between(lo, hi),
            )
            .order_by(SurveyAnswer.response_id)
        )
        self.cuts = [(q.id, _cut(names, q.kind.export_fields)) for q in questions]

    def read(self, first: int, final: int) -> dict[int, list[tuple]]:
        """``{question id: rows}`` of the responses *first* … *final*, rows as the type wants."""
        rows = self.query.rows(lo=first, hi=final)
        rows.sort(key=last_of)
        groups = {qid: list(group) for qid, group in groupby(rows, last_of)}
        del rows
        out = {}
        for qid, cut in self.cuts:
            got = groups.pop(qid, [])
            out[qid] = got if cut is None else list(map(cut, got))
        return out


def _cut(names: list[str], fields: tuple[str, ...] | None):
    """The ``itemgetter`` that makes a row of *names* start ``(response_id, *fields)``.

    ``None`` (no cut) when the row already does; a type that reads the full row
    (``export_fields = None``) gets it in :data:`ANSWER_COLUMNS` order.
    """
    wanted = [c.key for c in ANSWER_COLUMNS[1:]] if fields is None else list(fields)
    if names[1 : 1 + len(wanted)] == wanted:
        return None
    return itemgetter(0, *(names.index(f) for f in wanted))


#: How each dialect reads a batch's answers (others: one query per batch).
READERS = {"sqlite": _PerQuestion, "postgresql": _PerBatch}
