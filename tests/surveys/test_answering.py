"""Answering: validation per type, conditions, map/area questions (access rules and staff entry:
``test_answering_access.py``)."""

import pytest
from answering_helpers import EN, count_responses
from shapely.geometry import shape
from sqlalchemy import func, select

from participation.extensions import db
from participation.surveys.models import ResponseArea, SurveyAnswer

pytestmark = pytest.mark.berlin


def inside_point(area):
    point = shape(db.session.get(type(area), area.id).geometry).representative_point()
    return point.x, point.y


def test_conditional_question_is_stored_only_when_its_condition_holds(
    create_survey, client, answer
):
    survey = create_survey(
        questions=[
            {"type": "single", "options": ["Ja", "Nein"], "text": "Haben Sie Kinder?"},
            {"type": "short_text", "condition": (0, "1"), "required": True, "text": "Wie alt?"},
        ]
    )
    kids, age = survey.ordered_questions()
    page = client.get(f"/surveys/{survey.id}", headers=EN).get_data(as_text=True)
    assert f'data-cond-field="{kids.field_name}" data-cond-value="1"' in page
    assert "Only if you answered “Ja” to question 1." in page
    # "Nein": the dependent question is skipped, even though it is required and was typed into.
    response = answer(client, survey, {kids.field_name: "2", age.field_name: "7"})
    assert response.status_code == 303
    assert db.session.scalar(select(func.count()).where(SurveyAnswer.question_id == age.id)) == 0
    # "Ja": now the required dependent question must be answered.
    other = client.application.test_client()
    response = answer(other, survey, {kids.field_name: "1"}, headers=EN)
    assert response.status_code == 422
    assert "Please answer this question." in response.get_data(as_text=True)
    response = answer(other, survey, {kids.field_name: "1", age.field_name: "4 und 7"})
    assert response.status_code == 303
    assert (
        db.session.scalar(select(SurveyAnswer.value_text).where(SurveyAnswer.question_id == age.id))
        == "4 und 7"
    )


CASES = [
    ({"type": "single", "options": ["A", "B"]}, {"": "99"}, "This answer option does not exist"),
    (
        {"type": "single", "options": ["A", "B"], "settings": {"allow_other": True}},
        {"": "other"},
        "Please write your other answer",
    ),
    (
        {"type": "multiple", "options": ["A", "B", "C"], "settings": {"max_choices": 2}},
        {"": ["1", "2", "3"]},
        "Please choose at most 2 answers.",
    ),
    (
        {"type": "multiple", "options": ["A", "B"]},
        {"": ["1", "7"]},
        "This answer option does not exist",
    ),
    (
        {"type": "scale", "settings": {"min": 1, "max": 5}},
        {"": "6"},
        "Please choose a value from 1 to 5.",
    ),
    (
        {"type": "scale", "settings": {"min": 0, "max": 10}},
        {"": "drei"},
        "Please choose a value from 0 to 10.",
    ),
    (
        {"type": "number", "settings": {"min": 0, "max": 120}},
        {"": "130"},
        "Please enter at most 120.",
    ),
    (
        {"type": "number", "settings": {"integer": True}},
        {"": "2,5"},
        "Please enter a whole number.",
    ),
    ({"type": "number"}, {"": "viele"}, "Please enter a number"),
    ({"type": "date", "settings": {"min_date": "2020-01-01"}}, {"": "2019-12-31"}, "on or after"),
    ({"type": "date"}, {"": "31.02.2026"}, "Please enter a date like"),
    (
        {"type": "short_text", "settings": {"max_length": 10}},
        {"": "Viel zu langer Text"},
        "Please shorten your answer to 10 characters",
    ),
    (
        {"type": "ranking", "options": ["A", "B", "C"]},
        {"_1": "1", "_2": "1"},
        "Please give each rank only once.",
    ),
    (
        {"type": "ranking", "options": ["A", "B", "C"]},
        {"_1": "1", "_2": "3"},
        "Please start with rank 1 and leave no gaps.",
    ),
    (
        {"type": "ranking", "options": ["A", "B", "C"]},
        {"_1": "9"},
        "Please choose a rank between 1 and 3.",
    ),
    (
        {"type": "map"},
        {"_lon": "13.2", "_lat": "52.53"},
        "This place is outside the area of this survey.",
    ),
    ({"type": "map"}, {"_lon": "abc", "_lat": "52.5"}, "The place could not be read."),
    ({"type": "map"}, {"": "999999"}, "Please choose an area from the list."),
    ({"type": "area"}, {"": "999999"}, "Please choose an area from the list."),
    ({"type": "long_text", "required": True}, {"": "   "}, "Please answer this question."),
]


@pytest.mark.parametrize(("spec", "data", "message"), CASES)
def test_each_type_refuses_bad_input_and_keeps_it(
    create_survey, client, answer, spec, data, message
):
    survey = create_survey(questions=[spec, {"type": "short_text"}])
    question, keep = survey.ordered_questions()
    form = {question.field_name + suffix: value for suffix, value in data.items()}
    form[keep.field_name] = "Das bleibt stehen"
    response = answer(client, survey, form, headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page
    assert 'value="Das bleibt stehen"' in page  # nothing typed is lost
    assert f'href="#{question.field_name}-block"' in page  # error summary links to the question
    assert count_responses(survey) == 0


def test_valid_answers_of_every_type_are_stored(create_survey, client, answer, area):
    survey = create_survey(
        questions=[
            {"type": "single", "options": ["A", "B"], "settings": {"allow_other": True}},
            {"type": "multiple", "options": ["A", "B", "C"]},
            {"type": "scale", "settings": {"min": 0, "max": 10}},
            {"type": "number"},
            {"type": "date"},
            {"type": "ranking", "options": ["A", "B", "C"]},
            {"type": "map"},
            {"type": "area", "settings": {"home": True}},
        ]
    )
    single, multi, scale, number, day, rank, place, home = survey.ordered_questions()
    lon, lat = inside_point(area("08010213"))
    glasower = area("08010214")
    response = answer(
        client,
        survey,
        {
            single.field_name + "_other": "Etwas anderes",  # typed without ticking "other"
            multi.field_name: ["1", "3"],
            scale.field_name: "0",
            number.field_name: "1.234,5",
            day.field_name: "1.5.2026",
            rank.field_name + "_3": "1",
            rank.field_name + "_1": "2",
            place.field_name + "_lon": str(lon),
            place.field_name + "_lat": str(lat),
            home.field_name: str(glasower.id),
        },
    )
    assert response.status_code == 303
    rows = {
        (a.question_id, a.option_id, a.value_num, a.value_text, a.area_id)
        for a in db.session.scalars(select(SurveyAnswer))
    }
    options = {(q.id, o.code): o.id for q in (multi, rank) for o in q.options}
    assert (single.id, None, None, "Etwas anderes", None) in rows
    assert {(multi.id, options[(multi.id, "1")]), (multi.id, options[(multi.id, "3")])} <= {
        (r[0], r[1]) for r in rows
    }
    assert (scale.id, None, 0.0, None, None) in rows
    assert (number.id, None, 1234.5, None, None) in rows
    assert (day.id, None, None, "2026-05-01", None) in rows
    assert (rank.id, options[(rank.id, "3")], 1.0, None, None) in rows
    assert (place.id, None, None, None, area("08010213").id) in rows
    # The home question places the respondent at every level: Planungsraum up to Bezirk.
    levels = db.session.scalars(
        select(ResponseArea.area_id).order_by(ResponseArea.level_rank)
    ).all()
    assert levels == [area("08").id, area("0801").id, area("080102").id, glasower.id]
    assert count_responses(survey) == 1 and survey.response_count == 1


def test_map_question_falls_back_to_the_area_list(create_survey, client, answer, area):
    survey = create_survey(questions=[{"type": "map"}])
    (place,) = survey.ordered_questions()
    page = client.get(f"/surveys/{survey.id}", headers=EN).get_data(as_text=True)
    assert "Or choose the area from the list" in page and "Körnerpark" in page
    assert '<div class="sv-map-tools" hidden>' in page  # the map needs JavaScript
    response = answer(client, survey, {place.field_name: str(area("08010213").id)})
    assert response.status_code == 303
    stored = db.session.scalar(select(SurveyAnswer))
    assert stored.area_id == area("08010213").id and stored.lon is None
