"""The survey builder: texts, settings, sections and questions; publish, close, copy.

Moving and deleting questions swap only the outline for htmx requests; everything works as plain
forms without JavaScript.
"""

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from participation.core.errors import ServiceError, handle
from participation.core.htmx import is_partial_request, redirect_after_post, render
from participation.core.permissions import require
from participation.extensions import db
from participation.processes.models import Process
from participation.surveys import translations
from participation.surveys.forms import (
    SettingsForm,
    fill_texts,
    section_form,
    survey_texts_form,
    texts_of,
    to_berlin,
    to_utc,
)
from participation.surveys.models import Survey
from participation.surveys.questions import QUESTION_TYPES
from participation.surveys.services import builder as services
from participation.surveys.views import bp
from participation.surveys.views.common import load, load_child
from participation.surveys.views.question_editor import question_editor


def outline_or_redirect(survey: Survey, error: str | None = None):
    """htmx: the re-rendered outline; otherwise back to the builder page."""
    if is_partial_request():
        survey = db.session.get(Survey, survey.id)
        return render(
            "surveys/manage/builder.html",
            "outline",
            survey=survey,
            types=QUESTION_TYPES,
            outline_error=error,
            status=422 if error else 200,
        )
    if error:
        flash(error, "error")
    return redirect_after_post("surveys.builder", survey_id=survey.id)


@bp.route("/manage/processes/<int:process_id>/surveys/new", methods=["GET", "POST"])
@login_required
def create(process_id: int):
    """Create a draft survey for a process: title and introduction."""
    process = db.get_or_404(Process, process_id)
    require("surveys.manage", process)
    form = survey_texts_form()
    if form.validate_on_submit():
        try:
            survey = services.create_survey(
                process, current_user, texts_of(form, "title"), texts_of(form, "intro")
            )
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("The survey was created. Now add questions."), "success")
            return redirect_after_post("surveys.builder", survey_id=survey.id)
    return render(
        "surveys/manage/texts.html",
        form=form,
        process=process,
        survey=None,
        status=422 if form.errors else 200,
    )


@bp.route("/manage/surveys/<int:survey_id>")
@login_required
def builder(survey_id: int):
    """The builder page: status, settings summary, sections with their questions."""
    survey = load(survey_id)
    return render("surveys/manage/builder.html", "outline", survey=survey, types=QUESTION_TYPES)


@bp.route("/manage/surveys/<int:survey_id>/edit", methods=["GET", "POST"])
@login_required
def texts(survey_id: int):
    """Edit the title and the introduction."""
    survey = load(survey_id)
    form = survey_texts_form()
    if request.method == "GET":
        fill_texts(form, "title", survey.title)
        fill_texts(form, "intro", survey.intro)
    elif form.validate_on_submit():
        try:
            services.update_texts(
                survey, current_user, texts_of(form, "title"), texts_of(form, "intro")
            )
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("Your changes were saved."), "success")
            return redirect_after_post("surveys.builder", survey_id=survey.id)
    return render(
        "surveys/manage/texts.html",
        form=form,
        process=survey.process,
        survey=survey,
        status=422 if form.errors else 200,
    )


@bp.route("/manage/surveys/<int:survey_id>/settings", methods=["GET", "POST"])
@login_required
def settings(survey_id: int):
    """Open/close dates, anonymity, access mode, demographics, threshold, public results."""
    survey = load(survey_id)
    form = SettingsForm(
        data={
            "opens_at": to_berlin(survey.opens_at),
            "closes_at": to_berlin(survey.closes_at),
            "anonymous": "1" if survey.anonymous else "0",
            "mode": survey.mode,
            "demographics": survey.demographics,
            "suppression_k": survey.suppression_k,
            "results_public": survey.results_public,
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        try:
            services.update_settings(
                survey,
                current_user,
                opens_at=to_utc(form.opens_at.data),
                closes_at=to_utc(form.closes_at.data),
                anonymous=form.anonymous.data == "1",
                mode=form.mode.data,
                demographics=form.demographics.data,
                suppression_k=form.suppression_k.data,
                results_public=form.results_public.data,
            )
        except ServiceError as exc:
            handle(exc, form)
            survey = db.session.get(Survey, survey_id)
        else:
            db.session.commit()
            flash(_("The settings were saved."), "success")
            return redirect_after_post("surveys.builder", survey_id=survey.id)
    return render(
        "surveys/manage/settings.html",
        form=form,
        survey=survey,
        default_k=survey.k if survey.suppression_k is None else None,
        status=422 if form.errors else 200,
    )


@bp.route("/manage/surveys/<int:survey_id>/sections/new", methods=["GET", "POST"])
@bp.route("/manage/surveys/<int:survey_id>/sections/<int:section_id>/edit", methods=["GET", "POST"])
@login_required
def section(survey_id: int, section_id: int | None = None):
    """Add or edit a section."""
    survey = load(survey_id)
    item = load_child(survey.sections, section_id) if section_id else None
    form = section_form()
    if request.method == "GET" and item is not None:
        fill_texts(form, "title", item.title)
        fill_texts(form, "description", item.description)
    elif form.validate_on_submit():
        try:
            services.save_section(
                survey, current_user, texts_of(form, "title"), texts_of(form, "description"), item
            )
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            return redirect_after_post("surveys.builder", survey_id=survey.id)
    return render(
        "surveys/manage/section.html",
        form=form,
        survey=survey,
        section=item,
        status=422 if form.errors else 200,
    )


@bp.route("/manage/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
@bp.route(
    "/manage/surveys/<int:survey_id>/questions/<int:question_id>/edit", methods=["GET", "POST"]
)
@login_required
def question(survey_id: int, question_id: int | None = None):
    """Add or edit a question (type-specific settings, options, condition)."""
    survey = load(survey_id)
    item = load_child(survey.questions, question_id) if question_id else None
    return question_editor(survey, item)


@bp.route(
    "/manage/surveys/<int:survey_id>/<any(questions, sections):kind>/<int:item_id>/"
    "<any(up, down, delete):action>",
    methods=["POST"],
)
@login_required
def change_item(survey_id: int, kind: str, item_id: int, action: str):
    """Move a question or section up/down, or delete it (refused once answers exist)."""
    survey = load(survey_id)
    items = survey.questions if kind == "questions" else survey.sections
    item = load_child(items, item_id)
    try:
        if action == "delete":
            if kind == "questions":
                services.delete_question(item, current_user)
            else:
                services.delete_section(item, current_user)
        else:
            siblings = item.section.questions if kind == "questions" else survey.sections
            services.move(item, siblings, action)
    except ServiceError as exc:
        db.session.rollback()
        return outline_or_redirect(db.session.get(Survey, survey_id), str(exc))
    db.session.commit()
    return outline_or_redirect(survey)


@bp.route("/manage/surveys/<int:survey_id>/<any(publish, close, copy):action>", methods=["POST"])
@login_required
def change_status(survey_id: int, action: str):
    """Publish, close, or make a draft copy (the way to change a survey that has answers)."""
    survey = load(survey_id)
    try:
        if action == "copy":
            copy = services.copy_survey(survey, current_user)
        elif action == "publish":
            services.publish_survey(survey, current_user)
        else:
            services.close_survey(survey, current_user)
    except ServiceError as exc:
        handle(exc)
        return redirect_after_post("surveys.builder", survey_id=survey_id)
    db.session.commit()
    if action == "copy":
        flash(_("This is the copy. It is a draft: change it and publish it."), "success")
        return redirect_after_post("surveys.builder", survey_id=copy.id)
    gaps = translations.missing_texts(survey) if action == "publish" else {}
    if gaps:  # published, but say plainly who will read German instead
        flash(
            _(
                "Texts are still missing in: %(languages)s. Residents using these languages see "
                "the German text there (the list is on this page).",
                languages=", ".join(gaps),
            ),
            "info",
        )
    flash(
        _("The survey is published.") if action == "publish" else _("The survey is closed."),
        "success",
    )
    return redirect_after_post("surveys.builder", survey_id=survey_id)
