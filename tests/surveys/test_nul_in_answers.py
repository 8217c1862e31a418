"""A NUL character in a resident's answer: stored without it, never a 500.

PostgreSQL cannot store NUL in a text column; the free-text answer failed with a 500 on the
one-statement write. The app's request class drops the character where forms and query strings
are parsed (``participation.core.web.Request``), for every form and both databases.
"""

import pytest
from sqlalchemy import select

from participation.core.web import Request
from participation.extensions import db
from participation.surveys.response_models import SurveyAnswer

pytestmark = pytest.mark.berlin

QUESTIONS = [{"type": "single", "options": ["Schaukel", "Rutsche"]}, {"type": "short_text"}]


def test_an_answer_with_a_nul_is_stored_without_it(client, create_survey, answer):
    survey = create_survey(questions=QUESTIONS)
    q = survey.ordered_questions()
    first = answer(client, survey, {q[0].field_name: "1", q[1].field_name: "Mehr Schatten"})
    assert first.status_code == 303  # the questionnaire is compiled: the next one is the fast path
    other = client.application.test_client()
    response = answer(other, survey, {q[0].field_name: "2", q[1].field_name: "Mehr\x00 Bänke"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/surveys/{survey.id}/thanks")
    texts = set(db.session.scalars(select(SurveyAnswer.value_text).where(
        SurveyAnswer.value_text.is_not(None))))  # fmt: skip
    assert texts == {"Mehr Schatten", "Mehr Bänke"}


def test_form_and_query_values_lose_nul_and_keep_the_rest(app):
    with app.test_request_context(
        "/?q=K%C3%B6rner%00park&page=2",
        method="POST",
        data={"title": "Bank\x00 am Teich", "tags": ["a\x00", "b"]},
    ):
        from flask import request

        assert isinstance(request, Request)
        assert request.args["q"] == "Körnerpark" and request.args["page"] == "2"
        assert request.form["title"] == "Bank am Teich"
        assert request.form.getlist("tags") == ["a", "b"]
