"""The results page shows exactly the same figures from the maintained counters as from
counting the answers live (overall, per sample and channel, and with an area filter)."""

import pytest
from sqlalchemy import event, select, update

from participation.extensions import db
from participation.surveys import counters, fold
from participation.surveys import results as survey_results
from participation.surveys.counter_models import AreaAnswerCount
from participation.surveys.response_models import ResponseArea, SurveyAnswer

pytestmark = pytest.mark.berlin


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
