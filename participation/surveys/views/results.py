"""Internal results (all filters, cross-tables) and the CSV exports with their codebook."""

from flask import Response, abort, request
from flask_login import current_user, login_required

from participation.core.audit import log_action
from participation.core.csvexport import csv_response
from participation.core.htmx import render
from participation.core.params import int_arg
from participation.core.permissions import require
from participation.extensions import db
from participation.surveys import export
from participation.surveys import results as survey_results
from participation.surveys.models import CHANNELS, SAMPLES, Survey
from participation.surveys.results_cache import cached_build
from participation.surveys.views import bp
from participation.surveys.views.common import load, load_child, load_for_results


@bp.route("/manage/surveys/<int:survey_id>/results")
@login_required
def results(survey_id: int):
    """Per-question results with filters by sample, channel and area (suppression applies)."""
    survey = _load_for_results(survey_id)
    view = cached_build(survey, request.args, public=False)
    return render(
        "surveys/manage/results.html",
        "results",
        survey=survey,
        view=view,
        channels=CHANNELS,
        samples=SAMPLES,
    )


def _load_for_results(survey_id: int) -> Survey:
    """The survey for the internal results page (questions and options in the same query),
    after the results permission check; its process areas load when the check needs them."""
    survey = load_for_results(survey_id)
    require("surveys.results", survey)
    return survey


@bp.route("/manage/surveys/<int:survey_id>/results/breakdown")
@login_required
def breakdown(survey_id: int):
    """One question's answers by area or group, with complementary suppression."""
    survey = load(survey_id, "surveys.results")
    candidates = [q for q in survey.ordered_questions() if q.kind.breakdown]
    question_id = int_arg("question")
    question = load_child(candidates, question_id) if question_id else None
    dims = survey_results.dimensions(survey)
    dim = request.args.get("by") or dims[0][0]
    if dim not in dict(dims):
        abort(404)
    view = survey_results.build(survey, request.args, public=False, full=False)
    table = survey_results.crosstab(survey, question, view.flt, dim, survey.k) if question else None
    return render(
        "surveys/manage/breakdown.html",
        "table",
        survey=survey,
        view=view,
        candidates=candidates,
        question=question,
        dims=dims,
        dim=dim,
        table=table,
        channels=CHANNELS,
        samples=SAMPLES,
    )


def _csv_response(rows, filename: str, defused: bool = False) -> Response:
    """Plain RFC 4180 by default (statistics tools); ``?bom=1&sep=semicolon`` for Excel."""
    return csv_response(
        filename,
        None,  # the rows bring their own header (column codes)
        rows,
        delimiter=";" if request.args.get("sep") == "semicolon" else ",",
        bom=request.args.get("bom") == "1",
        defused=defused,
    )


@bp.route("/manage/surveys/<int:survey_id>/export.csv")
@login_required
def export_csv(survey_id: int):
    """All responses, one row each, streamed (``?bom=1``, ``?sep=semicolon`` for Excel)."""
    survey = load(survey_id)
    # audit first and commit, then reload: the streamed rows must not lazy-load expired objects
    log_action("survey.export", survey, user=current_user, rows=survey.response_count)
    db.session.commit()
    survey = load(survey_id)
    ctx = export.export_context(survey)
    # the rows come defused column by column (export.response_rows): no check per cell here
    return _csv_response(
        export.response_rows(survey, ctx), f"survey-{survey.id}-responses.csv", defused=True
    )


@bp.route("/manage/surveys/<int:survey_id>/codebook.csv")
@login_required
def codebook_csv(survey_id: int):
    """Codebook: every column with its question text, type and value codes."""
    survey = load(survey_id)
    ctx = export.export_context(survey)
    return _csv_response(export.codebook_rows(survey, ctx), f"survey-{survey.id}-codebook.csv")
