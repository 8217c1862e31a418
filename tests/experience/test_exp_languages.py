"""The survey builder lists texts missing per language; public pages say when German shows."""

import pytest

from participation.extensions import db

pytestmark = pytest.mark.berlin


def test_builder_lists_missing_texts_per_language(
    app, login, create_user, pin_process, simple_survey
):
    app.config["LANGUAGES"] = ["de", "en", "tr"]
    planner = create_user(roles=["planner"])
    survey = simple_survey(pin_process(), user=planner)
    page = login(planner).get(f"/manage/surveys/{survey.id}").get_data(as_text=True)
    box = page.split('id="missing-h"')[1].split("</section>")[0]
    # English: the intro and both options are missing; Turkish: everything
    assert "Fehlt auf English (3)" in box
    assert "Einleitung" in box and "Frage 1: Antwort „Oft“" in box
    assert "Fehlt auf Türkçe" in box and "Titel" in box.split("Türkçe")[1]


def test_public_page_says_content_is_only_in_german(client, pin_process, simple_survey):
    survey = simple_survey(pin_process())
    english = client.get(f"/surveys/{survey.id}", headers={"Accept-Language": "en"})
    assert "Parts of this survey are only available in German." in english.get_data(as_text=True)
    german = client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    assert "nur auf Deutsch" not in german
    # complete the English texts: the notice goes away
    survey.intro = {**survey.intro, "en": "Hello"}
    options = survey.ordered_questions()[0].options
    for option, text in zip(options, ("Often", "Rarely"), strict=True):
        option.label = {**option.label, "en": text}
    db.session.commit()
    english = client.get(f"/surveys/{survey.id}", headers={"Accept-Language": "en"})
    assert "only available in German" not in english.get_data(as_text=True)
