"""CSV export (one row per response, stable column codes) and its codebook.

Rows are produced in batches of responses by id (keyset pagination), so memory stays flat however
many responses there are. Anonymous surveys export nothing that identifies a person: no response
id, time, invitation, interviewer or self-described gender.
"""

import gc
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from participation.accounts.models import User
from participation.areas.models import Area, AreaLevel
from participation.core.csvexport import defuse, defuse_cells
from participation.extensions import db
from participation.surveys import demographics
from participation.surveys.export_fetch import ahead, in_turn
from participation.surveys.export_query import (  # noqa: F401 (ANSWER_COLUMNS: the tests)
    ANSWER_COLUMNS,
    _is,
    _Query,
)
from participation.surveys.export_reads import PLACES, READERS, _PerBatch, _PlacesPerLevel
from participation.surveys.models import (
    CHANNELS,
    SAMPLES,
    Invitation,
    Survey,
    SurveyResponse,
)
from participation.surveys.questions.base import Column, ExportContext

BATCH = 2000
#: Dialects whose batches are fetched one ahead in a thread (:func:`.export_fetch.ahead`). Not
#: SQLite: its driver releases the GIL for every row it steps to, and each time waits for the
#: formatting thread to give it back (100,000 responses, A/B in one process at load 6: 7.1–10.3 s
#: wall in a thread, 4.6–7.8 s in turn).
AHEAD = {"postgresql"}


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


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off for the block (back on after, if it was on).

    An export allocates millions of short-lived tuples; each 700 of them start a collection, and
    the older generations are traversed with the whole app in them: a fifth of the export's CPU
    (100,000 responses, SQLite: 5.36 → 4.35 CPU s; PostgreSQL reader 10.4 → 8.3). Nothing the
    export makes is a cycle — refcounting frees it all. The collector is per process, so in a
    threaded worker other requests collect no cycles for the export's few seconds either.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def response_rows(survey: Survey, ctx: ExportContext, reader=None) -> Iterator[Sequence]:
    """Yield the header, then one row per response, built column by column per batch.

    Every cell is ready for a spreadsheet (send with ``csv_response(..., defused=True)``): texts
    pass :func:`~participation.core.csvexport.defuse_cells`, code lookups were defused once in
    :func:`export_context`, numbers need nothing (the contract of
    :mod:`participation.surveys.questions.columns`). *reader*: a class of
    :mod:`~participation.surveys.export_reads` instead of the dialect's choice
    (:data:`~participation.surveys.export_reads.READERS`; the tests compare both).
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
    dialect = db.session.connection().dialect.name
    if reader is None:
        reader = READERS.get(dialect, _PerBatch)
    answers = reader(survey.ordered_questions(), lo, hi)
    places = PLACES.get(dialect, _PlacesPerLevel)([rank for rank, _c in ranks], lo, hi)

    def fetch(last: int):
        """Everything the batch after response *last* needs from the database, or ``None``."""
        batch = responses.rows(last=last)
        if not batch:
            return None
        first, final = batch[0][0], batch[-1][0]
        return final, batch, places.read(first, final), answers.read(first, final)

    row_number = 0
    with _collector_paused():  # see there: a fifth of the CPU
        fetched = ahead(fetch) if dialect in AHEAD else in_turn(fetch)
        with closing(fetched) as batches:  # closed when the download stops: the thread ends
            for _final, batch, wheres, read in batches:
                n = len(batch)
                # the response's own columns, each a list over the batch
                (
                    ids,
                    created,
                    channel,
                    sample,
                    interviewer,
                    entered,
                    gender_text,
                    code,
                    note,
                    *demo,
                ) = (list(column) for column in zip(*batch, strict=True))
                del batch
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
                    where = wheres.get(rank, {})
                    meta[column] = list(map(area_codes.get, map(where.get, ids)))
                for column, values in zip(demographics.COLUMNS.values(), demo, strict=True):
                    meta[column] = defuse_cells(values)
                blank = [None] * n
                table = [meta.get(c, blank) for c in meta_codes]
                for question_id, build in builders:
                    table += build(ids, read.pop(question_id))
                yield from zip(*table, strict=True)


def codebook_rows(survey: Survey, ctx: ExportContext) -> Iterator[list[str]]:
    """Codebook: one row per column, followed by one row per value code of that column."""
    yield ["column", "question", "text", "type", "value", "value_label"]
    for column, question_code, type_key in columns(survey, ctx):
        yield [column.code, question_code, column.label, type_key, "", ""]
        for value, label in column.values:
            yield [column.code, question_code, "", "", value, label]
