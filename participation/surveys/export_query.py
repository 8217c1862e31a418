"""The export's columns of an answer and its query runner (a select compiled once, run per batch).

Shared by the readers of :mod:`participation.surveys.export_reads` and the response pages of
:mod:`participation.surveys.export`.
"""

from sqlalchemy import literal_column

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
        # the DBAPI connection of the session's transaction, kept: :meth:`rows` may run in the
        # export's fetch thread (``export_fetch.ahead``), where there is no app context
        self.connection = connection.connection

    def rows(self, **values) -> list[tuple]:
        """The rows for the bound *values*."""
        params = self.compiled.construct_params(values)
        if self.compiled.positiontup is not None:
            params = tuple(params[name] for name in self.compiled.positiontup)
        cursor = self.connection.cursor(**self.options)
        try:
            cursor.execute(self.sql, params)
            return cursor.fetchall()
        finally:
            cursor.close()
