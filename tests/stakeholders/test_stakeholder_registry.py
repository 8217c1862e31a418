"""Registry: create/edit, the legal-basis rule, search, relations, export and erasure."""

import json
from datetime import date

import pytest
from sqlalchemy import select

from participation.core.models import AuditEntry
from participation.extensions import db
from participation.stakeholders.models import Actor, Assessment, Membership, Relation

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}
HX = {"HX-Request": "true"}


def _form(actor_type, area, **fields):
    data = {
        "kind": "organisation",
        "name": "Nachbarschaftsheim Neukölln",
        "type_id": actor_type("welfare").id,
        "parent_id": 0,
        "areas": [area("080102").id],
        "legal_basis": "",
        "tags": "Familien,  familien, Kinder und Jugend",
    }
    data.update(fields)
    return data


def test_create_and_edit_an_organisation(create_user, login, actor_type, area):
    planner = create_user(roles=["planner"])
    client = login(planner)
    response = client.post(
        "/manage/stakeholders/new",
        data=_form(actor_type, area, email="Info@Nbh.example.org", phone="030 123"),
    )
    assert response.status_code == 303
    actor = db.session.scalar(select(Actor))
    assert actor.name == "Nachbarschaftsheim Neukölln" and actor.email == "info@nbh.example.org"
    assert actor.tag_list == ["familien", "kinder und jugend"]  # normalised, no duplicates
    assert [a.code for a in actor.areas] == ["080102"]
    response = client.post(
        f"/manage/stakeholders/{actor.id}/edit",
        data=_form(actor_type, area, name="Nachbarschaftsheim Neukölln e. V."),
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Actor, actor.id).name == "Nachbarschaftsheim Neukölln e. V."
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["stakeholders.actor_create", "stakeholders.actor_update"]
    page = client.get(f"/manage/stakeholders/{actor.id}", headers=EN).get_data(as_text=True)
    assert "Nachbarschaftsheim Neukölln e. V." in page and "Neuköllner Mitte/Zentrum" in page


def test_private_person_contact_data_needs_a_legal_basis(create_user, login, actor_type, area):
    client = login(create_user(roles=["planner"]))
    person = _form(
        actor_type,
        area,
        kind="person",
        name="Mehmet Aydın",
        type_id=actor_type("key_person").id,
        phone="0176 555 0134",
    )
    response = client.post("/manage/stakeholders/new", data=person, headers=EN)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "only be stored with a legal basis" in page
    assert "0176 555 0134" in page  # nothing typed is lost
    assert db.session.scalar(select(Actor)) is None

    person["legal_basis"] = "consent"  # consent without its date is not enough
    response = client.post("/manage/stakeholders/new", data=person, headers=EN)
    assert response.status_code == 422
    assert "date on which the person gave consent" in response.get_data(as_text=True)

    person["consent_date"] = "2026-01-15"
    assert client.post("/manage/stakeholders/new", data=person).status_code == 303
    actor = db.session.scalar(select(Actor))
    assert actor.legal_basis == "consent" and str(actor.consent_date) == "2026-01-15"

    # a person without contact data needs no legal basis; an organisation never does
    del person["consent_date"]
    person.update(name="Elif Demir", phone="", legal_basis="")
    assert client.post("/manage/stakeholders/new", data=person).status_code == 303


def test_registry_search_filters_and_pages(create_actor, create_user, login, area):
    create_actor("Kita Sonnenblume", type="kita", areas=("08010213",), tags="Kinder")
    create_actor("Kita Regenbogen", type="kita", areas=("08010214",))
    create_actor("Spandauer Kita am Ufer", type="kita", areas=("05",))
    create_actor("Jugendamt Neukölln", type="administration", areas=("08",), tags="Kinder")
    create_actor("Elif Demir", type="resident", areas=("08010213",), kind="person")
    for i in range(55):
        create_actor(f"Verein {i:02d}", type="club", areas=("08",))
    client = login(create_user(roles=["planner"]))

    def names(**args):
        # the htmx request returns only the result block (no filter options to confuse us)
        page = client.get("/manage/stakeholders/", query_string=args, headers=HX)
        assert "<html" not in page.get_data(as_text=True)
        found = ("Sonnenblume", "Regenbogen", "Spandauer", "Jugendamt", "Demir")
        return {n for n in found if n in page.get_data(as_text=True)}

    assert names(q="KITA") == {"Sonnenblume", "Regenbogen", "Spandauer"}  # case-insensitive
    create_actor("Ärztehaus Jonasstraße", type="health", areas=("08010213",))
    for query in ("ärztehaus", "AERZTEHAUS", "Ärztehaus jonas"):  # umlauts on SQLite too
        page = client.get("/manage/stakeholders/", query_string={"q": query}, headers=HX)
        assert "Ärztehaus Jonasstraße" in page.get_data(as_text=True), query
    assert names(q="kinder") == {"Sonnenblume", "Jugendamt"}  # tag search
    assert names(q="kita", area=area("0801").id) == {"Sonnenblume", "Regenbogen"}  # any level
    assert names(area=area("08010213").id) == {"Sonnenblume", "Demir"}
    assert names(kind="person") == {"Demir"}
    first = client.get("/manage/stakeholders/").get_data(as_text=True)
    assert "Verein 00" in first and "Verein 54" not in first  # 60 actors, 50 per page
    second = client.get("/manage/stakeholders/?page=2").get_data(as_text=True)
    assert "Verein 54" in second and "Verein 00" not in second


def test_relations_memberships_and_network(create_actor, create_user, login):
    awo = create_actor("AWO Kreisverband Berlin-Südost")
    school = create_actor("Körnerpark-Grundschule", type="school", areas=("08010213",))
    head = create_actor(
        "Dr. Sabine Krüger", type="school", kind="person", legal_basis="public_role", phone="030 1"
    )
    client = login(create_user(roles=["planner"]))
    found = client.get(f"/manage/stakeholders/{awo.id}?find=körnerpark").get_data(as_text=True)
    assert f'name="target_id" value="{school.id}"' in found
    data = {"target_id": school.id, "kind": "cooperates", "note": "Elterncafé"}
    assert client.post(f"/manage/stakeholders/{awo.id}/relations", data=data).status_code == 303
    again = client.post(f"/manage/stakeholders/{awo.id}/relations", data=data, headers=EN)
    assert again.status_code == 422 and "recorded already" in again.get_data(as_text=True)
    response = client.post(
        f"/manage/stakeholders/{head.id}/memberships",
        data={"organisation_id": school.id, "function": "Schulleiterin"},
    )
    assert response.status_code == 303
    membership = db.session.scalar(select(Membership))
    assert (membership.person_id, membership.organisation_id) == (head.id, school.id)
    network = client.get("/manage/stakeholders/network", headers=EN).get_data(as_text=True)
    assert "cooperates with" in network and "Elterncafé" in network
    assert network.count('class="sh-node"') == 3  # the person is drawn via her membership


def test_export_then_erase_keeps_links(create_actor, create_user, login, create_process, assess):
    person = create_actor(
        "Mehmet Aydın",
        type="key_person",
        areas=("08010213",),
        kind="person",
        legal_basis="consent",
        consent_date=date(2026, 1, 15),
        phone="0176 555 0134",
        notes="Betreibt den Späti an der Jonasstraße.",
    )
    kiosk = create_actor("Späti Jonasstraße", type="business", areas=("08010213",))
    planner = create_user(roles=["planner"])
    from participation.stakeholders.services import add_relation

    add_relation(person, kiosk, "member_of", "Inhaber", planner)
    process = create_process()
    assess(process, person, 1, 3, legitimate_interest="Kennt alle Familien am Platz.")
    client = login(planner)

    response = client.get(f"/manage/stakeholders/{person.id}/export.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["phone"] == "0176 555 0134" and data["consent_date"] == "2026-01-15"
    assert data["relations"][0]["to"] == "Späti Jonasstraße"
    assert data["assessments"][0]["legitimate_interest"] == "Kennt alle Familien am Platz."

    assert client.post(f"/manage/stakeholders/{person.id}/erase", data={}).status_code == 422
    response = client.post(f"/manage/stakeholders/{person.id}/erase", data={"confirm": "y"})
    assert response.status_code == 303
    db.session.expire_all()
    erased = db.session.get(Actor, person.id)
    assert erased.name == f"Gelöschte:r Akteur:in #{person.id}" and erased.erased_at
    assert (erased.phone, erased.notes, erased.legal_basis) == ("", "", "")
    assert db.session.scalar(select(Relation)).source_id == person.id  # links kept
    kept = db.session.scalar(select(Assessment))
    assert kept.interest == 3 and kept.legitimate_interest == ""
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"stakeholders.actor_export", "stakeholders.actor_erase"} <= actions
    page = client.get(f"/manage/stakeholders/{person.id}", headers=EN).get_data(as_text=True)
    assert f"Erased actor #{person.id}" in page and "0176" not in page
    assert client.get(f"/manage/stakeholders/{person.id}/edit").status_code == 303


def test_type_taxonomy_and_default_coverage_list(
    create_user, login, create_process, create_actor, assess
):
    from participation.stakeholders.models import ActorType

    planner = login(create_user(roles=["planner"]))
    data = {"key": "quartiersmanagement", "label_de": "Quartiersmanagement", "category": "welfare"}
    assert planner.post("/manage/stakeholders/types", data=data).status_code == 303
    made = db.session.scalar(select(ActorType).where(ActorType.key == "quartiersmanagement"))
    assert made.labels == {"de": "Quartiersmanagement", "en": "Quartiersmanagement"}
    again = planner.post("/manage/stakeholders/types", data=data, headers=EN)
    assert again.status_code == 422 and "exists already" in again.get_data(as_text=True)
    edit = {"label_de": "Quartiersmanagement", "label_en": "Neighbourhood management"}
    response = planner.post(
        f"/manage/stakeholders/types?edit={made.id}", data={**edit, "category": "administration"}
    )
    assert response.status_code == 303
    db.session.expire_all()
    made = db.session.get(ActorType, made.id)
    assert made.category == "administration" and made.labels["en"] == "Neighbourhood management"

    # the default list applies to every process without its own list
    process = create_process()
    assess(process, create_actor("QM Körnerpark", type="quartiersmanagement"), 3, 4)
    only_admin = {f"min_{k}": 0 for k in ("welfare", "residents", "education", "faith")}
    only_admin.update(min_economy=0, min_politics=0, min_jobcenter=0, min_administration=1)
    assert planner.post("/manage/stakeholders/coverage", data=only_admin).status_code == 303
    page = planner.get(f"/manage/processes/{process.id}", headers=EN).get_data(as_text=True)
    assert "All required categories are covered" in page

    manager = login(create_user(roles=["manager"], areas=["08"]))
    assert manager.get("/manage/stakeholders/types").status_code == 403
    assert manager.post("/manage/stakeholders/coverage", data=only_admin).status_code == 403
