"""Answering: validation per type, conditions, map/area questions, access rules, staff entry."""

from datetime import timedelta

import pytest
from shapely.geometry import shape
from sqlalchemy import func, select

from participation.core.db import utcnow
from participation.extensions import db
from participation.surveys.models import Invitation, ResponseArea, SurveyAnswer, SurveyResponse

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


def count_responses(survey) -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id)
    )


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


def test_closed_and_not_yet_open_surveys_say_so(create_survey, client, answer):
    later = create_survey(questions=[{"type": "short_text"}], opens_at=utcnow() + timedelta(days=3))
    page = client.get(f"/surveys/{later.id}", headers=EN).get_data(as_text=True)
    assert "This survey has not started yet." in page and '<form method="post"' not in page
    over = create_survey(
        questions=[{"type": "short_text"}], closes_at=utcnow() - timedelta(hours=1)
    )
    assert "This survey is closed." in client.get(f"/surveys/{over.id}", headers=EN).get_data(
        as_text=True
    )
    response = client.post(f"/surveys/{over.id}", data={"idempotency_key": "x" * 20})
    assert response.status_code == 200 and count_responses(over) == 0
    draft = create_survey(questions=[{"type": "short_text"}], publish=False)
    assert client.get(f"/surveys/{draft.id}").status_code == 404


def test_one_response_per_browser_and_idempotent_submit(create_survey, app, answer):
    survey = create_survey(questions=[{"type": "short_text"}])
    (q,) = survey.ordered_questions()
    browser = app.test_client()
    page = browser.get(f"/surveys/{survey.id}").get_data(as_text=True)
    key = page.split('name="idempotency_key" value="')[1].split('"')[0]
    data = {"idempotency_key": key, q.field_name: "Erste Antwort"}
    assert browser.post(f"/surveys/{survey.id}", data=data).status_code == 303
    # A double click sends the same form twice: still one response, and a thank-you.
    assert browser.post(f"/surveys/{survey.id}", data=data).status_code == 303
    assert count_responses(survey) == 1
    # A fresh form from the same browser is refused (the cookie's hash is stored).
    again = browser.get(f"/surveys/{survey.id}", headers=EN).get_data(as_text=True)
    assert "You have already answered this survey in this browser." in again
    response = browser.post(
        f"/surveys/{survey.id}",
        data={"idempotency_key": "y" * 24, q.field_name: "Zweite"},
        headers=EN,
    )
    assert response.status_code == 409 and count_responses(survey) == 1
    # Another browser may answer.
    assert answer(app.test_client(), survey, {q.field_name: "Nachbarin"}).status_code == 303
    assert count_responses(survey) == 2


def test_post_without_cookie_asks_to_send_again_and_keeps_answers(create_survey, client):
    survey = create_survey(questions=[{"type": "short_text"}])
    (q,) = survey.ordered_questions()
    response = client.post(
        f"/surveys/{survey.id}",
        data={"idempotency_key": "k" * 24, q.field_name: "Mein Text"},
        headers=EN,
    )
    assert response.status_code == 422
    assert "Please send the form again." in response.get_data(as_text=True)
    assert 'value="Mein Text"' in response.get_data(as_text=True)
    assert count_responses(survey) == 0


def test_invitation_codes_work_once(create_survey, app, answer, create_user, login):
    from participation.surveys.services.invitations import generate_invitations
    from participation.surveys.services.responses import format_code

    survey = create_survey(questions=[{"type": "short_text"}], mode="representative")
    codes = [i.code for i in generate_invitations(survey, survey.creator, 2)]
    db.session.commit()
    assert all(len(c) == 12 and not set(c) & set("0O1I") for c in codes)  # 60 bits
    (q,) = survey.ordered_questions()
    client = app.test_client()
    page = client.get(f"/surveys/{survey.id}", headers=EN).get_data(as_text=True)
    assert "Please enter the code from your invitation letter." in page
    response = client.get(f"/surveys/{survey.id}?code=WRONG123", headers=EN)
    assert response.status_code == 422 and "This code cannot be used" in response.get_data(
        as_text=True
    )
    # Lower case with a dash is accepted.
    code = format_code(codes[0]).lower()
    assert answer(client, survey, {q.field_name: "Mit Code"}, code=code).status_code == 303
    stored = db.session.scalar(select(SurveyResponse))
    assert stored.sample == "representative" and stored.invitation_id is None  # anonymous
    # The same code again (another browser) is refused, with the answer an unknown code gets.
    response = app.test_client().get(f"/surveys/{survey.id}?code={codes[0]}", headers=EN)
    assert response.status_code == 422 and "This code cannot be used" in response.get_data(
        as_text=True
    )
    # Staff entry with the used code is refused, with the second code it works.
    staff = login(create_user(roles=["staff"], areas=["08"]))
    data = {"channel": "doorstep", "interviewer": str(staff_id(staff)), q.field_name: "An der Tür"}
    response = staff.post(
        f"/manage/surveys/{survey.id}/entry", data={**data, "code": codes[0]}, headers=EN
    )
    assert response.status_code == 422 and "already been used" in response.get_data(as_text=True)
    response = staff.post(f"/manage/surveys/{survey.id}/entry", data={**data, "code": codes[1]})
    assert response.status_code == 303
    assert count_responses(survey) == 2
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).where(Invitation.used_at.is_(None))) == 0


def staff_id(client) -> int:
    return client.user_id  # (the session holds a device token, not the user id)


def test_code_check_and_set_is_atomic(create_survey):
    from participation.core.errors import ServiceError
    from participation.surveys.services.invitations import generate_invitations
    from participation.surveys.services.responses import use_invitation

    survey = create_survey(questions=[{"type": "short_text"}], mode="representative")
    (invitation,) = generate_invitations(survey, survey.creator, 1)
    db.session.commit()
    assert use_invitation(survey, invitation.code).used_at is not None
    with pytest.raises(ServiceError) as refused:
        use_invitation(survey, invitation.code)
    assert refused.value.code == "code_used"


def test_staff_entry_records_channel_interviewer_and_area(create_survey, create_user, login, area):
    survey = create_survey(questions=[{"type": "scale", "settings": {"min": 1, "max": 5}}])
    (q,) = survey.ordered_questions()
    clerk = create_user(roles=["staff"], areas=["08"], name="Erik Erfassung")
    interviewer = create_user(roles=["staff"], areas=["0801"], name="Ines Interview")
    client = login(clerk)
    page = client.get(f"/manage/surveys/{survey.id}/entry").get_data(as_text=True)
    assert "Ines Interview" in page
    response = client.post(
        f"/manage/surveys/{survey.id}/entry",
        data={
            "channel": "doorstep",
            "interviewer": str(interviewer.id),
            "area": str(area("08010214").id),
            q.field_name: "4",
            "idempotency_key": "e" * 24,
        },
    )
    assert response.status_code == 303 and "channel=doorstep" in response.location
    stored = db.session.scalar(select(SurveyResponse))
    assert (stored.channel, stored.interviewer_id, stored.entered_by_id) == (
        "doorstep",
        interviewer.id,
        clerk.id,
    )
    assert area("08010214").id in db.session.scalars(select(ResponseArea.area_id)).all()
    assert (
        login(create_user(roles=["staff"], areas=["05"]))
        .get(f"/manage/surveys/{survey.id}/entry")
        .status_code
        == 403
    )
    assert (
        login(create_user(roles=["council"])).get(f"/manage/surveys/{survey.id}/entry").status_code
        == 403
    )


def test_anonymous_survey_keeps_only_the_day(create_survey, add_response):
    survey = create_survey(questions=[{"type": "short_text"}])
    (q,) = survey.ordered_questions()
    response = add_response(survey, {q.field_name: "x"})
    assert (response.created_at.hour, response.created_at.minute, response.created_at.second) == (
        0,
        0,
        0,
    )


def test_submit_is_rate_limited(create_survey, app, answer):
    app.config["SURVEY_SUBMIT_RATE_LIMIT"] = "2 per minute"
    survey = create_survey(questions=[{"type": "short_text"}])
    (q,) = survey.ordered_questions()
    statuses = [
        answer(app.test_client(), survey, {q.field_name: "x"}).status_code for _ in range(3)
    ]
    assert statuses == [303, 303, 429]
    assert count_responses(survey) == 2
