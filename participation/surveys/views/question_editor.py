"""The question editor: type-specific settings, option rows, display condition.

"Add an option" and "change the type" are submit buttons that re-render the form, so the editor
works without JavaScript and nothing typed is lost.
"""

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from participation.areas.models import AreaLevel
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import int_arg, parse_int
from participation.extensions import db
from participation.surveys.forms import fill_texts, languages, question_form, texts_of
from participation.surveys.questions import QUESTION_TYPES
from participation.surveys.questions.base import number_text
from participation.surveys.questions.scalar import parse_number
from participation.surveys.services import builder as services

EMPTY_OPTION_ROWS = 3


def _initial(survey, question, type_key: str) -> dict:
    """Form data for a new question or from a stored one."""
    if question is None:
        section = int_arg("section")
        ids = [s.id for s in survey.sections]
        return {
            "type": type_key,
            "section_id": section if section in ids else ids[0],
            "options": [{}] * (EMPTY_OPTION_ROWS if QUESTION_TYPES[type_key].has_options else 0),
        }
    s = question.settings
    data = {
        "type": question.type,
        "section_id": question.section_id,
        "required": question.required,
        "condition": f"{question.condition_question_id}:{question.condition_value}"
        if question.condition_question_id
        else "",
        "options": [
            {"id": o.id, **{f"label_{lang}": o.label.get(lang, "") for lang in languages()}}
            for o in question.options
        ],
        "allow_other": s.get("allow_other", False),
        "max_choices": s.get("max_choices"),
        "integer": s.get("integer", False),
        "max_length": s.get("max_length"),
        "level": str(s.get("level") or ""),
        "within": s.get("within", "district"),
        "home": s.get("home", False),
    }
    if question.type == "scale":
        data.update(scale_min=str(s.get("min", 1)), scale_max=str(s.get("max", 5)))
    if question.type == "number":
        data.update(num_min=number_text(s.get("min")), num_max=number_text(s.get("max")))
    if question.type == "date":
        from datetime import date

        for key in ("min_date", "max_date"):
            data[key] = date.fromisoformat(s[key]) if s.get(key) else None
    return data


def _choices(form, survey, question) -> None:
    form.section_id.choices = [(s.id, s.title_text) for s in survey.sections]
    conditions = [("", _("always show it"))]
    for number, q in enumerate(survey.ordered_questions(), start=1):
        if q is question:
            break
        if q.kind.condition_source:
            text = q.text_value if len(q.text_value) <= 60 else q.text_value[:57] + "…"
            for value, label in q.kind.condition_choices(q):
                conditions.append((f"{q.id}:{value}", f"{number}. {text} → {label}"))
    form.condition.choices = conditions
    form.level.choices = [("", _("the lowest level"))] + [
        (str(lv.rank), lv.name)
        for lv in db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank))
    ]


def _settings(form, type_key: str) -> dict | None:
    """Settings from the form; None (with field errors) when a number cannot be read."""
    settings = {
        "allow_other": form.allow_other.data,
        "max_choices": form.max_choices.data,
        "integer": form.integer.data,
        "max_length": form.max_length.data,
        "min_date": form.min_date.data,
        "max_date": form.max_date.data,
        "level": form.level.data,
        "within": form.within.data,
        "home": form.home.data,
    }
    if type_key == "scale":
        settings.update(
            min=form.scale_min.data,
            max=form.scale_max.data,
            label_min=texts_of(form, "label_min"),
            label_max=texts_of(form, "label_max"),
        )
    if type_key == "number":
        for key, field in (("min", form.num_min), ("max", form.num_max)):
            if field.data:
                value = parse_number(field.data)
                if value is None:
                    field.errors = list(field.errors) + [_("Please enter a number.")]
                    return None
                settings[key] = value
    return settings


def _input(form, type_key: str, settings: dict) -> services.QuestionInput:
    condition_id, condition_value = None, None
    if form.condition.data and ":" in form.condition.data:
        left, condition_value = form.condition.data.split(":", 1)
        condition_id = parse_int(left)
    options = []
    for entry in form.options.entries:
        raw_id = entry.form.id.data
        options.append(
            services.OptionInput(
                parse_int(raw_id),
                texts_of(entry.form, "label"),
            )
        )
    return services.QuestionInput(
        type=type_key,
        text=texts_of(form, "text"),
        help=texts_of(form, "help"),
        section_id=form.section_id.data,
        required=form.required.data,
        settings=settings,
        options=options,
        condition_question_id=condition_id,
        condition_value=condition_value,
    )


def question_editor(survey, question):
    """GET: the form; POST: add a row, switch type, or save."""
    locked_type = question is not None and survey.locked
    type_key = request.values.get("type") or (question.type if question else "single")
    if locked_type or type_key not in QUESTION_TYPES:
        type_key = question.type if question else "single"
    if request.method == "GET":
        form = question_form(type_key, data=_initial(survey, question, type_key))
        if question is not None:
            for name in ("text", "help"):
                fill_texts(form, name, getattr(question, name))
            fill_texts(form, "label_min", question.settings.get("label_min"))
            fill_texts(form, "label_max", question.settings.get("label_max"))
    else:
        form = question_form(type_key)
        form.type.data = type_key
    _choices(form, survey, question)
    kind = QUESTION_TYPES[type_key]
    status = 200
    if request.method == "POST" and "add_option" in request.form:
        form.options.append_entry()
    elif request.method == "POST" and "change_type" in request.form:
        if kind.has_options and not form.options.entries:
            for _i in range(EMPTY_OPTION_ROWS):
                form.options.append_entry()
    elif form.validate_on_submit():
        settings = _settings(form, type_key)
        if settings is not None:
            try:
                saved = services.save_question(
                    survey, current_user, _input(form, type_key, settings), question
                )
            except ServiceError as exc:
                # the type's settings are several fields: their message goes to the top
                handle(ServiceError(exc.message) if exc.field == "settings" else exc, form)
            else:
                db.session.commit()
                flash(_("The question was saved."), "success")
                return redirect_after_post(
                    "surveys.builder", survey_id=survey.id, _anchor=f"question-{saved.id}"
                )
        status = 422
    elif request.method == "POST":
        status = 422
    return render(
        "surveys/manage/question.html",
        form=form,
        survey=survey,
        question=question,
        kind=kind,
        locked_type=locked_type,
        langs=languages(),
        status=status,
    )
