"""CSV export (one row per response, stable column codes) and its codebook.

Rows are produced in batches of responses by id (keyset pagination), so memory stays flat however
many responses there are. Anonymous surveys export nothing that identifies a person: no response
id, time, invitation, interviewer or self-described gender.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter

from flask_babel import gettext as _
from sqlalchemy import select

from participation.accounts.models import User
from participation.areas.models import Area, AreaLevel
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
    """Option and area codes by id (areas of every version: old answers keep old areas)."""
    option_codes = {o.id: o.code for q in survey.questions for o in q.options}
    area_codes = dict(db.session.execute(select(Area.id, Area.code)).all())
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
    return dict(db.session.execute(select(User.id, User.name)).all())


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


def _fetch(stmt) -> list[tuple]:
    """Run a select of plain numbers/texts on the DBAPI cursor: several times faster than result
    rows for the hundreds of thousands of answer rows of an export. Only integers are bound, and
    they are rendered by SQLAlchemy's own literal renderer for the current dialect."""
    connection = db.session.connection()
    sql = str(stmt.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def _by_response(rows: list[tuple]) -> dict[int, Sequence[tuple]]:
    """Answer rows of one question, ordered by response, as ``{response id: rows}``.

    Most questions have one row per response: then the dict is built by C code alone
    (``dict(zip(...))``); several rows per response (multiple choice, ranking) are grouped.
    """
    single = dict(zip(map(_first, rows), zip(rows), strict=True))
    if len(single) == len(rows):
        return single
    return {key: list(group) for key, group in groupby(rows, _first)}


_first = itemgetter(0)


RESPONSE_COLUMNS = (
    SurveyResponse.id,
    SurveyResponse.created_at,
    SurveyResponse.channel,
    SurveyResponse.sample,
    SurveyResponse.interviewer_id,
    SurveyResponse.entered_by_id,
    SurveyResponse.gender_text,
    *(getattr(SurveyResponse, field) for field in demographics.COLUMNS),
)


def response_rows(survey: Survey, ctx: ExportContext) -> Iterator[list[str]]:
    """Yield the header, then one row per response, reading responses in batches."""
    cols = columns(survey, ctx)
    codes = [c.code for c, _q, _t in cols]
    yield codes
    identified = not survey.anonymous
    names = _user_names() if identified else {}
    ranks = [(rank, f"AREA_{key.upper()}") for rank, key, _name in _levels()]
    # Each type's row function is built once; the loop below runs for every response.
    exporters = [(q.id, q.kind.exporter(q, ctx)) for q in survey.ordered_questions()]
    meta_codes = [c for c, (_col, question, _t) in zip(codes, cols, strict=True) if not question]
    demo_codes = list(demographics.COLUMNS.values())
    area_codes = ctx.area_codes
    last_id, row_number = 0, 0
    while True:
        batch = db.session.execute(
            select(*RESPONSE_COLUMNS, Invitation.code, Invitation.label)
            .outerjoin(Invitation, Invitation.id == SurveyResponse.invitation_id)
            .where(SurveyResponse.survey_id == survey.id, SurveyResponse.id > last_id)
            .order_by(SurveyResponse.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        ids = [r[0] for r in batch]
        # One ordered range query per question (index on question_id, response_id): the answers
        # arrive grouped, so the grouping is done in C (see _by_response) instead of a Python
        # step per answer, which was most of the export's time at 100,000 responses. The rows
        # stay the plain tuples of the cursor: the exporters index them (questions.base.OPTION …).
        given = [
            _by_response(
                _fetch(
                    select(*ANSWER_COLUMNS)
                    .where(
                        SurveyAnswer.question_id == question_id,
                        SurveyAnswer.response_id.between(ids[0], ids[-1]),
                    )
                    .order_by(SurveyAnswer.response_id)
                )
            )
            for question_id, _run in exporters
        ]
        runs = [(run, answers.get) for (_q, run), answers in zip(exporters, given, strict=True)]
        areas: dict[int, dict[int, int]] = defaultdict(dict)
        for response_id, rank, area_id in _fetch(
            select(ResponseArea.response_id, ResponseArea.level_rank, ResponseArea.area_id).where(
                ResponseArea.response_id.between(ids[0], ids[-1])
            )
        ):
            areas[response_id][rank] = area_id
        for rid, created, channel, sample, interviewer, entered, gender_text, *rest in batch:
            demo, (code, note) = rest[:-2], rest[-2:]
            row_number += 1
            values: dict[str, str] = {"CHANNEL": channel, "SAMPLE": sample}
            if identified:
                values.update(
                    RESPONSE_ID=str(rid),
                    CREATED_AT=created.isoformat(),
                    INVITATION_CODE=code or "",
                    INVITATION_NOTE=note or "",
                    INTERVIEWER=names.get(interviewer, ""),
                    ENTERED_BY=names.get(entered, ""),
                    D_GENDER_TEXT=gender_text or "",
                )
            else:
                values["ROW"] = str(row_number)
            where = areas.get(rid, {})
            for rank, column in ranks:
                values[column] = area_codes.get(where.get(rank), "")
            for column, value in zip(demo_codes, demo, strict=True):
                values[column] = value or ""
            row = [values.get(c, "") for c in meta_codes]
            for run, answers_of in runs:
                row += run(answers_of(rid, ()))
            yield row
        last_id = ids[-1]


def codebook_rows(survey: Survey, ctx: ExportContext) -> Iterator[list[str]]:
    """Codebook: one row per column, followed by one row per value code of that column."""
    yield ["column", "question", "text", "type", "value", "value_label"]
    for column, question_code, type_key in columns(survey, ctx):
        yield [column.code, question_code, column.label, type_key, "", ""]
        for value, label in column.values:
            yield [column.code, question_code, "", "", value, label]
