"""The resident's response on the hot path (``services/driver_sql.py``) and the response count.

A form response is committed by ``store_response(commit=True)``: one statement on PostgreSQL,
driver calls on SQLite. It must store exactly the rows of the session path, catch a repeated key
and a second answer from a browser, bump the same versions — and the response count a resident
or staff member sees includes it at once, although ``surveys.response_count`` is only raised by
the fold (counted responses; readers add the uncounted tail).
"""

import re
import secrets
import threading

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from participation.extensions import db
from participation.surveys import counters, fold
from participation.surveys.models import Survey
from participation.surveys.response_models import ResponseArea, SurveyAnswer, SurveyResponse
from participation.surveys.services import driver_sql
from participation.surveys.services.responses import read_form, store_response

pytestmark = pytest.mark.berlin

QUESTIONS = [
    {"type": "single", "options": ["Schaukel", "Rutsche"], "settings": {"allow_other": True}},
    {"type": "multiple", "options": ["Bänke", "Schatten", "Trinkbrunnen"]},
    {"type": "number", "settings": {"min": 0, "max": 20}},
    {"type": "date"},
    {"type": "ranking", "options": ["Spielgeräte", "Grün", "Sitzplätze"]},
    {"type": "short_text"},
    {"type": "map"},
    {"type": "area", "settings": {"within": "all", "home": True}},
]


def form(survey, home_id: int) -> dict:
    """Answers to every question (an "other" text, two options, a decimal, a point)."""
    q = {question.type: question for question in survey.ordered_questions()}
    return {
        q["single"].field_name: "other",
        f"{q['single'].field_name}_other": "Tischtennisplatte",
        q["multiple"].field_name: ["1", "3"],
        q["number"].field_name: "2,5",
        q["date"].field_name: "2026-05-03",
        f"{q['ranking'].field_name}_2": "1",
        f"{q['ranking'].field_name}_1": "2",
        q["short_text"].field_name: "Mehr Schatten am Sandkasten",
        f"{q['map'].field_name}_lon": "13.4385",
        f"{q['map'].field_name}_lat": "52.4715",
        q["area"].field_name: str(home_id),
    }


def stored_rows(response_id: int) -> tuple:
    """The response's rows without ids and keys (what the results and exports read)."""
    r = SurveyResponse.__table__
    response = db.session.execute(
        select(*[c for c in r.c if c.name not in ("id", "idempotency_key")]).where(
            r.c.id == response_id
        )
    ).one()
    areas = db.session.execute(
        select(ResponseArea.area_id, ResponseArea.level_rank, ResponseArea.survey_id)
        .where(ResponseArea.response_id == response_id)
        .order_by(ResponseArea.level_rank)
    ).all()
    a = SurveyAnswer.__table__
    answers = db.session.execute(
        select(*[c for c in a.c if c.name not in ("id", "response_id")])
        .where(a.c.response_id == response_id)
        .order_by(a.c.id)
    ).all()
    return tuple(response), areas, answers


def count_shown(survey_id: int) -> tuple[int, int]:
    """``Survey.response_count`` as a column query (panels) and loaded with the object."""
    db.session.expire_all()
    column = db.session.scalar(select(Survey.response_count).where(Survey.id == survey_id))
    return column, db.session.get(Survey, survey_id).response_count


def test_the_form_write_stores_the_rows_of_the_session_path(client, create_survey, answer, area):
    survey = create_survey(questions=QUESTIONS)
    home = area("08010213")
    data = form(survey, home.id)
    written = []
    driver_sql.observer = lambda *figures: written.append(figures)
    try:
        assert answer(client, survey, data).status_code == 303
    finally:
        driver_sql.observer = None
    assert len(written) == 1  # the hot path wrote it (not the session fallback)
    first = db.session.scalar(select(func.max(SurveyResponse.id)))
    fields = MultiDict(
        [(k, v) for k, vs in data.items() for v in (vs if isinstance(vs, list) else [vs])]
    )
    store_response(survey, read_form(survey, fields), channel="online")  # the session path
    db.session.commit()
    second = db.session.scalar(select(func.max(SurveyResponse.id)))
    assert second != first
    via_form, via_session = stored_rows(first), stored_rows(second)
    assert via_form == via_session
    response, areas, answers = via_form
    assert len(areas) == 4 and len(answers) == 10
    assert any(row.value_num == 2.5 for row in answers)
    assert any(row.lon == pytest.approx(13.4385) for row in answers)


def test_a_response_counts_at_once_and_the_fold_moves_it_to_the_counted_column(
    client, create_survey, answer, area, login
):
    survey = create_survey(questions=QUESTIONS[:3])
    q = survey.ordered_questions()
    data = {q[0].field_name: "1", q[1].field_name: ["2"], q[2].field_name: "4"}
    assert answer(client, survey, data).status_code == 303
    assert count_shown(survey.id) == (1, 1)
    assert db.session.get(Survey, survey.id).counted_responses == 0  # not a hot row any more
    assert db.session.get(Survey, survey.id).locked  # the builder sees the answer at once
    staff = login(survey.creator)
    page = staff.get(f"/manage/surveys/{survey.id}/entry").get_data(as_text=True)
    assert "1 Antwort" in page
    assert fold.fold_survey(survey.id) == 1
    assert count_shown(survey.id) == (1, 1)
    assert db.session.get(Survey, survey.id).counted_responses == 1
    assert answer(app_client(client), survey, data).status_code == 303  # another browser
    assert count_shown(survey.id) == (2, 2)
    counters.recount(survey.id)
    db.session.commit()
    assert count_shown(survey.id) == (2, 2)
    assert db.session.get(Survey, survey.id).counted_responses == 2


def app_client(client):
    """A fresh client of the same app: another browser (no survey cookie)."""
    return client.application.test_client()


def test_a_repeated_key_and_a_second_answer_from_the_browser(client, create_survey, answer):
    survey = create_survey(questions=QUESTIONS[:3])
    q = survey.ordered_questions()
    data = {q[0].field_name: "2", q[2].field_name: "7"}
    page = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    for _attempt in range(2):  # a double submit: both acknowledged, one stored
        response = client.post(f"/surveys/{survey.id}", data={"idempotency_key": key, **data})
        assert response.status_code == 303
    assert count_shown(survey.id) == (1, 1)
    again = client.post(
        f"/surveys/{survey.id}", data={"idempotency_key": secrets.token_urlsafe(24), **data}
    )
    assert again.status_code == 409 and "schon beantwortet" in again.get_data(as_text=True)
    assert count_shown(survey.id) == (1, 1)
    assert db.session.scalar(select(func.count()).select_from(SurveyAnswer)) == 2


def test_concurrent_submissions_are_all_stored_and_counted(app, create_survey):
    """PostgreSQL: writers run in parallel (no row every response of the survey locks)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer")
    survey = create_survey(questions=QUESTIONS[:3])
    q = survey.ordered_questions()
    data = {q[0].field_name: "1", q[1].field_name: ["1", "3"], q[2].field_name: "3"}
    signer = URLSafeSerializer(app.config["SECRET_KEY"], salt="survey-browser")
    statuses: list[int] = []
    start = threading.Barrier(6)

    def resident(number: int, n: int) -> None:
        web = app.test_client()
        # every resident from another network: the rate limit per address is not under test
        address = {"REMOTE_ADDR": f"10.{number}.0.7"}
        start.wait(30)
        for _i in range(n):
            web.set_cookie("survey_browser", signer.dumps(secrets.token_urlsafe(24)))
            key = secrets.token_urlsafe(24)
            statuses.append(
                web.post(
                    f"/surveys/{survey.id}",
                    data={"idempotency_key": key, **data},
                    environ_base=address,
                ).status_code
            )

    threads = [threading.Thread(target=resident, args=(t, 5)) for t in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert statuses == [303] * 30
    assert count_shown(survey.id) == (30, 30)
    assert fold.fold_survey(survey.id) == 30
    assert count_shown(survey.id) == (30, 30)
    assert db.session.get(Survey, survey.id).counted_responses == 30
