"""Maintained answer counters: equal to a fresh recount after every write path (the results
read from them: ``test_counter_results.py``; the ``filled`` survey: ``conftest.py``)."""

import re

import pytest
from counter_checks import EVERY_TYPE, assert_equal_to_recount, stored
from sqlalchemy import delete, select

from participation.extensions import db
from participation.surveys import counters, fold
from participation.surveys.models import AnswerCount, RespondentCount, Survey
from participation.surveys.response_models import (
    SurveyAnswer,
    SurveyResponse,
)

pytestmark = pytest.mark.berlin


def test_counters_equal_a_recount_after_codes_and_staff_entry(filled):
    assert_equal_to_recount(filled)
    total = db.session.scalar(
        select(db.func.sum(RespondentCount.n)).where(
            RespondentCount.survey_id == filled.id,
            RespondentCount.question_id == filled.ordered_questions()[2].id,
        )
    )
    assert 0 < total <= 80


def test_online_answers_and_a_double_submit_count_once(create_survey, answer, client):
    survey = create_survey(questions=EVERY_TYPE[:3])
    single, multiple, scale = survey.ordered_questions()
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    form = {
        "idempotency_key": key,
        single.field_name: "2",
        multiple.field_name: ["1", "3"],
        scale.field_name: "4",
    }
    # the resident taps "send" twice: both submits are acknowledged (thank-you page), one is kept
    for _ in range(2):
        response = client.post(f"/surveys/{survey.id}", data=form)
        assert response.status_code == 303, response.status_code
        thanks = client.get(response.headers["Location"])
        assert thanks.status_code == 200
        assert "Vielen Dank" in thanks.get_data(as_text=True)
    stored_answers = db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.option_id, SurveyAnswer.value_num)
        .join(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id)
    ).all()
    options = {o.code: o.id for o in single.options} | {
        f"m{o.code}": o.id for o in multiple.options
    }
    assert sorted(stored_answers, key=repr) == sorted(
        [
            (single.id, options["2"], None),
            (multiple.id, options["m1"], None),
            (multiple.id, options["m3"], None),
            (scale.id, None, 4.0),
        ],
        key=repr,
    )
    for n in range(3):  # other browsers
        other = client.application.test_client()
        answer(other, survey, {single.field_name: "1", scale.field_name: str(n + 1)})
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).response_count == 4
    expected = {single.id: 4, multiple.id: 1, scale.id: 4}
    assert counters.snapshot(survey.id, None, None).respondents == expected  # all in the tail
    assert fold.fold_survey(survey.id) == 4
    respondents = dict(
        db.session.execute(
            select(RespondentCount.question_id, RespondentCount.n).where(
                RespondentCount.survey_id == survey.id
            )
        ).all()
    )
    assert respondents == expected
    assert_equal_to_recount(survey)


def test_deleting_a_survey_removes_its_counters(filled, create_survey, add_response):
    other = create_survey(questions=[{"type": "scale"}])
    add_response(other, {other.ordered_questions()[0].field_name: "3"})
    fold.fold_all()
    db.session.execute(delete(Survey).where(Survey.id == filled.id))
    db.session.commit()
    answers, respondents = stored()
    assert {row.survey_id for row in answers} == {other.id}
    assert {row.survey_id for row in respondents} == {other.id}
    assert_equal_to_recount(other)


def test_recount_command(filled, runner):
    db.session.execute(delete(AnswerCount).where(AnswerCount.survey_id == filled.id))
    db.session.commit()
    result = runner.invoke(args=["surveys", "recount", str(filled.id)])
    assert result.exit_code == 0, result.output
    assert_equal_to_recount(filled)
    assert runner.invoke(args=["surveys", "recount", "999999"]).exit_code != 0
