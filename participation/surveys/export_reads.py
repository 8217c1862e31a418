"""How the CSV export reads a batch's answers: per question (SQLite) or in one query (PostgreSQL).

Both give ``{question id: rows}`` for the responses ``first … final`` of a batch, each question's
rows ordered by response id and shaped as its type's column exporter wants them
(``(response_id, *export_fields)``, see :mod:`participation.surveys.questions.columns`).
``tests/surveys/test_export_readers.py`` checks that both write the same CSV.
"""

from itertools import groupby, repeat
from operator import itemgetter

from sqlalchemy import bindparam, func, literal_column, select

from participation.surveys.export_query import (
    ANSWER_COLUMNS,
    ANSWER_FIELDS,
    _answer_columns,
    _is,
    _Query,
)
from participation.surveys.models import ResponseArea, SurveyAnswer


class _PerQuestion:
    """The answers of a batch read with one ordered range query per question (SQLite).

    The index ``ix_survey_answers_question`` (question_id, response_id, option_id, value_num)
    gives each question's rows in response order (its option and value from the index), and
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


class _Arrays:
    """The answers of a batch as ONE row per question, each column an array (PostgreSQL).

    ``array_agg`` over the batch's answers read in response order (the index scan of
    :class:`_PerBatch`, a hash aggregate by question on top): PostgreSQL sends 20 rows of
    arrays instead of ~54,000 rows, psycopg loads each array in one C loop, and the worker has
    nothing to split — a question's rows are ``zip(response ids, *its fields)``, in C. 100,000
    responses: the worker's CPU for reading the answers 2.5 → 0.4 s, the database's wall time
    for them 2.7 → 1.8 s. The aggregate keeps its input's order (PostgreSQL's documented way:
    "supplying the input values from a sorted subquery", no join above it); :meth:`read`
    checks the response ids and sorts a question's rows if they ever come otherwise.
    """

    def __init__(self, questions, lo, hi):
        wanted = {f for q in questions for f in (q.kind.export_fields or ANSWER_FIELDS)}
        self.fields = fields = [f for f in BATCH_ORDER if f in wanted]
        inner = (
            select(
                SurveyAnswer.question_id,
                SurveyAnswer.response_id,
                *(getattr(SurveyAnswer, f) for f in fields),
            )
            .where(
                SurveyAnswer.question_id.in_([literal_column(str(int(q.id))) for q in questions]),
                SurveyAnswer.response_id.between(lo, hi),
            )
            .order_by(SurveyAnswer.response_id)
            .subquery("batch")
        )
        self.query = _Query(
            select(
                inner.c.question_id,
                func.array_agg(inner.c.response_id),
                *(_only(func.array_agg(inner.c[f]), inner, questions, f) for f in fields),
            ).group_by(inner.c.question_id)
        )
        # per question: positions in (response ids, *arrays) giving (response_id, *fields);
        # -1: the question id itself (a type that reads the full row)
        names = ["response_id", *fields]
        self.layouts = []
        for q in questions:
            wanted = (
                [c.key for c in ANSWER_COLUMNS]
                if q.kind.export_fields is None
                else ["response_id", *q.kind.export_fields]
            )
            self.layouts.append(
                (q.id, [-1 if w == "question_id" else names.index(w) for w in wanted])
            )

    def read(self, first: int, final: int) -> dict[int, list[tuple]]:
        """``{question id: rows}`` of the responses *first* … *final*, rows as the type wants."""
        arrays = {qid: columns for qid, *columns in self.query.rows(lo=first, hi=final)}
        out = {}
        for qid, layout in self.layouts:
            got = arrays.pop(qid, None)
            if got is None:
                out[qid] = []
                continue
            n = len(got[0])
            rows = list(zip(*(repeat(qid, n) if p < 0 else got[p] for p in layout), strict=True))
            if got[0] != sorted(got[0]):  # never seen; the exporters need response order
                rows.sort(key=itemgetter(0))
            out[qid] = rows
        return out


def _only(aggregate, inner, questions, field: str):
    """*aggregate* of *field* over the questions whose type reads it (``FILTER``), or all.

    The other questions get ``NULL`` instead of an array of ``NULL`` s (that the database would
    build and send and psycopg load): e.g. longitudes only for the map questions.
    """
    readers = [q.id for q in questions if field in (q.kind.export_fields or ANSWER_FIELDS)]
    if len(readers) == len(questions):
        return aggregate
    return aggregate.filter(inner.c.question_id.in_([literal_column(str(i)) for i in readers]))


#: How each dialect reads a batch's answers (others: one query per batch).
READERS = {"sqlite": _PerQuestion, "postgresql": _Arrays}


class _PlacesPerLevel:
    """The respondents' areas of a batch, one query per level (SQLite: cheap in-process).

    :meth:`read` gives ``{level rank: {response id: area id}}``, the dicts made by C code
    straight from the cursor's pairs.
    """

    def __init__(self, ranks, lo, hi):
        self.ranks = ranks
        self.query = _Query(
            select(ResponseArea.response_id, ResponseArea.area_id).where(
                ResponseArea.response_id.between(lo, hi),
                ResponseArea.level_rank == bindparam("rank"),
            )
        )

    def read(self, first: int, final: int) -> dict[int, dict[int, int]]:
        """``{level rank: {response id: area id}}`` of the responses *first* … *final*."""
        return {rank: dict(self.query.rows(lo=first, hi=final, rank=rank)) for rank in self.ranks}


class _PlacesArrays(_PlacesPerLevel):
    """The same in one query, one row of arrays per level (PostgreSQL).

    Four queries per batch had cost ~0.4 s of round trips and planning for 100,000 responses
    (2 s when the database's process waits for a CPU); both arrays of a level are built from
    the same rows in the same order, so they pair up.
    """

    def __init__(self, ranks, lo, hi):
        self.query = _Query(
            select(
                ResponseArea.level_rank,
                func.array_agg(ResponseArea.response_id),
                func.array_agg(ResponseArea.area_id),
            )
            .where(ResponseArea.response_id.between(lo, hi))
            .group_by(ResponseArea.level_rank)
        )

    def read(self, first: int, final: int) -> dict[int, dict[int, int]]:
        """``{level rank: {response id: area id}}`` of the responses *first* … *final*."""
        return {
            rank: dict(zip(responses, areas, strict=True))
            for rank, responses, areas in self.query.rows(lo=first, hi=final)
        }


#: How each dialect reads a batch's respondent areas (others: one query per level).
PLACES = {"postgresql": _PlacesArrays}
