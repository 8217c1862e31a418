"""Free-text answers: approve for the public results page, hide, or promote to a contribution.

A promoted answer becomes a contribution (kind ``survey_answer``, channel ``survey``) and so
takes part in the feedback loop: it can be linked to measures and gets a status.
"""

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.surveys.models import ResponseArea, Survey, SurveyAnswer, TextReview

STATUSES = ("approved", "hidden")
TITLE_MAX = 120


def _review(survey: Survey, answer: SurveyAnswer) -> TextReview:
    review = db.session.get(TextReview, answer.id)
    if review is None:
        review = TextReview(answer_id=answer.id, survey_id=survey.id, status="hidden")
        db.session.add(review)
    return review


def review_answer(survey: Survey, answer: SurveyAnswer, user, status: str) -> TextReview:
    """Approve (shown on the public results page) or hide a free-text answer."""
    if status not in STATUSES:
        raise ServiceError(_("Unknown decision."))
    review = _review(survey, answer)
    review.status, review.reviewed_by_id, review.reviewed_at = status, user.id, utcnow()
    log_action(f"survey.text_{status}", survey, user=user, answer_id=answer.id)
    return review


def default_title(text: str) -> str:
    """First words of *text*, cut at a word boundary."""
    text = " ".join((text or "").split())
    if len(text) <= 80:
        return text
    return text[:80].rsplit(" ", 1)[0] + " …"


def promote_answer(survey: Survey, answer: SurveyAnswer, user, title: str | None = None):
    """Turn a free-text answer into a contribution of the survey's process; returns it."""
    from participation.contributions.services import create_contribution

    review = _review(survey, answer)
    if review.contribution_id:
        raise ServiceError(_("This answer has already been turned into a contribution."))
    title = (title or default_title(answer.value_text)).strip()[:TITLE_MAX]
    process = survey.process
    area = _answer_area(answer, process)
    try:
        contribution = create_contribution(
            process,
            kind="survey_answer",
            channel="survey",
            title=title,
            body=answer.value_text or "",
            area=area,
            entered_by=user,
            source_ref=f"survey_answer:{answer.id}",
        )
    except ServiceError as exc:
        raise ServiceError(exc.message, "title") from exc
    review.status, review.reviewed_by_id, review.reviewed_at = "approved", user.id, utcnow()
    review.contribution_id = contribution.id
    log_action(
        "survey.text_promote", survey, user=user, answer_id=answer.id, contribution=contribution.id
    )
    return contribution


def _answer_area(answer: SurveyAnswer, process):
    """The respondent's finest area, when it lies inside the process areas (else None)."""
    from participation.areas.models import Area

    area_id = db.session.scalar(
        select(ResponseArea.area_id)
        .where(ResponseArea.response_id == answer.response_id)
        .order_by(ResponseArea.level_rank.desc())
        .limit(1)
    )
    area = db.session.get(Area, area_id) if area_id else None
    if area is None or not any(area.path.startswith(p.path) for p in process.areas):
        return None
    return area
