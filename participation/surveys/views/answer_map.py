"""Map data of a map question's answers, for the public results page and the staff one."""

from flask import abort, current_app, request

from participation.core.permissions import can
from participation.extensions import db
from participation.surveys.answer_map import answer_cells
from participation.surveys.models import Question, Survey
from participation.surveys.results import make_filter, sample_counts
from participation.surveys.views import bp


@bp.route("/surveys/<int:survey_id>/questions/<int:question_id>/answers.geojson")
def answer_map(survey_id: int, question_id: int):
    """Answer cells; public once the results are, earlier for those who may read them."""
    survey = db.get_or_404(Survey, survey_id)
    question = db.get_or_404(Question, question_id)
    if question.survey_id != survey.id or question.type != "map":
        abort(404)
    internal = can("surveys.results", survey)
    public = survey.process.is_public and survey.status != "draft" and survey.results_public
    if not (internal or public):
        abort(404)
    flt = make_filter(survey, sample_counts(survey), request.args, public=not internal)
    response = current_app.json.response(answer_cells(question, flt, survey.k))
    response.cache_control.max_age = 60
    response.cache_control.private = internal
    return response
