"""CSV export (one row per response, stable column codes) and its codebook.

Rows are produced in batches of responses by id (keyset pagination), so memory stays flat however
many responses there are. Anonymous surveys export nothing that identifies a person: no response
id, time, invitation, interviewer or self-described gender.
"""

from collections.abc import Iterator, Sequence
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, literal_column, select

from participation.accounts.models import User
from participation.areas.models import Area, AreaLevel
from participation.core.csvexport import defuse, defuse_cells
from participation.extensions import db
from participation.surveys import demographics
from participation.surveys.models import (
    CHANNELS,
    SAMPLES,
    Invitation,
    ResponseArea,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from participation.surveys.questions.base import Column, ExportContext

BATCH = 2000


def export_context(survey: Survey) -> ExportContext:
    """Option and area codes by id (areas of every version: old answers keep old areas).

    Both are defused here, once: the column functions copy them into cells unchecked.
    """
    option_codes = {o.id: defuse(o.code) for q in survey.questions for o in q.options}
    area_codes = {i: defuse(c) for i, c in db.session.execute(select(Area.id, Area.code))}
    return ExportContext(survey=survey, option_codes=option_codes, area_codes=area_codes)


def _levels() -> list[tuple[int, str, str]]:
    return [
        (lv.rank, lv.key, lv.name)
        for lv in db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank))
    ]


def columns(survey: Survey, ctx: ExportContext) -> list[tuple[Column, str, str]]:
    """Every column as ``(Column, question code, type)`` in CSV order."""
    identified = not survey.anonymous
    cols: list[tuple[Column, str, str]] = []
    if identified:
        cols += [
            (Column("RESPONSE_ID", _("Response number")), "", "meta"),
            (Column("CREATED_AT", _("Time of the answer (UTC, ISO 8601)")), "", "meta"),
            (Column("INVITATION_CODE", _("Invitation code")), "", "meta"),
            (Column("INVITATION_NOTE", _("Note of the invitation")), "", "meta"),
            (Column("INTERVIEWER", _("Interviewer")), "", "meta"),
            (Column("ENTERED_BY", _("Typed in by")), "", "meta"),
        ]
    else:
        cols.append((Column("ROW", _("Row number (not linked to anything else)")), "", "meta"))
    cols.append(
        (Column("CHANNEL", _("Channel"), [(c, str(v)) for c, v in CHANNELS.items()]), "", "meta")
    )
    cols.append(
        (Column("SAMPLE", _("Sample"), [(c, str(v)) for c, v in SAMPLES.items()]), "", "meta")
    )
    for _rank, key, name in _levels():
        label = _("Respondent's area: %(level)s (official code)", level=name)
        cols.append((Column(f"AREA_{key.upper()}", label), "", "meta"))
    if survey.demographics:
        for field, (question, choices) in demographics.FIELDS.items():
            values = [(c, str(v)) for c, v in choices.items()]
            cols.append(
                (Column(demographics.COLUMNS[field], str(question), values), "", "demographic")
            )
            if field == "gender" and identified:
                cols.append(
                    (Column("D_GENDER_TEXT", _("Gender, self-described")), "", "demographic")
                )
    for question in survey.ordered_questions():
        for column in question.kind.columns(question, ctx):
            cols.append((column, question.code, question.type))
    return cols


def _user_names() -> dict[int, str]:
    """Staff names by id, defused once (they fill the INTERVIEWER / ENTERED_BY cells)."""
    return {uid: defuse(name) for uid, name in db.session.execute(select(User.id, User.name))}


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


def _is(column, value: int):
    """``column = <value>`` with the integer written into the SQL, not bound.

    psycopg prepares a statement run five times, and PostgreSQL may then use one generic plan
    for any parameters. With the question as a parameter, 100,000 responses took 30 s of wall
    time for 5 s of worker CPU on PostgreSQL (the suspected cause: a generic plan over the
    ``response_id`` index, i.e. every answer of the batch for each question). One statement per
    question lets the planner see which question it reads.
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
    with literal values) had cost a tenth of the export.
    """

    def __init__(self, stmt):
        connection = db.session.connection()
        self.compiled = stmt.compile(dialect=connection.dialect)
        self.sql = str(self.compiled)

    def rows(self, **values) -> list[tuple]:
        """The rows for the bound *values*."""
        params = self.compiled.construct_params(values)
        if self.compiled.positiontup is not None:
            params = tuple(params[name] for name in self.compiled.positiontup)
        cursor = db.session.connection().connection.cursor()
        try:
            cursor.execute(self.sql, params)
            return cursor.fetchall()
        finally:
            cursor.close()


RESPONSE_COLUMNS = (
    SurveyResponse.id,
    SurveyResponse.created_at,
    SurveyResponse.channel,
    SurveyResponse.sample,
    SurveyResponse.interviewer_id,
    SurveyResponse.entered_by_id,
    SurveyResponse.gender_text,
    Invitation.code,
    Invitation.label,
    *(getattr(SurveyResponse, field) for field in demographics.COLUMNS),
)


def _iso(value) -> str | None:
    """A stored time as ISO 8601 (the DBAPI gives SQLite's text or a datetime)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.isoformat()


def response_rows(survey: Survey, ctx: ExportContext) -> Iterator[Sequence]:
    """Yield the header, then one row per response, built column by column per batch.

    Every cell is ready for a spreadsheet (send with ``csv_response(..., defused=True)``): texts
    pass :func:`~participation.core.csvexport.defuse_cells`, code lookups were defused once in
    :func:`export_context`, numbers need nothing (the contract of
    :mod:`participation.surveys.questions.columns`).
    """
    cols = columns(survey, ctx)
    codes = [c.code for c, _q, _t in cols]
    yield defuse_cells(codes)
    identified = not survey.anonymous
    names = _user_names() if identified else {}
    ranks = [(rank, f"AREA_{key.upper()}") for rank, key, _name in _levels()]
    # Each type's column function is built once; it runs once per question and batch.
    builders = [(q.id, q.kind.column_exporter(q, ctx)) for q in survey.ordered_questions()]
    meta_codes = [c for c, (_col, question, _t) in zip(codes, cols, strict=True) if not question]
    area_codes = ctx.area_codes
    lo, hi, last = bindparam("lo"), bindparam("hi"), bindparam("last")
    responses = _Query(
        select(*RESPONSE_COLUMNS)
        .outerjoin(Invitation, Invitation.id == SurveyResponse.invitation_id)
        .where(_is(SurveyResponse.survey_id, survey.id), SurveyResponse.id > last)
        .order_by(SurveyResponse.id)
        .limit(BATCH)
    )
    # One ordered range query per question (index on question_id, response_id): the answers
    # arrive grouped by response, as the column functions want them.
    # Only the columns a type reads (export_fields): the fetch is most of the export's time.
    answers = {
        q.id: _Query(
            select(*_answer_columns(q.kind.export_fields))
            .where(_is(SurveyAnswer.question_id, q.id), SurveyAnswer.response_id.between(lo, hi))
            .order_by(SurveyAnswer.response_id)
        )
        for q in survey.ordered_questions()
    }
    # one query per level: {response: area} straight from the cursor's pairs, no loop per row
    places = _Query(
        select(ResponseArea.response_id, ResponseArea.area_id).where(
            ResponseArea.response_id.between(lo, hi), ResponseArea.level_rank == bindparam("rank")
        )
    )
    last_id, row_number = 0, 0
    while True:
        batch = responses.rows(last=last_id)
        if not batch:
            return
        n = len(batch)
        ids = [r[0] for r in batch]
        first, final = ids[0], ids[-1]
        # the response's own columns, each a list over the batch
        (_ids, created, channel, sample, interviewer, entered, gender_text, code, note, *demo) = (
            list(column) for column in zip(*batch, strict=True)
        )
        meta: dict[str, list] = {
            "CHANNEL": defuse_cells(channel),
            "SAMPLE": defuse_cells(sample),
        }
        if identified:
            meta.update(
                RESPONSE_ID=ids,
                CREATED_AT=[_iso(c) for c in created],
                INVITATION_CODE=defuse_cells(code),
                INVITATION_NOTE=defuse_cells(note),
                INTERVIEWER=list(map(names.get, interviewer)),
                ENTERED_BY=list(map(names.get, entered)),
                D_GENDER_TEXT=defuse_cells(gender_text),
            )
        else:
            meta["ROW"] = list(range(row_number + 1, row_number + n + 1))
        row_number += n
        for rank, column in ranks:
            where = dict(places.rows(lo=first, hi=final, rank=rank))
            meta[column] = list(map(area_codes.get, map(where.get, ids)))
        for column, values in zip(demographics.COLUMNS.values(), demo, strict=True):
            meta[column] = defuse_cells(values)
        blank = [None] * n
        table = [meta.get(c, blank) for c in meta_codes]
        for question_id, build in builders:
            table += build(ids, answers[question_id].rows(lo=first, hi=final))
        yield from zip(*table, strict=True)
        last_id = final


def codebook_rows(survey: Survey, ctx: ExportContext) -> Iterator[list[str]]:
    """Codebook: one row per column, followed by one row per value code of that column."""
    yield ["column", "question", "text", "type", "value", "value_label"]
    for column, question_code, type_key in columns(survey, ctx):
        yield [column.code, question_code, column.label, type_key, "", ""]
        for value, label in column.values:
            yield [column.code, question_code, "", "", value, label]
