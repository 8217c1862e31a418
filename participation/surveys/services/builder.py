"""Building surveys: texts, settings, sections, questions and options, publish, close, copy.

Once a survey has answers, questions cannot be removed, change their type or lose options: the
answers would lose their meaning. Planners make a copy instead (:func:`copy_survey`).
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete

from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.core.params import parse_int
from participation.extensions import db
from participation.surveys.models import (
    MODES,
    Question,
    QuestionOption,
    Survey,
    SurveyAnswer,
    SurveySection,
)
from participation.surveys.questions import QUESTION_TYPES

K_RANGE = (3, 50)


def clean_texts(texts: dict[str, str] | None) -> dict[str, str]:
    """Strip translations and drop empty ones."""
    return {lang: value.strip() for lang, value in (texts or {}).items() if (value or "").strip()}


def _locked_message() -> str:
    return _(
        "This survey already has answers. Removing questions or options, or changing a "
        "question's type, would change what the answers mean. Make a copy of the survey instead."
    )


def create_survey(process, user, title: dict, intro: dict | None = None) -> Survey:
    """Create a draft survey of *process* with one empty section."""
    title = clean_texts(title)
    if not title.get("de"):
        raise ServiceError(_("Please give the survey a German title."), "title_de")
    survey = Survey(process=process, title=title, intro=clean_texts(intro), created_by_id=user.id)
    survey.sections.append(SurveySection(position=0, title={"de": "Fragen", "en": "Questions"}))
    db.session.add(survey)
    db.session.flush()
    log_action("survey.create", survey, user=user, process_id=process.id)
    return survey


def update_texts(survey: Survey, user, title: dict, intro: dict) -> None:
    """Change the title and the introduction."""
    title = clean_texts(title)
    if not title.get("de"):
        raise ServiceError(_("Please give the survey a German title."), "title_de")
    survey.title, survey.intro = title, clean_texts(intro)
    log_action("survey.texts", survey, user=user)


def update_settings(
    survey: Survey,
    user,
    *,
    opens_at: datetime | None,
    closes_at: datetime | None,
    anonymous: bool,
    mode: str,
    demographics: bool,
    suppression_k: int | None,
    results_public: bool,
) -> None:
    """Dates, anonymity, access mode, demographics, threshold, public results."""
    if mode not in MODES:
        raise ServiceError(_("Please choose how people get access."), "mode")
    if opens_at and closes_at and closes_at <= opens_at:
        raise ServiceError(_("The survey must close after it opens."), "closes_at")
    if survey.locked and anonymous != survey.anonymous:
        raise ServiceError(
            _("People answered under the promise given at the start, so this cannot change now."),
            "anonymous",
        )
    if survey.locked and mode != survey.mode:
        raise ServiceError(
            _("The access mode cannot change once there are answers: make a copy instead."),
            "mode",
        )
    if suppression_k is not None and not K_RANGE[0] <= suppression_k <= K_RANGE[1]:
        raise ServiceError(
            _("The threshold must be between %(a)s and %(b)s.", a=K_RANGE[0], b=K_RANGE[1]),
            "suppression_k",
        )
    survey.opens_at, survey.closes_at = opens_at, closes_at
    survey.anonymous, survey.mode, survey.demographics = anonymous, mode, demographics
    survey.suppression_k, survey.results_public = suppression_k, results_public
    log_action("survey.settings", survey, user=user, mode=mode, anonymous=anonymous)


def save_section(survey: Survey, user, title: dict, description: dict, section=None):
    """Add a section at the end, or change one."""
    title = clean_texts(title)
    if not title.get("de"):
        raise ServiceError(_("Please give the section a German title."), "title_de")
    if section is None:
        section = SurveySection(position=len(survey.sections))
        survey.sections.append(section)
    section.title, section.description = title, clean_texts(description)
    db.session.flush()
    log_action("survey.section", survey, user=user, section_id=section.id)
    return section


def delete_section(section: SurveySection, user) -> None:
    """Remove a section (not the last one; not one with questions once answers exist)."""
    survey = section.survey
    if len(survey.sections) == 1:
        raise ServiceError(_("A survey needs at least one section."))
    if section.questions and survey.locked:
        raise ServiceError(_locked_message())
    for question in list(section.questions):
        _detach_conditions(survey, question)
        survey.questions.remove(question)
    survey.sections.remove(section)
    _renumber(survey.sections)
    log_action("survey.section_delete", survey, user=user)


@dataclass
class OptionInput:
    """One option row from the builder: existing option id (or None) and labels."""

    id: int | None
    label: dict[str, str]


@dataclass
class QuestionInput:
    """Everything the question form submits."""

    type: str
    text: dict[str, str]
    section_id: int
    help: dict[str, str] = field(default_factory=dict)
    required: bool = False
    settings: dict = field(default_factory=dict)
    options: list[OptionInput] = field(default_factory=list)
    condition_question_id: int | None = None
    condition_value: str | None = None


def save_question(survey: Survey, user, data: QuestionInput, question: Question | None = None):
    """Add or change a question; checks type, settings, options and the display condition."""
    kind = QUESTION_TYPES.get(data.type)
    if kind is None:
        raise ServiceError(_("Please choose a question type."), "type")
    if question is not None and question.type != data.type and survey.locked:
        raise ServiceError(_locked_message(), "type")
    text = clean_texts(data.text)
    if not text.get("de"):
        raise ServiceError(_("Please write the question in German."), "text_de")
    section = next((s for s in survey.sections if s.id == data.section_id), None)
    if section is None:
        raise ServiceError(_("Please choose a section."), "section_id")
    try:
        settings = kind.clean_settings(data.settings)
    except (ValueError, TypeError) as exc:
        message = str(exc) or _("Please check the settings.")
        raise ServiceError(message, "settings") from exc
    if question is not None and survey.locked:
        for key in kind.locked_settings:  # e.g. a scale's range: stored values would not fit
            if settings.get(key) != question.settings.get(key, settings.get(key)):
                raise ServiceError(_locked_message(), "settings")
    with db.session.no_autoflush:
        if question is None:
            question = Question(
                survey=survey,
                section=section,
                code=f"Q{survey.next_number:02d}",
                position=len(section.questions),
            )
            db.session.add(question)  # backrefs do not cascade into the session (SQLAlchemy 2)
            survey.next_number += 1
        elif question.section_id != section.id:
            question.section = section
            question.position = len(section.questions)
        question.type, question.text, question.help = data.type, text, clean_texts(data.help)
        question.required, question.settings = data.required, settings
        _save_options(survey, question, kind, data.options)
    db.session.flush()  # positions and ids settle before the condition is checked
    _save_condition(survey, question, data)
    db.session.flush()
    log_action("survey.question", survey, user=user, question=question.code, type=data.type)
    return question


def _save_options(survey: Survey, question: Question, kind, rows: list[OptionInput]) -> None:
    if not kind.has_options:
        if question.options and survey.locked:
            raise ServiceError(_locked_message(), "type")
        _drop_option_answers([o.id for o in question.options if o.id is not None])
        question.options = []
        return
    rows = [r for r in rows if clean_texts(r.label).get("de")]
    existing = {o.id: o for o in question.options}
    kept_ids = {r.id for r in rows if r.id in existing}
    if survey.locked and set(existing) - kept_ids:
        raise ServiceError(_locked_message(), "options")
    _drop_option_answers(set(existing) - kept_ids)
    if len(rows) < getattr(kind, "min_options", 2):
        raise ServiceError(_("Please give at least two answer options in German."), "options")
    codes = [n for n in (parse_int(o.code) for o in question.options) if n is not None]
    next_code = max(codes, default=0) + 1
    ordered = []
    for position, row in enumerate(rows):
        option = existing.get(row.id)
        if option is None:
            option = QuestionOption(code=str(next_code))
            next_code += 1
        option.label, option.position = clean_texts(row.label), position
        ordered.append(option)
    question.options = ordered


def _save_condition(survey: Survey, question: Question, data: QuestionInput) -> None:
    if not data.condition_question_id:
        question.condition_question_id = question.condition_value = None
        question.condition_question = None
        return
    order = [q for q in survey.ordered_questions()]
    source = next((q for q in order if q.id == data.condition_question_id), None)
    if source is None or source is question or order.index(source) > order.index(question):
        raise ServiceError(_("A question can only depend on an earlier question."), "condition")
    values = [v for v, _label in source.kind.condition_choices(source)]
    if not source.kind.condition_source or data.condition_value not in values:
        raise ServiceError(_("Please choose an answer of the earlier question."), "condition")
    question.condition_question = source
    question.condition_value = data.condition_value


def _detach_conditions(survey: Survey, removed: Question) -> None:
    for q in survey.questions:
        if q.condition_question_id == removed.id or q.condition_question is removed:
            q.condition_question, q.condition_value = None, None


def _drop_answers(condition) -> None:
    """Delete the answers a removed question or option leaves behind (what a cascade did).

    Only a survey without answers gets here, so this normally deletes nothing: it covers a
    response stored between the planner's page load and this removal. ``survey_answers`` has
    no foreign key to questions and options (migration 0025: each one was checked per inserted
    row, locking the parent row every concurrent response shares).
    """
    db.session.execute(
        delete(SurveyAnswer).where(condition), execution_options={"synchronize_session": False}
    )


def _drop_option_answers(option_ids) -> None:
    """:func:`_drop_answers` of removed options (no statement when none was removed)."""
    if option_ids:
        _drop_answers(SurveyAnswer.option_id.in_(list(option_ids)))


def _renumber(items) -> None:
    for position, item in enumerate(sorted(items, key=lambda i: i.position)):
        item.position = position


def delete_question(question: Question, user) -> None:
    """Remove a question; refused once the survey has answers (explained, copy offered)."""
    survey = question.survey
    if survey.locked:
        raise ServiceError(_locked_message())
    _detach_conditions(survey, question)
    _drop_answers(SurveyAnswer.question_id == question.id)
    section = question.section
    section.questions.remove(question)
    survey.questions.remove(question)
    _renumber(section.questions)
    log_action("survey.question_delete", survey, user=user, question=question.code)


def move(item, siblings, direction: str) -> None:
    """Move a question or section one place up or down among *siblings*."""
    ordered = sorted(siblings, key=lambda i: i.position)
    index = ordered.index(item)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, entry in enumerate(ordered):
            entry.position = position
    survey = item.survey
    # A condition must keep pointing backwards; moving a question above its source breaks it.
    order = survey.ordered_questions()
    for q in order:
        source = q.condition_question
        if source is not None and order.index(source) > order.index(q):
            raise ServiceError(_("A question can only depend on an earlier question."))


# Publishing, closing and copying live in ``lifecycle``; re-exported for the callers of builder.
from participation.surveys.services.lifecycle import (  # noqa: E402, F401
    close_survey,
    copy_survey,
    publish_survey,
)
