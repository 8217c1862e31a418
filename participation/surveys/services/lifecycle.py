"""The life of a survey: publish, close, and copy (the way to change a survey with answers)."""

from flask_babel import gettext as _

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.surveys.models import Question, QuestionOption, Survey, SurveySection


def publish_survey(survey: Survey, user) -> None:
    """Make the survey answerable (within its dates); needs at least one question."""
    if not survey.questions:
        raise ServiceError(_("Add at least one question before publishing."))
    if survey.process.status == "draft":
        raise ServiceError(_("Publish the process first: residents cannot see it yet."))
    survey.status = "published"
    survey.published_at = survey.published_at or utcnow()
    log_action("survey.publish", survey, user=user)


def close_survey(survey: Survey, user) -> None:
    """Stop taking answers now."""
    if survey.status != "published":
        raise ServiceError(_("Only a published survey can be closed."))
    survey.status = "closed"
    log_action("survey.close", survey, user=user)


def copy_survey(survey: Survey, user) -> Survey:
    """A draft copy with the same sections, questions, options and conditions, no answers."""
    copy = Survey(
        process=survey.process,
        title={lang: f"{text} ({_('copy')})" for lang, text in survey.title.items()},
        intro=dict(survey.intro),
        anonymous=survey.anonymous,
        mode=survey.mode,
        demographics=survey.demographics,
        suppression_k=survey.suppression_k,
        created_by_id=user.id,
        copied_from_id=survey.id,
        next_number=survey.next_number,
    )
    new_questions: dict[int, Question] = {}
    for section in survey.sections:
        new_section = SurveySection(
            position=section.position,
            title=dict(section.title),
            description=dict(section.description),
        )
        copy.sections.append(new_section)
        for q in section.questions:
            new_q = Question(
                code=q.code,
                position=q.position,
                type=q.type,
                text=dict(q.text),
                help=dict(q.help),
                required=q.required,
                settings=dict(q.settings),
                condition_value=q.condition_value,
                options=[
                    QuestionOption(code=o.code, position=o.position, label=dict(o.label))
                    for o in q.options
                ],
            )
            new_section.questions.append(new_q)
            copy.questions.append(new_q)
            new_questions[q.id] = new_q
    for q in survey.questions:
        if q.condition_question_id in new_questions:
            new_questions[q.id].condition_question = new_questions[q.condition_question_id]
    db.session.add(copy)
    db.session.flush()
    log_action("survey.copy", copy, user=user, source=survey.id)
    return copy
