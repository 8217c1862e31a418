"""Maintained answer counters: equal to a fresh recount after every write path, and the results
page shows exactly the same figures from them as from counting the answers live."""

import random
import re

import pytest
from sqlalchemy import delete, event, select

from participation.extensions import db
from participation.surveys import counters
from participation.surveys import results as survey_results
from participation.surveys.models import AnswerCount, RespondentCount, Survey
from participation.surveys.services.invitations import generate_invitations

pytestmark = pytest.mark.berlin

EVERY_TYPE = [
    {
        "type": "single",
        "options": ["Schaukel", "Rutsche", "Sandkasten"],
        "settings": {"allow_other": True},
    },
    {
        "type": "multiple",
        "options": ["Bänke", "Schatten", "Trinkbrunnen", "Licht"],
        "settings": {"allow_other": True},
    },
    {"type": "scale", "settings": {"min": 1, "max": 5}},
    {"type": "number", "settings": {"min": 0, "max": 20}},
    {"type": "number"},
    {"type": "date"},
    {"type": "ranking", "options": ["Spielgeräte", "Grün", "Sitzplätze"]},
    {"type": "short_text"},
    {"type": "area", "settings": {"within": "all", "home": True}},
]


def stored() -> tuple[set, set]:
    """Every counter row of the database (answers, respondents)."""
    answers = set(db.session.execute(select(*AnswerCount.__table__.c)).all())
    respondents = set(db.session.execute(select(*RespondentCount.__table__.c)).all())
    return answers, respondents


def assert_equal_to_recount(*surveys) -> None:
    db.session.expire_all()
    before = stored()
    assert before[0] and before[1]
    for survey in surveys:
        counters.recount(survey.id)
    assert stored() == before
    db.session.rollback()


def random_form(survey, rng: random.Random, areas: list[int]) -> dict:
    """Answers to some of the questions (each skipped now and then)."""
    form = {}
    for q in survey.ordered_questions():
        if rng.random() < 0.15:
            continue
        name = q.field_name
        if q.type == "single":
            value = rng.choice(["1", "1", "2", "3", "other"])
            form[name] = value
            if value == "other":
                form[f"{name}_other"] = "Tischtennisplatte"
        elif q.type == "multiple":
            form[name] = [c for c in "1234" if rng.random() < 0.5]
            if rng.random() < 0.2:
                form[f"{name}_other"] = "Wasserspiel"
        elif q.type == "scale":
            form[name] = str(rng.choice([1, 2, 3, 4, 4, 5, 5]))
        elif q.type == "number":
            form[name] = rng.choice(["0", "1", "2,5", "3", "7", "12", "19,5"])
        elif q.type == "date":
            form[name] = rng.choice(["2026-05-03", "2026-05-30", "2026-06-12", "14.7.2026"])
        elif q.type == "ranking":
            order = rng.sample("123", rng.choice([1, 2, 3]))
            form.update({f"{name}_{code}": str(rank) for rank, code in enumerate(order, 1)})
        elif q.type == "short_text":
            form[name] = "Mehr Schatten bitte"
        elif q.type == "area":
            form[name] = str(rng.choice(areas))
    return form


@pytest.fixture
def filled(create_survey, add_response, create_user, area):
    """A representative survey with every question type: coded online answers, staff entries."""
    survey = create_survey(questions=EVERY_TYPE, mode="representative")
    staff = create_user(roles=["staff"], areas=["08"])
    rng = random.Random(7)
    areas = [area("08010213").id, area("08010214").id]
    codes = [i.code for i in generate_invitations(survey, survey.creator, 40)]
    db.session.commit()
    for code in codes:
        add_response(survey, random_form(survey, rng, areas), code=code)
    for i in range(40):
        channel = ["paper", "paper", "doorstep", "phone"][i % 4]
        add_response(survey, random_form(survey, rng, areas), channel=channel, user=staff)
    return db.session.get(Survey, survey.id)


def test_counters_equal_a_recount_after_codes_and_staff_entry(filled):
    assert_equal_to_recount(filled)
    total = db.session.scalar(
        select(db.func.sum(RespondentCount.n)).where(
            RespondentCount.survey_id == filled.id,
            RespondentCount.question_id == filled.ordered_questions()[2].id,
        )
    )
    assert 0 < total <= 80


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"sample": "representative"},
        {"sample": "open"},
        {"sample": "both"},
        {"sample": "both", "channel": "paper"},
        {"sample": "open", "channel": "doorstep"},
        {"sample": "representative", "channel": "online"},
        {"sample": "both", "channel": "phone"},
    ],
)
def test_results_from_counters_equal_the_live_count(filled, args):
    statements = []

    def seen(conn, cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        from_counters = survey_results.build(filled, args)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert not [s for s in statements if "survey_answers" in s]  # nothing counted live
    live = survey_results.build(filled, args, live=True)
    assert from_counters.questions == live.questions
    assert {r.question.type for r in live.questions} >= {"single", "ranking", "date", "area"}
    # Not everything was suppressed: the comparison covers real figures and statistics.
    if args.get("sample") == "both" and not args.get("channel"):
        by_type = {r.question.type: r for r in reversed(live.questions)}  # first of each type
        for kind in ("single", "multiple", "scale", "number", "date", "ranking", "area"):
            assert any(not row.cell.suppressed for row in by_type[kind].rows), kind
        assert by_type["scale"].stats and by_type["number"].stats
        assert any(row.extra["mean_rank"] for row in by_type["ranking"].rows)
        assert not by_type["short_text"].answered.suppressed


def test_area_filter_keeps_counting_live(filled, area):
    flt = survey_results.build(filled, {"area": str(area("08010213").id)}).flt
    assert not survey_results.uses_counters(flt)


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
    for _ in range(2):
        assert client.post(f"/surveys/{survey.id}", data=form).status_code in (200, 302, 303)
    for n in range(3):  # other browsers
        other = client.application.test_client()
        answer(other, survey, {single.field_name: "1", scale.field_name: str(n + 1)})
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).response_count == 4
    respondents = dict(
        db.session.execute(
            select(RespondentCount.question_id, RespondentCount.n).where(
                RespondentCount.survey_id == survey.id
            )
        ).all()
    )
    assert respondents == {single.id: 4, multiple.id: 1, scale.id: 4}
    assert_equal_to_recount(survey)


def test_deleting_a_survey_removes_its_counters(filled, create_survey, add_response):
    other = create_survey(questions=[{"type": "scale"}])
    add_response(other, {other.ordered_questions()[0].field_name: "3"})
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
