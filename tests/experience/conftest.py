"""Fixtures of the experience tests: a pin-method process, points inside areas, form data."""

import pytest
from pin_fixtures import (  # noqa: F401  (shared fixtures, see tests/pin_fixtures.py)
    _uploads_in_tmp,
    form_data,
    pin_process,
    point_in,
)


@pytest.fixture
def pin_tools():
    """The experience tests' process also runs a survey."""
    return ["pins", "ideas", "survey"]


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
