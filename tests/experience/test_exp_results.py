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


def test_map_question_results_are_cells_with_small_counts_suppressed(
    app, create_user, pin_process, point_in
):
    from participation.extensions import db
    from participation.surveys.services import builder

    planner = create_user(roles=["planner"])
    process = pin_process(user=planner)
    survey = builder.create_survey(process, planner, {"de": "Lieblingsorte"}, {})
    q = builder.save_question(
        survey,
        planner,
        builder.QuestionInput(
            type="map",
            text={"de": "Wo sind Sie am liebsten?"},
            section_id=survey.sections[0].id,
            required=True,
            settings={},
            options=[],
        ),
    )
    builder.update_settings(
        survey,
        planner,
        opens_at=None,
        closes_at=None,
        anonymous=True,
        mode="open",
        demographics=False,
        suppression_k=5,
        results_public=True,
    )
    builder.publish_survey(survey, planner)
    db.session.commit()
    busy = point_in("08010213")
    quiet = point_in("08010214")
    for lon, lat in [busy] * 7 + [quiet] * 2:
        answer = _answer(
            app.test_client(),
            survey,
            {f"{q.field_name}_lon": str(lon), f"{q.field_name}_lat": str(lat)},
        )
        assert answer.status_code == 303
    data = (
        app.test_client().get(f"/surveys/{survey.id}/questions/{q.id}/answers.geojson").get_json()
    )
    labels = sorted(f["properties"]["label"] for f in data["features"])
    assert "< 5" in labels and "2" not in labels  # the quiet cell is not shown as 2
    shown = [f["properties"]["count"] for f in data["features"] if f["properties"]["count"]]
    hidden = len(data["features"]) - len(shown)
    # with the total published, one hidden cell would be total minus the rest: it is protected
    assert data["total"] is None or hidden >= 2
    for f in data["features"]:  # cell centres, not the residents' points
        assert [round(c, 5) for c in f["geometry"]["coordinates"]] != [
            round(busy[0], 5),
            round(busy[1], 5),
        ]
    page = app.test_client().get(f"/surveys/{survey.id}/results").get_data(as_text=True)
    assert f'id="answer-map-{q.id}"' in page and "answers.geojson" in page
    # not public without published results
    survey.results_public = False
    db.session.commit()
    hidden_page = app.test_client().get(f"/surveys/{survey.id}/questions/{q.id}/answers.geojson")
    assert hidden_page.status_code == 404
