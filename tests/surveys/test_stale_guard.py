"""The resident's form uses the questionnaire this process compiled last without reading its
content versions first; the write stores nothing if one has moved (``compiled.recent``,
``store_response(expect=…)``: on PostgreSQL checked inside the one statement). Also: answers with
quotes, backslashes and braces reach PostgreSQL unchanged (the arrays go as literals)."""

import secrets

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from participation.core import cache
from participation.extensions import db
from participation.surveys import compiled
from participation.surveys.response_models import BrowserToken, SurveyAnswer, SurveyResponse
from participation.surveys.services import driver_sql, response_write
from participation.surveys.services.responses import Stale, read_form, store_response

pytestmark = pytest.mark.berlin

QUESTIONS = [
    {"type": "single", "options": ["Schaukel", "Rutsche"]},
    {"type": "short_text"},
]


def _stored() -> tuple[int, int, int]:
    """Responses, answers and browser tokens in the database."""
    db.session.expire_all()
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (SurveyResponse, SurveyAnswer, BrowserToken)
    )


def _fields(data: dict) -> MultiDict:
    return MultiDict(list(data.items()))


def test_a_write_against_a_moved_version_stores_nothing(client, create_survey, answer, monkeypatch):
    survey = create_survey(questions=QUESTIONS)
    q = survey.ordered_questions()
    data = {q[0].field_name: "1", q[1].field_name: "Mehr Bänke"}
    assert answer(client, survey, data).status_code == 303  # compiles the questionnaire
    found = compiled.recent(survey.id)
    assert found is not None
    questionnaire, seen = found
    names = compiled.version_names(survey.id)
    assert seen == cache.versions(*names)
    cache.bump(f"survey:{survey.id}")  # another worker's edit
    db.session.commit()
    before = _stored()
    responses_version = cache.versions(f"survey:{survey.id}:responses")

    def no_session_path(*args):
        raise AssertionError("the driver path must decide")

    monkeypatch.setattr(response_write, "_write_in_session", no_session_path)
    token = secrets.token_urlsafe(24)
    with pytest.raises(Stale):
        store_response(
            questionnaire,
            read_form(questionnaire, _fields(data)),
            browser_token=token,
            commit=True,
            expect=(names, seen),
        )
    assert _stored() == before  # no response, no answers, no browser token
    assert cache.versions(f"survey:{survey.id}:responses") == responses_version  # no bump
    stored, repeat = store_response(
        questionnaire,
        read_form(questionnaire, _fields(data)),
        browser_token=token,
        commit=True,
        expect=(names, cache.versions(*names)),
    )
    assert not repeat and db.session.get(SurveyResponse, stored) is not None
    assert _stored() == (before[0] + 1, before[1] + 2, before[2] + 1)


def test_the_session_path_checks_the_versions_too(app, create_survey, answer, client):
    survey = create_survey(questions=QUESTIONS)
    q = survey.ordered_questions()
    data = {q[0].field_name: "2"}
    assert answer(client, survey, data).status_code == 303
    questionnaire, seen = compiled.recent(survey.id)
    cache.bump("areas")
    db.session.commit()
    before = _stored()
    with pytest.raises(Stale):  # commit=False: the staff path, in the session
        store_response(
            questionnaire,
            read_form(questionnaire, _fields(data)),
            expect=(compiled.version_names(survey.id), seen),
        )
    db.session.rollback()
    assert _stored() == before


def test_the_form_is_read_again_after_another_workers_edit(client, create_survey, answer):
    survey = create_survey(questions=QUESTIONS)
    q = survey.ordered_questions()
    data = {q[0].field_name: "1", q[1].field_name: "Schatten"}
    assert answer(client, survey, data).status_code == 303
    old = compiled.recent(survey.id)[1]
    cache.bump("processes")  # e.g. a process edited on another worker
    db.session.commit()
    written = []
    driver_sql.observer = lambda *figures: written.append(figures)
    try:
        other = client.application.test_client()  # another browser
        assert answer(other, survey, data).status_code == 303
    finally:
        driver_sql.observer = None
    assert len(written) == 1  # stored once, on the hot path, after compiling again
    assert compiled.recent(survey.id)[1] != old
    assert _stored()[0] == 2


@pytest.mark.parametrize(
    "text",
    [
        'Er sagte "Hallo" \\ und {a,b}',
        "NULL",
        "Zeile 1\nZeile 2, mit Komma",
        '\\"',
    ],
)
def test_texts_with_quotes_backslashes_and_braces_are_stored_unchanged(
    client, create_survey, answer, text
):
    survey = create_survey(questions=QUESTIONS)
    q = survey.ordered_questions()
    written = []
    driver_sql.observer = lambda *figures: written.append(figures)
    try:
        sent = answer(client, survey, {q[0].field_name: "2", q[1].field_name: text})
    finally:
        driver_sql.observer = None
    assert sent.status_code == 303 and len(written) == 1
    stored = db.session.scalars(
        select(SurveyAnswer.value_text).where(SurveyAnswer.question_id == q[1].id)
    ).all()
    assert stored == [text]


def test_a_copy_that_says_closed_is_renewed_when_the_survey_reopens(client, create_survey, answer):
    """This process's copy of the questionnaire says "closed"; another worker reopened the
    survey. The copy refuses the form, the form is decided against the current questionnaire
    and stored on the hot path, and the copy is renewed (so later answers stay fast)."""
    from participation.surveys.models import Survey

    survey = create_survey(questions=QUESTIONS)
    q = survey.ordered_questions()
    data = {q[0].field_name: "1", q[1].field_name: "Schatten"}
    assert answer(client, survey, data).status_code == 303
    db.session.get(Survey, survey.id).status = "closed"  # another worker closes it
    db.session.commit()
    assert answer(client.application.test_client(), survey, data).status_code != 303
    assert compiled.recent(survey.id)[0].state() == "closed"
    db.session.get(Survey, survey.id).status = "published"  # ... and reopens it
    db.session.commit()
    written = []
    driver_sql.observer = lambda *figures: written.append(figures)
    try:
        assert answer(client.application.test_client(), survey, data).status_code == 303
    finally:
        driver_sql.observer = None
    assert len(written) == 1 and compiled.recent(survey.id)[0].state() == "open"
    assert _stored()[0] == 2
