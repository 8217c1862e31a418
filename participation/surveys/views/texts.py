"""Moderation of free-text answers: approve for the public page, hide, promote to a contribution."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.core.errors import ServiceError, handle
from participation.core.htmx import is_partial_request, render
from participation.core.pagination import paginate
from participation.core.params import int_arg
from participation.extensions import db
from participation.surveys.forms import PromoteForm
from participation.surveys.models import SurveyAnswer, TextReview
from participation.surveys.results_cache import invalidate
from participation.surveys.services.moderation import default_title, promote_answer, review_answer
from participation.surveys.views import bp
from participation.surveys.views.common import load

PAGE_SIZE = 50
FILTERS = ("new", "approved", "hidden", "promoted")


def _text_questions(survey):
    """Questions whose answers can hold free text (text questions and "other" fields)."""
    return [
        q for q in survey.ordered_questions() if q.kind.free_text or q.settings.get("allow_other")
    ]


def _load_answer(survey, answer_id: int) -> SurveyAnswer:
    ids = [q.id for q in _text_questions(survey)]
    return db.first_or_404(
        select(SurveyAnswer).where(
            SurveyAnswer.id == answer_id,
            SurveyAnswer.question_id.in_(ids),
            SurveyAnswer.value_text.is_not(None),
        )
    )


@bp.route("/manage/surveys/<int:survey_id>/answers/texts")
@login_required
def text_answers(survey_id: int):
    """Free-text answers, newest first, filterable by question and moderation state."""
    survey = load(survey_id)
    questions = _text_questions(survey)
    ids = [q.id for q in questions]
    chosen = int_arg("question")
    state = request.args.get("state", "")
    stmt = (
        select(SurveyAnswer, TextReview)
        .outerjoin(TextReview, TextReview.answer_id == SurveyAnswer.id)
        .where(
            SurveyAnswer.question_id.in_([chosen] if chosen in ids else ids),
            SurveyAnswer.value_text.is_not(None),
        )
    )
    if state == "new":
        stmt = stmt.where(TextReview.answer_id.is_(None))
    elif state == "promoted":
        stmt = stmt.where(TextReview.contribution_id.is_not(None))
    elif state in ("approved", "hidden"):
        stmt = stmt.where(TextReview.status == state, TextReview.contribution_id.is_(None))
    listed = paginate(stmt.order_by(SurveyAnswer.id.desc()), per_page=PAGE_SIZE, rows=True)
    return render(
        "surveys/manage/texts_list.html",
        "list",
        survey=survey,
        questions=questions,
        by_id={q.id: q for q in questions},
        rows=listed.items,
        chosen=chosen,
        state=state,
        states=FILTERS,
        page=listed.page,
        more=listed.has_next,
        total=listed.total,
    )


@bp.route(
    "/manage/surveys/<int:survey_id>/answers/texts/<int:answer_id>/<any(approved, hidden):status>",
    methods=["POST"],
)
@login_required
def review_text(survey_id: int, answer_id: int, status: str):
    """Approve or hide one answer; htmx swaps only its row."""
    survey = load(survey_id)
    answer = _load_answer(survey, answer_id)
    review_answer(survey, answer, current_user, status)
    db.session.commit()
    invalidate(survey.id)  # approved quotes show on the public page
    if is_partial_request():
        survey = load(survey_id)
        answer = db.session.get(SurveyAnswer, answer_id)
        return render_template(
            "surveys/manage/_text_row.html",
            survey=survey,
            answer=answer,
            review=db.session.get(TextReview, answer_id),
            question={q.id: q for q in survey.questions}[answer.question_id],
        )
    return redirect(request.referrer or url_for("surveys.text_answers", survey_id=survey_id), 303)


@bp.route(
    "/manage/surveys/<int:survey_id>/answers/texts/<int:answer_id>/promote", methods=["GET", "POST"]
)
@login_required
def promote(survey_id: int, answer_id: int):
    """Turn an answer into a contribution (it then takes part in the feedback loop)."""
    survey = load(survey_id)
    answer = _load_answer(survey, answer_id)
    form = PromoteForm(
        data={"title": default_title(answer.value_text)} if request.method == "GET" else None
    )
    if form.validate_on_submit():
        try:
            contribution = promote_answer(survey, answer, current_user, form.title.data)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            invalidate(survey.id)
            flash(
                _("The answer is now contribution no. %(id)s of the process.", id=contribution.id),
                "success",
            )
            return redirect(url_for("surveys.text_answers", survey_id=survey_id), 303)
    return render(
        "surveys/manage/promote.html",
        survey=survey,
        answer=answer,
        review=db.session.get(TextReview, answer_id),
        form=form,
        status=422 if form.errors else 200,
    )
