"""Answering a survey (phone-first, no account, no JavaScript needed) and public results."""

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from participation.core.cache import cached_page
from participation.core.errors import ServiceError
from participation.core.htmx import render
from participation.core.network import network_key
from participation.core.permissions import can
from participation.extensions import db, limiter
from participation.processes.models import Process
from participation.surveys import compiled
from participation.surveys.compiled import compiled_survey
from participation.surveys.demographics import FIELDS as DEMOGRAPHIC_FIELDS
from participation.surveys.models import Survey
from participation.surveys.results_cache import cached_build
from participation.surveys.services.responses import (
    FormResult,
    ParseContext,
    Stale,
    check_code,
    existing_response,
    format_code,
    has_answered,
    normalize_code,
    read_form,
    store_response,
    submit_response,
)
from participation.surveys.views import bp
from participation.surveys.views.common import (
    browser_token,
    load_for_results,
    new_token,
    set_browser_cookie,
    submit_limit,
)

CODE_ERRORS = ("code_used", "code_invalid", "code_missing")


def code_limit() -> str:
    """Rate limit for trying invitation codes (GET and POST), per hashed client network."""
    return current_app.config["SURVEY_CODE_RATE_LIMIT"]


def _code_refused() -> str:
    """One answer for an unknown and a used code: a guesser learns nothing from the wording."""
    return _(
        "This code cannot be used for this survey. Please check it and try again. "
        "Each code can be used only once."
    )


def _no_code_given() -> bool:
    return not request.values.get("code")


def _visible_survey(survey_id: int) -> Survey:
    """A survey residents may open; drafts only as a preview for its managers."""
    survey = db.first_or_404(
        select(Survey)
        .where(Survey.id == survey_id)
        # The process's phases and categories are not needed here: skip their eager loads.
        .options(
            joinedload(Survey.process).lazyload("*"), selectinload(Survey.process, Process.areas)
        )
    )
    if survey.status == "draft" or not survey.process.is_public:
        if not can("surveys.manage", survey):
            abort(404)
    return survey


def form_context(survey: Survey, ctx: ParseContext) -> dict:
    """What the questionnaire macros need: area lists of the area and map questions."""
    choices = {q.id: q.kind.choices(q, ctx) for q in survey.questions if hasattr(q.kind, "choices")}
    return {
        "choices": choices,
        "numbers": {q.id: n for n, q in enumerate(survey.ordered_questions(), start=1)},
        "demographic_fields": DEMOGRAPHIC_FIELDS,
        "has_map": any(q.type == "map" for q in survey.questions),
    }


def _message(survey: Survey, kind: str, status: int = 200, cookie: str | None = None):
    response = render("surveys/message.html", survey=survey, kind=kind, status=status)
    return set_browser_cookie(response, cookie) if cookie else response


def _questionnaire(survey, ctx, result, key, code=None, notice=None, status=200, cookie=None):
    response = render(
        "surveys/answer.html",
        survey=survey,
        result=result,
        idempotency_key=key,
        code=code,
        code_display=format_code(code) if code else "",
        notice=notice,
        preview=survey.status == "draft",
        status=status,
        **form_context(survey, ctx),
    )
    return set_browser_cookie(response, cookie) if cookie else response


@bp.route("/surveys/<int:survey_id>", methods=["GET", "POST"])
@limiter.limit(submit_limit, methods=["POST"])
@limiter.limit(code_limit, key_func=network_key, exempt_when=_no_code_given)
def answer(survey_id: int):
    """The questionnaire; representative surveys ask for the invitation code first."""
    if request.method == "POST":
        stored = _submit_compiled(survey_id)
        if stored is not None:
            return stored
    survey = _visible_survey(survey_id)
    key = request.form.get("idempotency_key") if request.method == "POST" else None
    if key and existing_response(survey.id, key):  # a double submit: the first one counted
        return redirect(url_for("surveys.thanks", survey_id=survey_id), 303)
    state = survey.state()
    if state in ("scheduled", "closed"):
        return _message(survey, state)
    token, cookie = browser_token(), None
    if survey.mode == "open":
        if token is None:
            token = cookie = new_token()
        elif has_answered(survey, token):
            return _message(survey, "already", 409 if request.method == "POST" else 200)
    code = None
    if survey.mode == "representative":
        code = normalize_code(request.values.get("code"))
        if not code:
            return render("surveys/code.html", survey=survey, error=None)
        try:
            check_code(survey, code)
        except ServiceError:
            return render("surveys/code.html", survey=survey, error=_code_refused(), status=422)
    ctx = ParseContext(survey)
    if request.method == "GET":
        return _questionnaire(survey, ctx, FormResult(), new_token(), code, cookie=cookie)

    result = read_form(survey, request.form, ctx)
    key = request.form.get("idempotency_key") or new_token()
    if survey.status == "draft":
        flash(_("This is a preview: answers are not saved."), "info")
        return _questionnaire(survey, ctx, result, key, code, status=422 if not result.ok else 200)
    if cookie:  # the browser sent no cookie: without it, "once per browser" cannot hold
        notice = _("Please send the form again. Your browser needs to accept a cookie for this.")
        return _questionnaire(survey, ctx, result, key, code, notice, 422, cookie)
    if not result.ok:
        return _questionnaire(survey, ctx, result, key, code, status=422)
    try:
        submit_response(
            survey,
            result,
            channel="online",
            idempotency_key=key,
            invitation_code=code,
            browser_token=token if survey.mode == "open" else None,
        )
    except ServiceError as exc:
        db.session.rollback()
        survey = db.session.get(Survey, survey_id)
        if exc.code == "already_answered":
            return _message(survey, "already", 409)
        if exc.code == "not_open":
            return _message(survey, survey.state(), 409)
        if exc.code in CODE_ERRORS:
            return render("surveys/code.html", survey=survey, error=_code_refused(), status=422)
        return _questionnaire(survey, ParseContext(survey), result, key, code, str(exc), 422)
    db.session.commit()
    return redirect(url_for("surveys.thanks", survey_id=survey_id), 303)


def _submit_compiled(survey_id: int):
    """The common case of a resident's submission, read and stored from the compiled survey.

    An open, public, open-mode survey, a browser with its cookie and a complete form: no ORM
    object of the survey is loaded (see ``surveys/compiled.py``). Everything else — previews,
    codes, closed surveys, errors to show, a second answer from this browser — returns None and
    goes the full way, which renders the right page.

    The questionnaire this process compiled last is tried first, without reading its versions:
    the write stores nothing unless they are still current (on PostgreSQL checked inside its
    one statement — a round trip less per response). If that copy refuses the form or a version
    has moved (another worker's edit), the form is decided again against the current
    questionnaire, which also renews the copy — so a copy that says "closed" or lacks a new
    question never outlives the change.
    """
    found = compiled.recent(survey_id)
    if found is not None:
        try:
            answer = _store_compiled(
                survey_id, found[0], (compiled.version_names(survey_id), found[1])
            )
        except Stale:  # nothing was stored
            answer = None
        if answer is not None:
            return answer
    return _store_compiled(survey_id, compiled_survey(survey_id), None)


def _store_compiled(survey_id: int, survey, expect):
    """:func:`_submit_compiled` against *survey*, compiled at the versions *expect* (None:
    current)."""
    if (
        survey is None
        or survey.mode != "open"
        or not survey.process.is_public
        or survey.state() != "open"
    ):
        return None
    token = browser_token()
    if token is None:
        return None
    result = read_form(survey, request.form, ParseContext(survey))
    if not result.ok:
        return None
    try:
        # A repeated key returns the first response; a second answer from this browser is
        # refused by the token's primary key (the full way then shows the message). Stored and
        # committed by the call: one statement on PostgreSQL (services/driver_sql.py).
        store_response(
            survey,
            result,
            channel="online",
            idempotency_key=request.form.get("idempotency_key") or new_token(),
            browser_token=token,
            commit=True,
            expect=expect,
        )
    except ServiceError:
        db.session.rollback()
        return None
    return redirect(url_for("surveys.thanks", survey_id=survey_id), 303)


@bp.route("/surveys/<int:survey_id>/thanks")
def thanks(survey_id: int):
    """Thank-you page with the way back to the process and (if public) the results."""
    return _message(_visible_survey(survey_id), "thanks")


@bp.route("/surveys/<int:survey_id>/results")
@cached_page("processes", "surveys", "survey:{survey_id}", "survey:{survey_id}:responses")
def public_results(survey_id: int):
    """Published results: small numbers suppressed, samples never mixed silently."""
    survey = load_for_results(survey_id)
    if not survey.process.is_public or survey.status == "draft":
        abort(404)
    if not survey.results_public:  # say so instead of a generic "page not found"
        return _message(survey, "results_pending", 404)
    view = cached_build(survey, request.args, public=True)
    return render("surveys/results_public.html", "results", survey=survey, view=view)
