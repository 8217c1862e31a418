"""Fixtures of the experience tests: a pin-method process, points inside areas, form data."""

import time
import uuid

import pytest
from shapely.geometry import shape


@pytest.fixture(autouse=True)
def _uploads_in_tmp(app, tmp_path):
    """Keep uploaded photos out of the repository's instance folder."""
    app.config["INSTANCE_DIR"] = tmp_path


@pytest.fixture
def point_in(area):
    """Factory: ``point_in("08010213")`` → ``(lon, lat)`` inside that area."""

    def factory(code):
        point = shape(area(code).geometry).representative_point()
        return point.x, point.y

    return factory


@pytest.fixture
def pin_process(create_process):
    """Factory: a published process on Körnerpark + Glasower Straße with pins, ideas, survey."""

    def factory(**fields):
        fields.setdefault("areas", ("08010213", "08010214"))
        fields.setdefault("tools", ["pins", "ideas", "survey"])
        return create_process(publish=True, **fields)

    return factory


@pytest.fixture
def form_data(app):
    """Factory: valid resident form data (signed start 10 s ago, fresh idempotency key)."""
    from participation.contributions.forms import sign_started

    def factory(process, **overrides):
        with app.test_request_context():
            started = sign_started(time.time() - 10)
        data = {
            "category": str(process.categories[0].id),
            "title": "Mehr Schatten am Sandkasten",
            "body": "Im Sommer ist es mittags viel zu heiß für die Kleinen.",
            "lon": "",
            "lat": "",
            "area": "",
            "email": "",
            "started": started,
            "idempotency_key": uuid.uuid4().hex,
            "leave_empty": "",
        }
        data.update(overrides)
        return data

    return factory


@pytest.fixture
def simple_survey(app, create_user):
    """Factory: ``simple_survey(process)`` → a published open survey, one single-choice question."""
    from participation.extensions import db
    from participation.surveys.services import builder

    def factory(process, user=None, **settings):
        user = user or create_user(roles=["planner"])
        survey = builder.create_survey(
            process,
            user,
            {"de": "Befragung Körnerpark", "en": "Körnerpark survey"},
            {"de": "Hallo"},
        )
        builder.save_question(
            survey,
            user,
            builder.QuestionInput(
                type="single",
                text={"de": "Wie oft sind Sie im Park?", "en": "How often are you in the park?"},
                section_id=survey.sections[0].id,
                required=True,
                settings={},
                options=[builder.OptionInput(None, {"de": o}) for o in ("Oft", "Selten")],
            ),
        )
        if settings:
            values = {
                "opens_at": survey.opens_at,
                "closes_at": survey.closes_at,
                "anonymous": survey.anonymous,
                "mode": survey.mode,
                "demographics": survey.demographics,
                "suppression_k": survey.suppression_k,
                "results_public": survey.results_public,
            }
            builder.update_settings(survey, user, **{**values, **settings})
        builder.publish_survey(survey, user)
        db.session.commit()
        return survey

    return factory
