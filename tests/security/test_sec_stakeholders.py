"""Defect 8: a neighbourhood manager stays inside her areas in the stakeholder registry, and
council members read only what the planning team shared with them (opt-in per process)."""

import importlib.util
from pathlib import Path

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.stakeholders.models import Actor

pytestmark = pytest.mark.berlin
EN = {"Accept-Language": "en"}

_spec = importlib.util.spec_from_file_location(
    "stakeholder_fixtures", Path(__file__).parent.parent / "stakeholders" / "conftest.py"
)
_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_fixtures)
actor_type, create_actor, assess = _fixtures.actor_type, _fixtures.create_actor, _fixtures.assess


@pytest.fixture
def world(create_actor, create_user, login, create_process, actor_type):
    spandau_org = create_actor("Stadtteilzentrum Spandau-Neustadt", areas=("05",))
    local_org = create_actor("Familienzentrum am Körnerpark", areas=("08010213",))
    private = create_actor(
        "Sabine Spandau", type="key_person", areas=("05",), kind="person", legal_basis=""
    )
    both = create_actor("AWO Kreisverband", areas=("08", "05"))
    manager = create_user(roles=["manager"], areas=["08"])
    process = create_process(areas=("08010213",), user=manager)
    return {
        "spandau_org": spandau_org,
        "local_org": local_org,
        "private": private,
        "both": both,
        "process": process,
        "manager": login(manager),
        "type_id": actor_type("welfare").id,
    }


def test_parent_list_and_ids_are_scoped(world, area):
    client = world["manager"]
    page = client.get("/manage/stakeholders/new", headers=EN).get_data(as_text=True)
    assert "Familienzentrum am Körnerpark" in page
    assert "Stadtteilzentrum Spandau-Neustadt" not in page
    data = {
        "kind": "organisation",
        "name": "Kita Sonnenschein",
        "type_id": str(world["type_id"]),
        "parent_id": str(world["spandau_org"].id),  # an id from outside her areas
        "areas": [str(area("08010213").id)],
        "legal_basis": "",
    }
    response = client.post("/manage/stakeholders/new", data=data, headers=EN)
    assert response.status_code == 422
    assert db.session.scalar(select(Actor).where(Actor.name == "Kita Sonnenschein")) is None


def test_assessment_form_refuses_actors_outside_her_areas(world):
    client = world["manager"]
    process = world["process"]
    for actor in (world["private"], world["spandau_org"]):
        url = f"/manage/processes/{process.id}/stakeholders/assess/{actor.id}"
        response = client.get(url, headers=EN)
        assert response.status_code == 404
        assert "Sabine Spandau" not in response.get_data(as_text=True)
        assert client.post(url, data={"influence": "3", "interest": "3"}).status_code == 404
    url = f"/manage/processes/{process.id}/stakeholders/assess/{world['local_org'].id}"
    assert client.get(url).status_code == 200


def test_saving_an_actor_keeps_the_area_she_does_not_manage(world, area):
    client = world["manager"]
    actor = world["both"]
    data = {
        "kind": "organisation",
        "name": "AWO Kreisverband Berlin",
        "type_id": str(world["type_id"]),
        "parent_id": "0",
        "areas": [str(area("08").id)],
        "legal_basis": "",
    }
    response = client.post(f"/manage/stakeholders/{actor.id}/edit", data=data)
    assert response.status_code in (302, 303)
    db.session.expire_all()
    saved = db.session.get(Actor, actor.id)
    assert saved.name == "AWO Kreisverband Berlin"
    assert {a.code for a in saved.areas} == {"08", "05"}


def test_council_reads_only_shared_assessments_after_opt_in(
    world, create_actor, assess, create_user, login
):
    process = world["process"]
    faction = create_actor("Fraktion im Bezirk", type="party_group", areas=("08",))
    shared = create_actor("Bürgerverein Körnerpark", areas=("08010213",))
    secret = assess(process, faction, 4, 4, attitude=-2, legitimate_interest="Blockiert alles")
    open_row = assess(process, shared, 2, 3, visibility="council")
    council = login(create_user(roles=["council"]))
    matrix = f"/manage/processes/{process.id}/stakeholders"
    assert council.get(matrix).status_code == 403  # not opted in
    planner = login(create_user(roles=["planner"]))
    assert planner.post(f"{matrix}/council", data={"council_assessments": "1"}).status_code == 303
    page = council.get(matrix, headers=EN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Bürgerverein Körnerpark" in text
    assert "Fraktion im Bezirk" not in text
    assert council.get(f"{matrix}/assessments/{secret.id}").status_code == 404
    assert council.get(f"{matrix}/assessments/{open_row.id}").status_code == 200
    csv = council.get(f"{matrix}/matrix.csv").get_data(as_text=True)
    assert "Fraktion im Bezirk" not in csv and "Blockiert" not in csv
    # the planning team still sees everything
    assert "Fraktion im Bezirk" in planner.get(matrix).get_data(as_text=True)
