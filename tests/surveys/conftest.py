"""Fixtures of the surveys tests: a factory for surveys with questions, and a form helper."""

import pytest

from participation.extensions import db


@pytest.fixture
def create_survey(app, create_process, create_user):
    """Factory: ``create_survey(questions=[{"type": "single", "options": [...]}, …], **settings)``.

    Question specs: ``type``, ``text``, ``options`` (German labels), ``settings``, ``required``,
    ``condition`` = ``(index of an earlier spec, value)``. Settings override the defaults of
    ``update_settings`` (e.g. ``mode="representative"``, ``demographics=True``).
    """
    from participation.surveys.services import builder

    def factory(questions=(), process=None, user=None, publish=True, **settings):
        user = user or create_user(roles=["planner"])
        process = process or create_process(publish=True, user=user, tools=["survey"])
        survey = builder.create_survey(
            process,
            user,
            {"de": "Befragung Körnerpark", "en": "Körnerpark survey"},
            {"de": "Hallo"},
        )
        section = survey.sections[0]
        made = []
        for spec in questions:
            condition = spec.get("condition")
            data = builder.QuestionInput(
                type=spec["type"],
                text={
                    "de": spec.get("text", f"Frage {len(made) + 1}"),
                    "en": f"Question {len(made) + 1}",
                },
                section_id=section.id,
                required=spec.get("required", False),
                settings=spec.get("settings", {}),
                options=[builder.OptionInput(None, {"de": o}) for o in spec.get("options", [])],
                condition_question_id=made[condition[0]].id if condition else None,
                condition_value=condition[1] if condition else None,
            )
            made.append(builder.save_question(survey, user, data))
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
            values.update(settings)
            builder.update_settings(survey, user, **values)
        if publish:
            builder.publish_survey(survey, user)
        db.session.commit()
        survey.creator = user
        return survey

    return factory


@pytest.fixture
def answer(app):
    """``answer(client, survey, {"q1": "2"})``: GET the form (cookie, token), then POST it."""
    import re

    def post(client, survey, data, code=None, headers=None):
        url = f"/surveys/{survey.id}" + (f"?code={code}" if code else "")
        page = client.get(url, headers=headers).get_data(as_text=True)
        key = re.search(r'name="idempotency_key" value="([^"]+)"', page)
        form = {"idempotency_key": key.group(1) if key else ""}
        if code:
            form["code"] = code
        form.update(data)
        return client.post(f"/surveys/{survey.id}", data=form, headers=headers)

    return post


@pytest.fixture
def add_response(app):
    """``add_response(survey, {"q12": "1"}, channel="paper", code=None, area=None)`` via the
    same service the views use; returns the response (committed)."""
    from werkzeug.datastructures import MultiDict

    from participation.surveys.services.responses import read_form, submit_response

    def factory(survey, data, channel="online", code=None, area=None, user=None):
        form = MultiDict()
        for key, value in data.items():
            for v in value if isinstance(value, list) else [value]:
                form.add(key, v)
        result = read_form(survey, form)
        assert result.ok, result.errors
        response, _dup = submit_response(
            survey,
            result,
            channel=channel,
            invitation_code=code,
            entered_by=user if channel != "online" else None,
            area_id=getattr(area, "id", None),
        )
        db.session.commit()
        return response

    return factory


@pytest.fixture
def export_questions() -> list[dict]:
    """One question of every exported shape (single with "other", multiple, scale, ranking, map,
    home area, long text), in this order — the export tests unpack them by position."""
    return [
        {"type": "single", "options": ["Ja", "Nein"], "settings": {"allow_other": True}},
        {"type": "multiple", "options": ["Schaukel", "Rutsche", "Bänke"]},
        {"type": "scale", "settings": {"min": 0, "max": 10}},
        {"type": "ranking", "options": ["Schatten", "Wasser"]},
        {"type": "map"},
        {"type": "area", "settings": {"home": True}},
        {"type": "long_text"},
    ]


@pytest.fixture
def filled(create_survey, add_response, create_user, area):
    """A representative survey with every question type: coded online answers, staff entries."""
    import random

    from counter_checks import EVERY_TYPE, random_form

    from participation.surveys import fold
    from participation.surveys.models import Survey
    from participation.surveys.services.invitations import generate_invitations

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
