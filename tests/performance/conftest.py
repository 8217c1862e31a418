"""Fixtures of the performance tests: a second app instance (another worker), a demo-like
process with pins, a survey with public results, and a query counter."""

import uuid

import pytest
from shapely.geometry import shape
from sqlalchemy import event

from participation import create_app
from participation.extensions import db


@pytest.fixture
def worker_b(app, tmp_path):
    """Another app instance on the same database: a second gunicorn worker with its own cache."""
    other = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        MAIL_FILE_DIR=tmp_path / "mail-b",
        INSTANCE_DIR=tmp_path,
    )
    other.test_client_class = app.test_client_class
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def count_queries():
    """``count_queries(app, fn)`` → (result of fn(), number of SQL statements it ran)."""

    def run(app, fn):
        statements = []

        def listener(conn, cursor, statement, *args):
            statements.append(statement)

        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", listener)
        try:
            result = fn()
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return result, len(statements)

    return run


@pytest.fixture
def pin_process(create_process, app, tmp_path):
    """A published process on Körnerpark + Glasower Straße using pins, ideas and surveys."""
    app.config["INSTANCE_DIR"] = tmp_path

    def factory(**fields):
        fields.setdefault("areas", ("08010213", "08010214"))
        fields.setdefault("tools", ["pins", "ideas", "survey"])
        return create_process(publish=True, **fields)

    return factory


@pytest.fixture
def add_pins(area):
    """``add_pins(process, n)``: *n* visible pins inside Körnerpark, through the service."""
    from participation.contributions import services

    def factory(process, n, title="Bank am Spielplatz"):
        point = shape(area("08010213").geometry).representative_point()
        made = []
        for i in range(n):
            made.append(
                services.create_contribution(
                    process,
                    kind="pin",
                    channel="paper",
                    title=f"{title} {i + 1}",
                    body="Hier fehlt eine Bank mit Lehne für ältere Menschen.",
                    category=process.categories[0],
                    lon=point.x + (i % 7) * 1e-5,
                    lat=point.y + (i % 5) * 1e-5,
                    idempotency_key=uuid.uuid4().hex,
                )
            )
        db.session.commit()
        return made

    return factory


@pytest.fixture
def text_survey(create_user):
    """``text_survey(process)``: a published survey with one free-text question, public results."""
    from participation.surveys.services import builder

    def factory(process):
        user = create_user(roles=["planner"])
        title = {"de": "Befragung Körnerpark", "en": "Körnerpark survey"}
        survey = builder.create_survey(process, user, title, {"de": "Hallo"})
        question = builder.save_question(
            survey,
            user,
            builder.QuestionInput(
                type="long_text",
                text={"de": "Was wünschen Sie sich?", "en": "What do you wish for?"},
                section_id=survey.sections[0].id,
                required=False,
                settings={},
                options=[],
                condition_question_id=None,
                condition_value=None,
            ),
        )
        builder.update_settings(
            survey,
            user,
            opens_at=survey.opens_at,
            closes_at=survey.closes_at,
            anonymous=survey.anonymous,
            mode=survey.mode,
            demographics=survey.demographics,
            suppression_k=survey.suppression_k,
            results_public=True,
        )
        builder.publish_survey(survey, user)
        db.session.commit()
        survey.creator = user
        return survey, question

    return factory


@pytest.fixture
def add_response():
    """``add_response(survey, {field: value})`` through the service the form uses (committed)."""
    from werkzeug.datastructures import MultiDict

    from participation.surveys.services.responses import read_form, submit_response

    def factory(survey, data):
        result = read_form(survey, MultiDict(data))
        assert result.ok, result.errors
        response, _dup = submit_response(survey, result, channel="online")
        db.session.commit()
        return response

    return factory
