"""Rebuilding the maintained counters from the stored answers (bulk imports, checks, tests).

``INSERT … SELECT … GROUP BY`` per question, with the same keys as
:func:`participation.surveys.counters.answer_key`. The counters hold exactly the *counted*
responses (``fold_batch`` set, see :mod:`participation.surveys.fold`): a recount first marks
every response of the survey counted, then counts the counted ones — a response committed
meanwhile stays in the tail and is folded later, never counted twice. The "who took part"
counters are rebuilt the same way (:func:`participation.surveys.turnout.rebuild`).
"""

from sqlalchemy import delete, distinct, func, insert, literal, select, update

from participation.extensions import db
from participation.surveys.counter_models import AreaAnswerCount, AreaRespondentCount
from participation.surveys.counters import FIELDS, KEY_COLUMNS, _key_exprs
from participation.surveys.models import (
    AnswerCount,
    Question,
    RespondentCount,
    Survey,
    SurveyAnswer,
    SurveyResponse,
)
from participation.surveys.response_models import ResponseArea


def recount(survey_id: int) -> None:
    """Rebuild the counters of a survey from ``survey_answers`` (``INSERT … SELECT … GROUP BY``)."""
    from participation.surveys.fold import lock_survey
    from participation.surveys.questions import get_type

    lock_survey(db.session.connection(), survey_id, wait=True)  # no fold meanwhile (PostgreSQL)
    db.session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.survey_id == survey_id, SurveyResponse.fold_batch.is_(None))
        .values(fold_batch=0)
        .execution_options(synchronize_session=False)
    )
    # every response is counted now: the counted-responses column is their number
    counted = (
        select(func.count())
        .where(SurveyResponse.survey_id == survey_id, SurveyResponse.fold_batch.is_not(None))
        .scalar_subquery()
    )
    db.session.execute(
        update(Survey)
        .where(Survey.id == survey_id)
        .values(counted_responses=counted)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(delete(AnswerCount).where(AnswerCount.survey_id == survey_id))
    db.session.execute(delete(RespondentCount).where(RespondentCount.survey_id == survey_id))
    r, a = SurveyResponse, SurveyAnswer
    questions = db.session.execute(
        select(Question.id, Question.type).where(Question.survey_id == survey_id)
    ).all()
    for question_id, type_key in questions:
        fields = get_type(type_key).counter_fields
        keys = _key_exprs(fields)
        # Constant key parts are not grouped by (PostgreSQL reads GROUP BY 0 as a position).
        grouping = [k for k, name in zip(keys, FIELDS, strict=True) if name in fields]
        stmt = (
            select(literal(survey_id), a.question_id, r.sample, r.channel, *keys, func.count())
            .join_from(a, r, r.id == a.response_id)
            .where(a.question_id == question_id, r.fold_batch.is_not(None))
            .group_by(a.question_id, r.sample, r.channel, *grouping)
        )
        db.session.execute(
            insert(AnswerCount).from_select(
                ["survey_id", "question_id", "sample", "channel", *KEY_COLUMNS, "n"], stmt
            )
        )
    respondents = (
        select(
            literal(survey_id),
            a.question_id,
            r.sample,
            r.channel,
            func.count(distinct(a.response_id)),
        )
        .join_from(a, r, r.id == a.response_id)
        .where(r.survey_id == survey_id, r.fold_batch.is_not(None))
        .group_by(a.question_id, r.sample, r.channel)
    )
    db.session.execute(
        insert(RespondentCount).from_select(
            ["survey_id", "question_id", "sample", "channel", "n"], respondents
        )
    )
    recount_areas(db.session, survey_id)
    from participation.surveys import turnout

    turnout.rebuild(db.session, survey_id)  # who took part (survey_turnout_counts)


def recount_areas(connection, survey_id: int | None = None) -> None:
    """Rebuild the per-area counters of one survey (or of all) from the counted responses.

    *connection* is a session or a connection (the migration that creates the tables fills them
    with this on its own connection). ``INSERT … SELECT … GROUP BY`` per question.
    """
    from participation.surveys.questions import get_type

    aac, arc = AreaAnswerCount.__table__, AreaRespondentCount.__table__
    r, a, ra = SurveyResponse.__table__, SurveyAnswer.__table__, ResponseArea.__table__
    q = Question.__table__
    for table in (aac, arc):
        stmt = delete(table)
        connection.execute(
            stmt if survey_id is None else stmt.where(table.c.survey_id == survey_id)
        )
    questions = select(q.c.id, q.c.type, q.c.survey_id)
    if survey_id is not None:
        questions = questions.where(q.c.survey_id == survey_id)
    for question_id, type_key, owner in connection.execute(questions).all():
        fields = get_type(type_key).counter_fields
        keys = _key_exprs(fields, a.c)
        grouping = [k for k, name in zip(keys, FIELDS, strict=True) if name in fields]
        stmt = (
            select(
                literal(owner),
                ra.c.area_id,
                a.c.question_id,
                r.c.sample,
                r.c.channel,
                *keys,
                func.count(),
            )
            .select_from(a.join(r, r.c.id == a.c.response_id).join(ra, ra.c.response_id == r.c.id))
            .where(a.c.question_id == question_id, r.c.fold_batch.is_not(None))
            .group_by(ra.c.area_id, a.c.question_id, r.c.sample, r.c.channel, *grouping)
        )
        connection.execute(
            insert(aac).from_select(
                [
                    "survey_id",
                    "respondent_area_id",
                    "question_id",
                    "sample",
                    "channel",
                    *KEY_COLUMNS,
                    "n",
                ],
                stmt,
            )
        )
        respondents = (
            select(
                literal(owner), ra.c.area_id, a.c.question_id, r.c.sample, r.c.channel,
                func.count(distinct(a.c.response_id)),
            )
            .select_from(a.join(r, r.c.id == a.c.response_id).join(ra, ra.c.response_id == r.c.id))
            .where(a.c.question_id == question_id, r.c.fold_batch.is_not(None))
            .group_by(ra.c.area_id, a.c.question_id, r.c.sample, r.c.channel)
        )  # fmt: skip
        connection.execute(
            insert(arc).from_select(
                ["survey_id", "respondent_area_id", "question_id", "sample", "channel", "n"],
                respondents,
            )
        )
