"""Answering: access rules (dates, one response per browser, invitation codes), staff entry,
anonymity of the stored time and the rate limit."""

from datetime import timedelta

import pytest
from answering_helpers import EN, count_responses
from sqlalchemy import func, select

from participation.core.db import utcnow
from participation.extensions import db
from participation.surveys.models import Invitation, ResponseArea, SurveyResponse

pytestmark = pytest.mark.berlin


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
