"""CSV import of a contact list: column mapping, dry-run report with duplicates, then apply."""

import io

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.stakeholders.models import Actor, Membership

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}
ROWS = [
    "Name;Art;Typ;E-Mail;Organisation;Funktion;Rechtsgrundlage;Einwilligung am;Gebiet",
    "Körnerpark-Grundschule;Organisation;Schule;sekretariat@gs.example.org;;;;;08010213",
    "AWO Kreisverband Berlin-Südost;Organisation;welfare;info@awo.example.org;;;;;08",
    "awo kreisverband  berlin-südost;Organisation;welfare;;;;;;08",
    "Sabine Krüger;Person;school;s.krueger@gs.example.org;Körnerpark-Grundschule;"
    "Schulleiterin;Einwilligung;15.01.2026;Körnerpark",
    "Kiosk Jonasstraße;Person;key_person;;;;;;08010213",
    "Hans Privat;Person;resident;hans@example.org;;;;;08010213",
    "Unbekannt e. V.;Organisation;Raumfahrt;;;;;;Atlantis",
]
CSV = "\n".join(ROWS) + "\n"


def _upload(client):
    return client.post(
        "/manage/stakeholders/import",
        data={"file": (io.BytesIO(CSV.encode("utf-8")), "kontakte.csv")},
        content_type="multipart/form-data",
        headers=EN,
    )


def _mapping_form(page: str, **extra) -> dict:
    blob = page.split('name="csv_data" type="hidden" value="')[1].split('"')[0]
    data = {
        "csv_data": blob,
        "col_name": "Name",
        "col_kind": "Art",
        "col_type": "Typ",
        "col_email": "E-Mail",
        "col_organisation": "Organisation",
        "col_function": "Funktion",
        "col_legal_basis": "Rechtsgrundlage",
        "col_consent_date": "Einwilligung am",
        "col_area": "Gebiet",
        "default_kind": "organisation",
        "default_type": "0",
        "default_area": "0",
    }
    data.update(extra)
    return data


def test_import_dry_run_then_apply(create_actor, create_user, login):
    create_actor("AWO Kreisverband Berlin-Südost", email="info@awo.example.org")
    client = login(create_user(roles=["planner"]))
    step2 = _upload(client)
    page = step2.get_data(as_text=True)
    assert step2.status_code == 200 and "Which column holds what?" in page
    assert '<option selected value="E-Mail">' in page  # the e-mail column is guessed

    check = client.post(
        "/manage/stakeholders/import", data=_mapping_form(page, check="1"), headers=EN
    )
    report = check.get_data(as_text=True)
    assert check.status_code == 200
    assert "Rows to create: 3" in report  # school, Sabine Krüger, kiosk without contact data
    assert "Duplicates (skipped): 2" in report  # existing AWO, and its variant without e-mail
    assert "Rows with errors (skipped): 2" in report
    assert "only be stored with a legal basis" in report  # Hans Privat
    assert "Unknown type “Raumfahrt”" in report and "Unknown area “Atlantis”" in report
    assert db.session.scalar(select(db.func.count(Actor.id))) == 1  # dry run stores nothing

    applied = client.post("/manage/stakeholders/import", data=_mapping_form(page, apply="1"))
    assert applied.status_code == 200
    names = set(db.session.scalars(select(Actor.name)))
    assert names == {
        "AWO Kreisverband Berlin-Südost",
        "Körnerpark-Grundschule",
        "Sabine Krüger",
        "Kiosk Jonasstraße",
    }
    sabine = db.session.scalar(select(Actor).where(Actor.name == "Sabine Krüger"))
    assert sabine.kind == "person" and sabine.legal_basis == "consent"
    assert str(sabine.consent_date) == "2026-01-15" and sabine.areas[0].code == "08010213"
    membership = db.session.scalar(select(Membership))
    assert membership.person_id == sabine.id and membership.function == "Schulleiterin"


def test_import_without_name_column_or_with_broken_data(create_user, login):
    client = login(create_user(roles=["planner"]))
    page = _upload(client).get_data(as_text=True)
    response = client.post(
        "/manage/stakeholders/import", data=_mapping_form(page, col_name=""), headers=EN
    )
    assert response.status_code == 422
    assert "Choose the column that holds the name" in response.get_data(as_text=True)
    broken = client.post(
        "/manage/stakeholders/import", data=_mapping_form(page, csv_data="not-base64!"), headers=EN
    )
    assert broken.status_code == 422 and "Please upload again" in broken.get_data(as_text=True)
    empty = client.post(
        "/manage/stakeholders/import",
        data={"file": (io.BytesIO(b""), "leer.csv")},
        content_type="multipart/form-data",
        headers=EN,
    )
    assert empty.status_code == 422
