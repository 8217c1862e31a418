"""Checks shared by the counter tests: every counter row, the figures the results read, the
comparison with a recount, and random answers to the survey of every question type."""

import random

from sqlalchemy import select

from participation.extensions import db
from participation.surveys import counters, fold
from participation.surveys.counter_models import AreaAnswerCount, AreaRespondentCount
from participation.surveys.models import AnswerCount, RespondentCount
from participation.surveys.response_models import ResponseArea

#: One question of every countable type (the ``filled`` survey of ``conftest.py``).
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
