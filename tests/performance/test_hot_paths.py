"""The submission hot paths read cached structure (compiled questionnaire, the pin form's process):
an edit on one worker is honoured by the next submission on another, nothing typed is lost."""

import re
import time
import uuid

import pytest
from sqlalchemy import func, select

from participation.extensions import db

pytestmark = pytest.mark.berlin


def _survey_post(worker, survey_id: int, answers: dict):
    """GET the form on *worker* (cookie, key), then POST *answers*."""
    client = worker.test_client()
    page = client.get(f"/surveys/{survey_id}").get_data(as_text=True)
    found = re.search(r'name="idempotency_key" value="([^"]+)"', page)  # none once closed
    key = found.group(1) if found else uuid.uuid4().hex
    return client.post(f"/surveys/{survey_id}", data={"idempotency_key": key, **answers})


def test_a_new_answer_option_and_a_closed_survey_reach_every_worker(
    app, worker_b, pin_process, create_user
):
    from participation.surveys.models import Question, Survey, SurveyAnswer
    from participation.surveys.services import builder

    planner = create_user(roles=["planner"])
    survey = builder.create_survey(pin_process(), planner, {"de": "Spielplatz"}, {"de": "Hallo"})
    question = builder.save_question(
        survey,
        planner,
        builder.QuestionInput(
            type="single",
            text={"de": "Was fehlt?"},
            section_id=survey.sections[0].id,
            options=[builder.OptionInput(None, {"de": t}) for t in ("Bank", "Schatten")],
        ),
    )
    builder.publish_survey(survey, planner)
    db.session.commit()
    field, survey_id = question.field_name, survey.id
    # worker B compiles the questionnaire: two options
    assert _survey_post(worker_b, survey_id, {field: "2"}).status_code == 303
    assert _survey_post(worker_b, survey_id, {field: "3"}).status_code == 422  # no option 3

    # worker A: the planner adds a third option (allowed while answers exist)
    question = db.session.get(Question, question.id)
    builder.save_question(
        question.survey,
        planner,
        builder.QuestionInput(
            type="single",
            text={"de": "Was fehlt?"},
            section_id=question.section_id,
            options=[builder.OptionInput(o.id, o.label) for o in question.options]
            + [builder.OptionInput(None, {"de": "Trinkbrunnen"})],
        ),
        question=question,
    )
    db.session.commit()
    sent = _survey_post(worker_b, survey_id, {field: "3"})
    assert sent.status_code == 303
    third = db.session.scalar(
        select(SurveyAnswer.option_id)
        .where(SurveyAnswer.question_id == question.id)
        .order_by(SurveyAnswer.id.desc())
    )
    assert third == question.options[2].id

    # worker A closes the survey: worker B stores nothing more and says so
    survey = db.session.get(Survey, survey_id)
    survey.status = "closed"
    db.session.commit()
    refused = _survey_post(worker_b, survey_id, {field: "1"})
    assert refused.status_code in (200, 409)
    assert "Befragung ist beendet" in refused.get_data(as_text=True)
    db.session.expire_all()
    answers = select(func.count()).select_from(SurveyAnswer)
    counted = db.session.scalar(answers.where(SurveyAnswer.question_id == question.id))
    assert counted == 2 == db.session.get(Survey, survey_id).response_count


def test_the_pin_form_follows_a_closed_process_and_new_categories(app, worker_b, pin_process):
    from participation.contributions.forms import sign_started
    from participation.contributions.models import Contribution
    from participation.processes.models import Category, Process

    process = pin_process()
    slug, area_id = process.slug, process.areas[0].id
    with app.test_request_context():
        started = sign_started(time.time() - 10)

    def send(category_id: int, title: str):
        return worker_b.test_client().post(
            f"/processes/{slug}/contribute",
            data={
                "category": str(category_id),
                "title": title,
                "body": "Im Sommer fehlt Wasser für die Kinder.",
                "area": str(area_id),
                "started": started,
                "idempotency_key": uuid.uuid4().hex,
                "leave_empty": "",
            },
        )

    assert send(process.categories[0].id, "Trinkbrunnen am Eingang").status_code == 303
    fresh = Category(process_id=process.id, key="wasser", labels={"de": "Wasser"}, position=9)
    db.session.add(fresh)
    db.session.commit()
    assert send(fresh.id, "Wasserspielplatz bitte").status_code == 303  # the new category

    db.session.get(Process, process.id).status = "closed"
    db.session.commit()
    refused = send(fresh.id, "Noch ein Wunsch")
    assert refused.status_code in (404, 422)
    db.session.expire_all()
    titles = set(
        db.session.scalars(select(Contribution.title).where(Contribution.process_id == process.id))
    )
    assert titles == {"Trinkbrunnen am Eingang", "Wasserspielplatz bitte"}
