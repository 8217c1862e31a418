"""Migration 0025 (the survey write path): on SQLite ``survey_answers`` and
``survey_response_areas`` are copied to drop their foreign keys. Nothing stored is lost either
way — answers, response areas and the text reviews, whose cascade the old table's DROP would
fire — and the keys go and come back."""

from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from participation.extensions import db
from participation.surveys.services.moderation import review_answer

MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")
TABLES = ("survey_answers", "survey_text_reviews", "survey_response_areas")


def _rows() -> dict:
    db.session.remove()
    with db.engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2")).all() for t in TABLES}


def _keys(table: str) -> set:
    db.session.remove()
    return {tuple(fk["constrained_columns"]) for fk in inspect(db.engine).get_foreign_keys(table)}


@pytest.mark.berlin
def test_0025_keeps_every_answer_and_review_both_ways(create_survey, add_response, area):
    survey = create_survey(
        [
            {"type": "single", "options": ["Ja", "Nein"]},
            {"type": "long_text"},
        ]
    )
    choice, free = survey.ordered_questions()
    for words in ("Mehr Bänke am Ufer", "Ein Trinkbrunnen am Spielplatz"):
        response = add_response(
            survey, {choice.field_name: "1", free.field_name: words}, area=area("08010214")
        )
        text_answer = next(a for a in response.answers if a.question_id == free.id)
        review_answer(survey, text_answer, survey.creator, "approved")
    db.session.commit()
    before = _rows()
    assert len(before["survey_text_reviews"]) == 2 and before["survey_response_areas"]
    assert _keys("survey_answers") == {("response_id",)}
    assert _keys("survey_response_areas") == {("response_id",)}

    downgrade(directory=MIGRATIONS, revision="0024_survey_response_count")
    assert _rows() == before
    assert _keys("survey_answers") == {
        ("response_id",),
        ("question_id",),
        ("option_id",),
        ("area_id",),
    }
    assert _keys("survey_response_areas") == {("response_id",), ("area_id",), ("survey_id",)}

    upgrade(directory=MIGRATIONS, revision="head")
    assert _rows() == before
    assert _keys("survey_answers") == {("response_id",)}
    assert _keys("survey_response_areas") == {("response_id",)}
