"""Exports: one row per response, stable codes, codebook that matches the columns, anonymity."""

import csv
import io

import pytest

from participation.extensions import db

pytestmark = pytest.mark.berlin


def read(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_export_round_trip_with_codebook(
    create_survey, add_response, login, area, export_questions
):
    survey = create_survey(questions=export_questions, demographics=True)
    single, multi, scale, rank, place, home, text = survey.ordered_questions()
    add_response(
        survey,
        {
            single.field_name: "other",
            single.field_name + "_other": "Vielleicht",
            multi.field_name: ["1", "3"],
            scale.field_name: "7",
            rank.field_name + "_2": "1",
            place.field_name: str(area("08010213").id),
            home.field_name: str(area("08010214").id),
            text.field_name: '=HYPERLINK("http://example.org")',
            "d_age_band": "30_44",
            "d_gender_text": "queer",
        },
    )
    add_response(survey, {single.field_name: "2"}, channel="paper", user=survey.creator)
    client = login(survey.creator)
    rows = read(client.get(f"/manage/surveys/{survey.id}/export.csv", buffered=True))
    header, first, second = rows
    assert header[:3] == ["ROW", "CHANNEL", "SAMPLE"]
    assert {"Q01", "Q01_other", "Q02_1", "Q02_2", "Q02_3", "Q03", "Q04_1", "Q04_2"} <= set(header)
    assert {"Q05_lon", "Q05_lat", "Q05_area", "Q06", "Q07", "D_AGE", "D_GENDER"} <= set(header)
    data = dict(zip(header, first, strict=True))
    assert (data["Q01"], data["Q01_other"]) == ("other", "Vielleicht")
    assert (data["Q02_1"], data["Q02_2"], data["Q02_3"]) == ("1", "0", "1")
    assert (data["Q03"], data["Q04_1"], data["Q04_2"]) == ("7", "", "1")
    assert (data["Q05_area"], data["Q06"]) == ("08010213", "08010214")
    assert (data["AREA_BEZIRK"], data["AREA_PLANUNGSRAUM"]) == ("08", "08010214")
    assert data["Q07"].startswith("'=")  # a formula typed by a resident is defused
    assert (data["D_AGE"], data["D_GENDER"]) == ("30_44", "self")
    other = dict(zip(header, second, strict=True))
    assert (other["CHANNEL"], other["Q01"], other["Q02_1"]) == ("paper", "2", "")
    # Anonymous: nothing that ties a row to a person, a time or an invitation.
    assert not {
        "RESPONSE_ID",
        "CREATED_AT",
        "INVITATION_CODE",
        "INTERVIEWER",
        "D_GENDER_TEXT",
    } & set(header)
    assert "queer" not in str(rows)

    book = read(client.get(f"/manage/surveys/{survey.id}/codebook.csv", buffered=True))
    assert book[0] == ["column", "question", "text", "type", "value", "value_label"]
    columns = [r[0] for r in book[1:] if r[4] == ""]
    assert columns == header  # same columns, same order
    values = {}
    for r in book[1:]:
        if r[4]:
            values.setdefault(r[0], {})[r[4]] = r[5]
    assert (values["Q01"]["1"], values["Q01"]["2"], set(values["Q01"])) == (
        "Ja",
        "Nein",
        {"1", "2", "other"},
    )
    assert set(values["Q02_1"]) == {"0", "1"}
    assert values["CHANNEL"]["paper"] and values["D_AGE"]["30_44"]
    for line in rows[1:]:  # every coded value in the export is explained in the codebook
        for column, value in zip(header, line, strict=True):
            if value and column in values and column not in ("Q03",):
                assert value in values[column], (column, value)


def test_identified_export_and_spreadsheet_options(create_survey, add_response, login):
    from participation.surveys.services.invitations import generate_invitations

    survey = create_survey(
        questions=[{"type": "short_text"}], mode="representative", anonymous=False
    )
    (q,) = survey.ordered_questions()
    (invitation,) = generate_invitations(survey, survey.creator, 1, label="Emser Straße")
    db.session.commit()
    add_response(survey, {q.field_name: "Grüße aus der Emser Straße"}, code=invitation.code)
    client = login(survey.creator)
    response = client.get(
        f"/manage/surveys/{survey.id}/export.csv?bom=1&sep=semicolon", buffered=True
    )
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff") and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    data = dict(zip(rows[0], rows[1], strict=True))
    assert data["INVITATION_CODE"] == invitation.code and data["INVITATION_NOTE"] == "Emser Straße"
    assert data["SAMPLE"] == "representative" and data["CREATED_AT"]
    assert data["Q01"] == "Grüße aus der Emser Straße"


def test_export_needs_the_manage_permission(create_survey, create_user, login):
    survey = create_survey(questions=[{"type": "short_text"}])
    council = login(create_user(roles=["council"]))
    assert council.get(f"/manage/surveys/{survey.id}/export.csv").status_code == 403
    assert (
        login(create_user(roles=["staff"], areas=["08"]))
        .get(f"/manage/surveys/{survey.id}/codebook.csv")
        .status_code
        == 403
    )
