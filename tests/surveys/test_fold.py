"""The fold (``surveys/fold.py``): responses reach the counters in batches, and the results —
counters + the uncounted tail — equal a recount at every moment: before a fold, after it, with a
response committed while a fold runs, with moderation before and after, when no scheduler runs."""

import threading

import pytest
from sqlalchemy import event, func, select
from werkzeug.datastructures import MultiDict

from participation import scheduler
from participation.extensions import db
from participation.surveys import counters, fold
from participation.surveys import results as survey_results
from participation.surveys.models import AnswerCount, ResponseArea, SurveyResponse
from participation.surveys.services.moderation import review_answer
from participation.surveys.services.responses import read_form, store_response

pytestmark = pytest.mark.berlin

QUESTIONS = [
    {"type": "single", "options": ["Schaukel", "Rutsche"], "settings": {"allow_other": True}},
    {"type": "multiple", "options": ["Bänke", "Schatten", "Trinkbrunnen"]},
    {"type": "number", "settings": {"min": 0, "max": 20}},
    {"type": "date"},
    {"type": "ranking", "options": ["Spielgeräte", "Grün", "Sitzplätze"]},
    {"type": "short_text"},
    {"type": "area", "settings": {"within": "all", "home": True}},
]


def form(survey, i: int, homes: list[int]) -> dict:
    """The *i*-th resident's answers (varied, every type)."""
    q = {question.type: question for question in survey.ordered_questions()}
    return {
        q["single"].field_name: ["1", "2", "other"][i % 3],
        f"{q['single'].field_name}_other": "Tischtennis",
        q["multiple"].field_name: [["1"], ["2", "3"], ["1", "3"]][i % 3],
        q["number"].field_name: str(i % 7),
        q["date"].field_name: ["2026-05-03", "2026-06-12"][i % 2],
        f"{q['ranking'].field_name}_{1 + i % 3}": "1",
        q["short_text"].field_name: f"Mehr Schatten, Nr. {i}",
        q["area"].field_name: str(homes[i % len(homes)]),
    }


@pytest.fixture
def survey(create_survey, area):
    made = create_survey(questions=QUESTIONS)
    made.homes = [area("08010213").id, area("08010214").id]
    return made


@pytest.fixture
def submit(add_response):
    def go(survey, i: int, **options):
        return add_response(survey, form(survey, i, survey.homes), **options)

    return go


def shown(survey_id: int) -> list:
    """What the results read (counters + tail) without, and with each area filter."""
    out = [counters.snapshot(survey_id, None, None), counters.snapshot(survey_id, "open", None)]
    areas = db.session.scalars(
        select(ResponseArea.area_id).where(ResponseArea.survey_id == survey_id).distinct()
    ).all()
    assert len(areas) >= 5  # two Planungsräume and their district, region, Bezirk chain
    out += [counters.snapshot(survey_id, None, None, a) for a in sorted(areas)]
    return [(s.answers, s.respondents) for s in out]


def recounted(survey_id: int) -> list:
    """:func:`shown` after a recount in a transaction that is rolled back (the truth)."""
    counters.recount(survey_id)
    truth = shown(survey_id)
    db.session.rollback()
    return truth


def tail(survey_id: int) -> int:
    db.session.rollback()
    return fold.tail_size(survey_id)


def test_counters_plus_tail_equal_a_recount_before_and_after_folds(survey, submit):
    for i in range(5):
        submit(survey, i)
    assert tail(survey.id) == 5 and db.session.scalar(select(func.count(AnswerCount.n))) == 0
    before = shown(survey.id)
    assert before == recounted(survey.id) and before[0][0]  # real figures, all from the tail
    assert fold.fold_survey(survey.id, limit=3) == 5  # two batches: 3 + 2
    assert tail(survey.id) == 0
    assert db.session.scalars(select(SurveyResponse.fold_batch).distinct()).all() != [None]
    assert shown(survey.id) == before == recounted(survey.id)
    for i in range(5, 8):  # a new tail on top of folded counters
        submit(survey, i)
    after = shown(survey.id)
    assert after != before and after == recounted(survey.id)
    assert fold.fold_survey(survey.id) == 3 and fold.fold_survey(survey.id) == 0
    assert shown(survey.id) == after == recounted(survey.id)


def test_a_recount_counts_every_response_once(survey, submit):
    for i in range(4):
        submit(survey, i)
    fold.fold_survey(survey.id, limit=2, batches=1)  # two folded, two in the tail
    truth = shown(survey.id)
    counters.recount(survey.id)
    db.session.commit()
    assert tail(survey.id) == 0 and shown(survey.id) == truth
    assert fold.fold_survey(survey.id) == 0  # nothing is counted a second time
    assert shown(survey.id) == truth


def test_moderation_before_and_after_the_fold(survey, submit, client):
    responses = [submit(survey, i) for i in range(4)]
    text = next(q for q in survey.ordered_questions() if q.type == "short_text")

    def answer_of(response):
        return next(a for a in response.answers if a.question_id == text.id)

    review_answer(survey, answer_of(responses[0]), survey.creator, "approved")
    review_answer(survey, answer_of(responses[1]), survey.creator, "hidden")
    db.session.commit()
    before = shown(survey.id)
    assert before == recounted(survey.id)
    fold.fold_survey(survey.id)
    review_answer(survey, answer_of(responses[0]), survey.creator, "hidden")  # after the fold
    review_answer(survey, answer_of(responses[2]), survey.creator, "approved")
    db.session.commit()
    # hiding shows or hides a text, it never changes a count
    assert shown(survey.id) == before == recounted(survey.id)
    view = survey_results.build(survey, {}, public=True)
    assert view.quotes == {text.id: ["Mehr Schatten, Nr. 2"]}


def test_the_results_page_folds_a_long_tail_on_a_miss(survey, submit, monkeypatch):
    monkeypatch.setattr(fold, "FOLD_ON_READ", 10)
    for i in range(4):
        submit(survey, i)
    truth = recounted(survey.id)
    short = survey_results.build(survey, {})
    assert tail(survey.id) == 4  # 4 <= 10: counted live, not folded
    monkeypatch.setattr(fold, "FOLD_ON_READ", 2)
    view = survey_results.build(survey, {})
    assert tail(survey.id) == 0  # folded by the page (no scheduler ran)
    assert view.questions == short.questions and shown(survey.id) == truth


def test_the_results_page_does_not_wait_for_a_busy_database(survey, submit, monkeypatch):
    """Another writer holds the lock: the page skips the fold at once and is right anyway."""
    import time

    monkeypatch.setattr(fold, "FOLD_ON_READ", 2)
    for i in range(4):
        submit(survey, i)
    truth = recounted(survey.id)
    with db.engine.connect() as holder:
        if db.engine.dialect.name == "sqlite":
            holder.exec_driver_sql("PRAGMA busy_timeout=0")
            holder.connection.driver_connection.execute("BEGIN IMMEDIATE")
        else:
            holder.begin()
            assert fold.lock_survey(holder, survey.id)
        start = time.perf_counter()
        view = survey_results.build(survey, {})
        assert time.perf_counter() - start < 5  # not the 25 s busy timeout
        assert tail(survey.id) == 4 and shown(survey.id) == truth
        if db.engine.dialect.name == "sqlite":
            holder.connection.driver_connection.execute("ROLLBACK")
        else:
            holder.rollback()
    assert survey_results.build(survey, {}).questions == view.questions
    assert tail(survey.id) == 0 and shown(survey.id) == truth
    # the connections the page used still wait the full busy timeout for other writers
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 25_000


def test_the_scheduler_job_folds_every_survey(survey, submit, create_survey):
    other = create_survey(questions=[{"type": "scale"}])
    for i in range(3):
        submit(survey, i)
    submit(survey, 3, channel="paper", user=survey.creator)
    from participation.surveys.tasks import fold_surveys

    assert "survey-fold" in scheduler.JOBS
    assert fold.surveys_with_tail() == [survey.id]
    truth = recounted(survey.id)
    assert scheduler.run_job("survey-fold")
    assert tail(survey.id) == 0 and tail(other.id) == 0 and fold.surveys_with_tail() == []
    assert shown(survey.id) == truth and fold_surveys() == 0


def test_fold_command(survey, submit, runner):
    submit(survey, 0)
    submit(survey, 1)
    result = runner.invoke(args=["surveys", "fold", str(survey.id)])
    assert result.exit_code == 0, result.output
    assert "folded 2 responses of 1 surveys" in result.output and tail(survey.id) == 0
    submit(survey, 2)
    assert "folded 1 responses" in runner.invoke(args=["surveys", "fold"]).output
    assert runner.invoke(args=["surveys", "fold", "999999"]).exit_code != 0


def _store_in_other_session(app, survey_id: int, data: dict, ready, go) -> None:
    """Store a response on a connection of its own; commit only after *go* is set."""
    from participation.surveys.models import Survey

    with app.app_context():
        survey = db.session.get(Survey, survey_id)
        result = read_form(survey, MultiDict(data))
        store_response(survey, result, channel="online")
        ready.set()
        go.wait(30)
        db.session.commit()
        db.session.remove()


def test_a_response_committed_during_a_fold_is_folded_next_time(app, survey, submit):
    """PostgreSQL: writers run beside the fold (SQLite's single writer cannot interleave)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises the fold with every other writer")
    for i in range(3):
        submit(survey, i)
    # A: stored, not yet committed when the fold chooses its batch; B: committed in the middle
    # of the fold, after its UPDATE chose the batch and before the counters are added
    ready, go = threading.Event(), threading.Event()
    pending = threading.Thread(
        target=_store_in_other_session,
        args=(app, survey.id, form(survey, 10, survey.homes), ready, go),
    )
    pending.start()
    assert ready.wait(30)
    late = threading.Event()

    def commit_b(conn, cursor, statement, *_args):
        if statement.startswith("UPDATE survey_responses") and not late.is_set():
            late.set()
            helper = threading.Thread(
                target=_store_in_other_session,
                args=(app, survey.id, form(survey, 11, survey.homes), threading.Event(), go),
            )
            go.set()  # A commits now too
            helper.start()
            helper.join(30)
            pending.join(30)

    event.listen(db.engine, "after_cursor_execute", commit_b)
    try:
        assert fold.fold_survey(survey.id) == 3  # exactly the three committed before it
    finally:
        event.remove(db.engine, "after_cursor_execute", commit_b)
    assert late.is_set() and tail(survey.id) == 2
    truth = recounted(survey.id)
    assert shown(survey.id) == truth
    assert fold.fold_survey(survey.id) == 2 and tail(survey.id) == 0
    assert shown(survey.id) == truth


def test_a_second_fold_skips_while_one_holds_the_lock(survey, submit):
    """PostgreSQL: a fold (or recount) of a survey at a time; the other one does not wait."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's write lock serialises folds")
    submit(survey, 0)
    with db.engine.begin() as holder:
        assert fold.lock_survey(holder, survey.id)
        assert fold.fold_survey(survey.id) == 0
    assert fold.fold_survey(survey.id) == 1
