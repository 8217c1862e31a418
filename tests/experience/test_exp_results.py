"""Survey results: age bands in their own order; error summary wording."""

import re

import pytest

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}


def _answer(client, survey, data, headers=None):
    page = client.get(f"/surveys/{survey.id}", headers=headers).get_data(as_text=True)
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
    return client.post(
        f"/surveys/{survey.id}", data={"idempotency_key": key, **data}, headers=headers
    )


def test_age_bands_are_ordered_by_band(app, pin_process, simple_survey):
    survey = simple_survey(pin_process(), demographics=True, results_public=True, suppression_k=3)
    q = survey.ordered_questions()[0]
    for band in ("80p", "u18", "45_64", "18_29") * 3:
        client = app.test_client()  # one browser per resident
        answer = _answer(client, survey, {q.field_name: str(q.options[0].id), "d_age_band": band})
        assert answer.status_code == 303
    page = app.test_client().get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    table = page.split("Wie alt sind Sie?")[1].split("</table>")[0]
    positions = [table.index(label) for label in ("unter 18", "18 bis 29", "45 bis 64", "80")]
    assert positions == sorted(positions)


def test_error_summary_names_the_problem_without_dot_colon(client, pin_process, simple_survey):
    survey = simple_survey(pin_process())
    q = survey.ordered_questions()[0]
    page = _answer(client, survey, {q.field_name: "999999"}).get_data(as_text=True)
    summary = page.split('class="error-summary"')[1].split("</div>")[0]
    assert "fehlt noch etwas" not in summary
    assert "Bitte prüfen Sie 1 Antwort" in summary
    assert ".:" not in summary and "?:" not in summary
    assert f'href="#{q.field_name}-block"' in summary
