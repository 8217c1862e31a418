"""Maintained answer counters: equal to a fresh recount after every write path, and the results
page shows exactly the same figures from them as from counting the answers live."""

import random
import re

import pytest
from sqlalchemy import delete, event, select, update

from participation.extensions import db
from participation.surveys import counters, fold
from participation.surveys import results as survey_results
from participation.surveys.counter_models import AreaAnswerCount, AreaRespondentCount
from participation.surveys.models import AnswerCount, RespondentCount, Survey
from participation.surveys.response_models import (
    ResponseArea,
    SurveyAnswer,
    SurveyResponse,
)
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


def stored_areas() -> tuple[set, set]:
    """Every per-area counter row of the database (answers, respondents)."""
    answers = set(db.session.execute(select(*AreaAnswerCount.__table__.c)).all())
    respondents = set(db.session.execute(select(*AreaRespondentCount.__table__.c)).all())
    return answers, respondents


def figures_of(survey_id: int) -> list:
    """What the results read (counters + the uncounted tail) under every filter kind."""
    areas = db.session.scalars(
        select(ResponseArea.area_id).where(ResponseArea.survey_id == survey_id).distinct()
    ).all()
    filters = [(s, c, None) for s in (None, "open", "representative") for c in (None, "paper")]
    filters += [(None, None, a) for a in sorted(areas)]
    out = []
    for sample, channel, area_id in filters:
        snap = counters.snapshot(survey_id, sample, channel, area_id)
        out.append((snap.answers, snap.respondents))
    return out


def assert_equal_to_recount(*surveys) -> None:
    """Counters + tail = a recount before the fold, after it, and the folded counters = recount."""
    db.session.expire_all()
    shown = {s.id: figures_of(s.id) for s in surveys}
    db.session.rollback()
    for survey in surveys:
        fold.fold_survey(survey.id)
        assert fold.tail_size(survey.id) == 0
        assert figures_of(survey.id) == shown[survey.id]
    before, before_areas = stored(), stored_areas()
    assert before[0] and before[1]
    for survey in surveys:
        counters.recount(survey.id)
    assert stored() == before
    assert stored_areas() == before_areas
    for survey in surveys:
        assert figures_of(survey.id) == shown[survey.id]
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
    # the coded answers are in the counters, the staff entries in the uncounted tail
    assert fold.fold_survey(survey.id) == 40
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
    # nothing counted live but the uncounted tail (the staff entries)
    assert [s for s in statements if "survey_answers" in s]
    assert all("fold_batch IS NULL" in s for s in statements if "survey_answers" in s)
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


def figures(view) -> list:
    """What the results page prints per question: answered, and each row's label and count."""
    return [
        (str(r.answered), [(row.label, str(row.cell)) for row in r.rows]) for r in view.questions
    ]


@pytest.mark.parametrize("code", ["08010213", "08"])  # a Planungsraum and the whole district
def test_area_filter_reads_the_area_counters(filled, area, code):
    """An area filter reads the per-area counters: the same figures as counting live."""
    place = area(code)
    args = {"sample": "both", "area": str(place.id)}
    statements = []

    def seen(conn, cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        before = survey_results.build(filled, args)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    # nothing counted live but the uncounted tail (the staff entries)
    assert all("fold_batch IS NULL" in s for s in statements if "survey_answers" in s)
    # the respondents who live there, counted independently of the results code
    in_area = db.session.scalar(
        select(db.func.count(db.distinct(ResponseArea.response_id))).where(
            ResponseArea.survey_id == filled.id, ResponseArea.area_id == place.id
        )
    )
    assert 0 < in_area <= 80 and before.total.value == in_area
    single = before.questions[0]
    chosen = dict(
        db.session.execute(
            select(SurveyAnswer.option_id, db.func.count())
            .where(
                SurveyAnswer.question_id == single.question.id,
                SurveyAnswer.option_id.is_not(None),
                SurveyAnswer.response_id.in_(
                    select(ResponseArea.response_id).where(ResponseArea.area_id == place.id)
                ),
            )
            .group_by(SurveyAnswer.option_id)
        ).all()
    )
    shown = {row.key: row.cell.value for row in single.rows if row.key.isdigit()}
    assert {int(k): v for k, v in shown.items() if v} == chosen
    assert before.questions == survey_results.build(filled, args, live=True).questions

    # the page reads the area counters: wrong counters show, and a recount repairs them
    fold.fold_survey(filled.id)
    assert figures(survey_results.build(filled, args)) == figures(before)
    db.session.execute(
        update(AreaAnswerCount).where(AreaAnswerCount.survey_id == filled.id).values(n=999)
    )
    db.session.commit()
    db.session.expire_all()
    assert figures(survey_results.build(filled, args)) != figures(before)
    counters.recount(filled.id)
    db.session.commit()
    assert figures(survey_results.build(filled, args)) == figures(before)


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
