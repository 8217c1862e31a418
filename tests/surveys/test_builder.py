"""Builder: create a survey and questions through the pages, conditions, locks, permissions."""

import re

import pytest
from sqlalchemy import select

from participation.core.models import AuditEntry
from participation.extensions import db
from participation.surveys.models import Question, Survey

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


def test_planner_builds_a_survey_through_the_pages(create_process, create_user, login):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner, publish=True, tools=["survey"])
    client = login(planner)
    dashboard = client.get(f"/manage/processes/{process.id}", headers=EN).get_data(as_text=True)
    assert "New survey" in dashboard
    response = client.post(
        f"/manage/processes/{process.id}/surveys/new",
        data={
            "title_de": "Befragung Spielplatz",
            "title_en": "Playground survey",
            "intro_de": "Wozu",
        },
    )
    assert response.status_code == 303
    survey = db.session.scalar(select(Survey))
    section = survey.sections[0]
    # The editor for a choice question offers three empty option rows; "add" adds a fourth.
    form = client.get(f"/manage/surveys/{survey.id}/questions/new?type=single&section={section.id}")
    assert form.get_data(as_text=True).count('name="options-2-label_de"') == 1
    data = {
        "type": "single",
        "section_id": section.id,
        "text_de": "Haben Sie Kinder unter 14 Jahren?",
        "text_en": "Do you have children under 14?",
        "options-0-label_de": "Ja",
        "options-0-label_en": "Yes",
        "options-1-label_de": "Nein",
        "options-2-label_de": "",
        "required": "y",
    }
    added = client.post(
        f"/manage/surveys/{survey.id}/questions/new", data={**data, "add_option": "1"}
    )
    page = added.get_data(as_text=True)
    assert added.status_code == 200 and 'name="options-3-label_de"' in page
    assert "Haben Sie Kinder unter 14 Jahren?" in page  # nothing typed is lost
    assert client.post(f"/manage/surveys/{survey.id}/questions/new", data=data).status_code == 303
    kids = db.session.scalar(select(Question))
    assert kids.code == "Q01" and [o.label["de"] for o in kids.options] == ["Ja", "Nein"]
    assert kids.text == {
        "de": "Haben Sie Kinder unter 14 Jahren?",
        "en": "Do you have children under 14?",
    }
    # A scale question shown only to parents.
    scale = {
        "type": "scale",
        "section_id": section.id,
        "text_de": "Wie zufrieden sind Ihre Kinder mit dem Spielplatz?",
        "scale_min": "1",
        "scale_max": "5",
        "label_min_de": "gar nicht",
        "label_max_de": "sehr",
        "condition": f"{kids.id}:1",
    }
    assert client.post(f"/manage/surveys/{survey.id}/questions/new", data=scale).status_code == 303
    db.session.expire_all()
    happy = db.session.scalar(select(Question).where(Question.type == "scale"))
    assert (happy.code, happy.condition_question_id, happy.condition_value) == ("Q02", kids.id, "1")
    assert happy.settings["label_min"] == {"de": "gar nicht"}
    outline = client.get(f"/manage/surveys/{survey.id}", headers=EN).get_data(as_text=True)
    assert "only if question 1 = “Yes”" in outline
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "survey.question"))


def test_builder_refuses_bad_settings_and_backward_conditions(create_survey, login):
    survey = create_survey(
        questions=[{"type": "short_text"}, {"type": "single", "options": ["A", "B"]}], publish=False
    )
    text, choice = survey.ordered_questions()
    client = login(survey.creator)
    base = {"section_id": survey.sections[0].id, "text_de": "Wie alt?"}
    response = client.post(
        f"/manage/surveys/{survey.id}/questions/new",
        data={**base, "type": "number", "num_min": "10", "num_max": "5"},
        headers=EN,
    )
    assert response.status_code == 422
    assert "The smallest allowed number must be below the largest." in response.get_data(
        as_text=True
    )
    # A question may only depend on an earlier one.
    response = client.post(
        f"/manage/surveys/{survey.id}/questions/{text.id}/edit",
        data={**base, "type": "short_text", "condition": f"{choice.id}:1"},
        headers=EN,
    )
    assert response.status_code == 422
    # Moving the dependent question above its source is refused as well.
    client.post(
        f"/manage/surveys/{survey.id}/questions/{text.id}/edit",
        data={**base, "type": "short_text", "text_de": "Text"},
    )
    edit = {
        "section_id": survey.sections[0].id,
        "type": "single",
        "text_de": "Wahl",
        "options-0-id": str(choice.options[0].id),
        "options-0-label_de": "A",
        "options-1-id": str(choice.options[1].id),
        "options-1-label_de": "B",
    }
    assert (
        client.post(
            f"/manage/surveys/{survey.id}/questions/{choice.id}/edit", data=edit
        ).status_code
        == 303
    )
    response = client.post(
        f"/manage/surveys/{survey.id}/questions/new",
        data={**base, "type": "short_text", "condition": f"{choice.id}:2"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    dependent = db.session.scalar(
        select(Question).where(Question.condition_question_id == choice.id)
    )
    response = client.post(f"/manage/surveys/{survey.id}/questions/{dependent.id}/up")
    response = client.post(f"/manage/surveys/{survey.id}/questions/{dependent.id}/up", headers=EN)
    assert response.status_code == 303
    db.session.expire_all()
    order = [q.id for q in db.session.get(Survey, survey.id).ordered_questions()]
    assert order.index(choice.id) < order.index(dependent.id)


def test_survey_with_answers_is_locked_and_offers_a_copy(create_survey, add_response, login):
    survey = create_survey(
        questions=[{"type": "single", "options": ["Ja", "Nein"]}, {"type": "short_text"}]
    )
    choice, text = survey.ordered_questions()
    add_response(survey, {choice.field_name: "1"})
    client = login(survey.creator)
    page = client.get(f"/manage/surveys/{survey.id}", headers=EN).get_data(as_text=True)
    assert "This survey already has answers." in page and "Make a copy" in page
    assert f"/questions/{text.id}/delete" not in page
    # Deleting anyway (a stale page) is refused and explained; htmx gets the outline with 422.
    response = client.post(
        f"/manage/surveys/{survey.id}/questions/{text.id}/delete",
        headers={**EN, "HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Make a copy of the survey instead." in response.get_data(as_text=True)
    assert 'id="outline"' in response.get_data(as_text=True)
    assert "<html" not in response.get_data(as_text=True)
    # Changing the type or dropping an option is refused too.
    edit = client.get(f"/manage/surveys/{survey.id}/questions/{choice.id}/edit", headers=EN)
    assert "the type cannot change" in edit.get_data(as_text=True)
    response = client.post(
        f"/manage/surveys/{survey.id}/questions/{choice.id}/edit",
        data={
            "type": "single",
            "section_id": survey.sections[0].id,
            "text_de": "Neu formuliert",
            "options-0-id": str(choice.options[0].id),
            "options-0-label_de": "Ja",
        },
        headers=EN,
    )
    assert response.status_code == 422 and "Make a copy" in response.get_data(as_text=True)
    db.session.expire_all()
    assert len(db.session.get(Question, choice.id).options) == 2
    # Texts can still be corrected and options added.
    response = client.post(
        f"/manage/surveys/{survey.id}/questions/{choice.id}/edit",
        data={
            "type": "single",
            "section_id": survey.sections[0].id,
            "text_de": "Neu formuliert",
            "options-0-id": str(choice.options[0].id),
            "options-0-label_de": "Ja",
            "options-1-id": str(choice.options[1].id),
            "options-1-label_de": "Nein",
            "options-2-label_de": "Weiß nicht",
        },
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert [o.code for o in db.session.get(Question, choice.id).options] == ["1", "2", "3"]
    # The copy is a draft with the same questions, codes and no answers.
    response = client.post(f"/manage/surveys/{survey.id}/copy")
    copy = db.session.scalar(select(Survey).where(Survey.copied_from_id == survey.id))
    assert response.status_code == 303 and copy.status == "draft" and copy.response_count == 0
    assert [q.code for q in copy.ordered_questions()] == ["Q01", "Q02"]
    assert (
        client.post(
            f"/manage/surveys/{copy.id}/questions/{copy.questions[1].id}/delete"
        ).status_code
        == 303
    )


def test_htmx_move_swaps_only_the_outline(create_survey, login):
    survey = create_survey(questions=[{"type": "short_text"}, {"type": "long_text"}], publish=False)
    first, second = survey.ordered_questions()
    client = login(survey.creator)
    response = client.post(
        f"/manage/surveys/{survey.id}/questions/{second.id}/up", headers={"HX-Request": "true"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and body.lstrip().startswith('<div id="outline"')
    assert body.index(f'id="question-{second.id}"') < body.index(f'id="question-{first.id}"')


def test_settings_validation_and_permissions(create_survey, create_user, login, add_response):
    survey = create_survey(questions=[{"type": "short_text"}])
    client = login(survey.creator)
    data = {
        "anonymous": "1",
        "mode": "open",
        "opens_at": "2026-05-02T10:00",
        "closes_at": "2026-05-01T10:00",
    }
    response = client.post(f"/manage/surveys/{survey.id}/settings", data=data, headers=EN)
    assert response.status_code == 422 and "must close after it opens" in response.get_data(
        as_text=True
    )
    data = {"anonymous": "1", "mode": "open", "suppression_k": "2"}
    assert client.post(f"/manage/surveys/{survey.id}/settings", data=data).status_code == 422
    data = {
        "anonymous": "1",
        "mode": "open",
        "suppression_k": "10",
        "closes_at": "2026-05-01T10:00",
    }
    assert client.post(f"/manage/surveys/{survey.id}/settings", data=data).status_code == 303
    db.session.expire_all()
    stored = db.session.get(Survey, survey.id)
    assert stored.k == 10 and stored.closes_at.hour == 8  # 10:00 Berlin summer time = 08:00 UTC
    (q,) = stored.ordered_questions()
    add_response(stored, {q.field_name: "x"}, channel="paper", user=survey.creator)
    data = {"anonymous": "0", "mode": "open"}
    response = client.post(f"/manage/surveys/{survey.id}/settings", data=data, headers=EN)
    assert response.status_code == 422 and "promise" in response.get_data(as_text=True)
    spandau = login(create_user(roles=["manager"], areas=["05"]))
    assert spandau.get(f"/manage/surveys/{survey.id}").status_code == 403
    neukoelln = login(create_user(roles=["manager"], areas=["08"]))
    assert neukoelln.get(f"/manage/surveys/{survey.id}").status_code == 200
    council = login(create_user(roles=["council"]))
    assert council.get(f"/manage/surveys/{survey.id}").status_code == 403
    assert council.get(f"/manage/surveys/{survey.id}/results").status_code == 200


def test_locked_scale_keeps_its_range(create_survey, add_response, login):
    survey = create_survey(questions=[{"type": "scale", "settings": {"min": 1, "max": 5}}])
    (q,) = survey.ordered_questions()
    add_response(survey, {q.field_name: "5"})
    data = {
        "type": "scale",
        "section_id": survey.sections[0].id,
        "text_de": "Neu",
        "scale_min": "1",
    }
    client = login(survey.creator)
    response = client.post(
        f"/manage/surveys/{survey.id}/questions/{q.id}/edit",
        data={**data, "scale_max": "4"},
        headers=EN,
    )
    # refused with the reason, the planner's typing kept, nothing stored: the answer "5" still fits
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already has answers" in page and "Make a copy" in page
    assert re.search(r'name="text_de"[^>]*(>\s*Neu\s*</textarea>|value="Neu")', page)
    db.session.expire_all()
    stored = db.session.get(Question, q.id)
    assert (stored.settings["min"], stored.settings["max"]) == (1, 5)
    assert stored.text["de"] == "Frage 1"
    # the same edit with the range unchanged goes through: new text, range still 1–5
    response = client.post(
        f"/manage/surveys/{survey.id}/questions/{q.id}/edit", data={**data, "scale_max": "5"}
    )
    assert response.status_code == 303
    db.session.expire_all()
    stored = db.session.get(Question, q.id)
    assert stored.text["de"] == "Neu"
    assert (stored.settings["min"], stored.settings["max"]) == (1, 5)
