"""Helpers shared by the answering tests (``test_answering.py``, ``test_answering_access.py``)."""

from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.models import SurveyResponse

#: Request headers for the English pages the assertions read.
EN = {"Accept-Language": "en"}


def count_responses(survey) -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id)
    )
