"""A response's answer rows go to the driver as they are (``surveys/bulk.py``), its counters are
added by the fold (``surveys/fold.py``): the stored values, the counters and the content versions
must be exactly what the results need."""

import pytest
from sqlalchemy import select

from participation.core.models import ContentVersion
from participation.extensions import db
from participation.surveys import counters, fold
from participation.surveys.counter_models import AreaAnswerCount, AreaRespondentCount
from participation.surveys.models import AnswerCount, RespondentCount, Survey
from participation.surveys.response_models import (
    SurveyAnswer,
    SurveyResponse,
)

pytestmark = pytest.mark.berlin

QUESTIONS = [
    {"type": "single", "options": ["Schaukel", "Rutsche"], "settings": {"allow_other": True}},
    {"type": "multiple", "options": ["Bänke", "Schatten", "Trinkbrunnen"]},
    {"type": "number", "settings": {"min": 0, "max": 20}},
    {"type": "ranking", "options": ["Spielgeräte", "Grün", "Sitzplätze"]},
    {"type": "short_text"},
    {"type": "area", "settings": {"within": "all", "home": True}},
]


def versions(*names: str) -> dict:
    rows = db.session.execute(
        select(ContentVersion.name, db.func.sum(ContentVersion.version))
        .where(ContentVersion.name.in_(names))
        .group_by(ContentVersion.name)
    )
    return {name: 0 for name in names} | {name: int(v) for name, v in rows.all()}


def counter_rows() -> list[set]:
    tables = (AnswerCount, RespondentCount, AreaAnswerCount, AreaRespondentCount)
    return [set(db.session.execute(select(*t.__table__.c)).all()) for t in tables]


def test_a_form_response_stores_its_values_counters_and_versions(
    client, create_survey, answer, area
):
    survey = create_survey(questions=QUESTIONS)
    q = {question.type: question for question in survey.ordered_questions()}
    names = ("surveys", f"survey:{survey.id}:responses")
    home = area("08010213")
    before = versions(*names)
    data = {
        q["single"].field_name: "other",
        f"{q['single'].field_name}_other": "Tischtennisplatte",
        q["multiple"].field_name: ["1", "3"],
        q["number"].field_name: "2,5",
        f"{q['ranking'].field_name}_2": "1",
        f"{q['ranking'].field_name}_1": "2",
        q["short_text"].field_name: "Mehr Schatten bitte",
        q["area"].field_name: str(home.id),
    }
    assert answer(client, survey, data).status_code == 303
    db.session.expire_all()
    after = versions(*names)
    assert all(after[name] == before[name] + 1 for name in names)  # one bump each, per response

    response_id = db.session.scalar(select(SurveyResponse.id))
    stored = db.session.execute(
        select(
            SurveyAnswer.question_id,
            SurveyAnswer.option_id,
            SurveyAnswer.value_num,
            SurveyAnswer.value_text,
            SurveyAnswer.area_id,
        ).where(SurveyAnswer.response_id == response_id)
    ).all()
    options = {question.id: [o.id for o in question.options] for question in q.values()}
    multiple, ranking = options[q["multiple"].id], options[q["ranking"].id]
    assert sorted(stored, key=repr) == sorted(
        [
            (q["single"].id, None, None, "Tischtennisplatte", None),
            (q["multiple"].id, multiple[0], None, None, None),
            (q["multiple"].id, multiple[2], None, None, None),
            (q["number"].id, None, 2.5, None, None),
            (q["ranking"].id, ranking[1], 1.0, None, None),
            (q["ranking"].id, ranking[0], 2.0, None, None),
            (q["short_text"].id, None, None, "Mehr Schatten bitte", None),
            (q["area"].id, None, None, None, home.id),
        ],
        key=repr,
    )

    # no counter row is written with the response (it is in the uncounted tail); after the
    # fold the counters, per area of the respondent's chain too, equal a recount
    assert counter_rows() == [set(), set(), set(), set()]
    assert fold.fold_survey(survey.id) == 1
    db.session.expire_all()
    maintained = counter_rows()
    assert all(maintained) and len({r.respondent_area_id for r in maintained[3]}) == 4
    counters.recount(survey.id)
    assert counter_rows() == maintained
    db.session.rollback()
    assert db.session.get(Survey, survey.id).response_count == 1


def test_staff_entries_write_the_same_counters_as_online_answers(
    client, create_survey, answer, add_response, create_user
):
    survey = create_survey(questions=QUESTIONS[:3])
    q = survey.ordered_questions()
    data = {q[0].field_name: "2", q[1].field_name: ["2", "3"], q[2].field_name: "7"}
    assert answer(client, survey, data).status_code == 303
    staff = create_user(roles=["staff"], areas=["08"])
    add_response(survey, data, channel="paper", user=staff)
    assert fold.fold_survey(survey.id) == 2
    db.session.expire_all()
    rows = db.session.execute(
        select(AnswerCount.channel, AnswerCount.question_id, AnswerCount.n)
        .where(AnswerCount.survey_id == survey.id)
        .order_by(AnswerCount.channel, AnswerCount.question_id, AnswerCount.option_id)
    ).all()
    online = [(qid, n) for channel, qid, n in rows if channel == "online"]
    paper = [(qid, n) for channel, qid, n in rows if channel == "paper"]
    assert online == paper and len(online) == 4  # one option, two options, one number
