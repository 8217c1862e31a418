"""Processes: publish rule, permissions by area, public pages, audit log."""

import pytest
from sqlalchemy import select

from participation.core.models import AuditEntry
from participation.extensions import db
from participation.processes.models import Process

pytestmark = pytest.mark.berlin


def test_publish_refused_without_scope_statement(create_process, create_user, login):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner, scope_influence="", resources="")
    client = login(planner)
    response = client.post(f"/manage/processes/{process.id}/publish")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "kann noch nicht veröffentlicht werden" in page  # German is the default language
    assert "Was Sie beeinflussen können" in page and "Verfügbares Geld und Mittel" in page
    db.session.expire_all()
    assert db.session.get(Process, process.id).status == "draft"
    assert client.get(f"/processes/{process.slug}").status_code == 200  # staff preview
    assert (
        login(create_user(roles=["council"])).get(f"/processes/{process.slug}").status_code == 404
    )


def test_information_level_publishes_without_scope(create_process, create_user, login):
    planner = create_user(roles=["planner"])
    process = create_process(
        user=planner,
        level="information",
        scope_influence="",
        scope_decided="",
        decision_by="",
        resources="",
    )
    response = login(planner).post(f"/manage/processes/{process.id}/publish")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Process, process.id).status == "published"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "process.publish"))
    assert entry.user_id == planner.id and entry.object_id == process.id


def test_manager_cannot_edit_process_outside_her_areas(create_process, create_user, login):
    spandau = create_user(roles=["manager"], areas=["05"])
    neukoelln = create_user(roles=["manager"], areas=["08"])
    process = create_process(areas=["08010213"])
    assert login(spandau).get(f"/manage/processes/{process.id}/edit").status_code == 403
    assert login(spandau).post(f"/manage/processes/{process.id}/publish").status_code == 403
    assert login(neukoelln).get(f"/manage/processes/{process.id}/edit").status_code == 200


def test_manager_can_only_create_in_her_areas(create_user, login, area):
    manager = create_user(roles=["manager"], areas=["08"])
    client = login(manager)
    form = client.get("/manage/processes/new").get_data(as_text=True)
    assert "Körnerpark" in form and "Spandau" not in form
    data = {
        "title": "Kiezfest",
        "summary": "Wir planen ein Fest.",
        "level": "information",
        "moderation": "post",
        "areas": [area("05").id],
    }
    response = client.post("/manage/processes/new", data=data)
    assert response.status_code == 422
    assert db.session.scalar(select(Process)) is None
    data["areas"] = [area("08010213").id]
    response = client.post("/manage/processes/new", data=data)
    assert response.status_code == 303
    process = db.session.scalar(select(Process))
    assert process.title == "Kiezfest" and [c.key for c in process.categories] == [
        "like",
        "avoid",
        "missing",
        "idea",
    ]


def test_public_list_filters_by_area(create_process, client, area):
    create_process(areas=["08010213"], publish=True, title="Spielplatz Körnerpark")
    create_process(areas=["05"], publish=True, title="Spandauer Ufer")
    create_process(areas=["08"], title="Entwurf Neukölln")  # draft: never public
    page = client.get(f"/processes/?area={area('0801').id}").get_data(as_text=True)
    assert "Spielplatz Körnerpark" in page
    assert "Spandauer Ufer" not in page and "Entwurf Neukölln" not in page
    page = client.get("/processes/").get_data(as_text=True)
    assert "Spandauer Ufer" in page and "Entwurf Neukölln" not in page


def test_process_page_shows_level_and_scope(create_process, client):
    process = create_process(publish=True)
    page = client.get(f"/processes/{process.slug}", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Consultation" in text and "Spielgeräte, Bänke, Schatten" in text
    assert "380.000 €" in text and "Nesrin Yılmaz" in text


def test_phases_editor_and_current_phase(create_process, create_user, login):
    from datetime import date, timedelta

    planner = create_user(roles=["planner"])
    process = create_process(user=planner, publish=True)
    today = date.today()
    data = {
        "phases-0-title": "Ideen sammeln",
        "phases-0-start_date": str(today - timedelta(days=3)),
        "phases-0-end_date": str(today + timedelta(days=3)),
        "phases-1-title": "Entscheidung",
        "phases-1-start_date": str(today + timedelta(days=9)),
        "phases-2-title": "Ohne Datum",
    }
    response = login(planner).post(f"/manage/processes/{process.id}/phases", data=data)
    assert response.status_code == 422  # the row without a start date is refused, nothing lost
    assert "Ohne Datum" in response.get_data(as_text=True)
    del data["phases-2-title"]
    assert (
        login(planner).post(f"/manage/processes/{process.id}/phases", data=data).status_code == 303
    )
    db.session.expire_all()
    process = db.session.get(Process, process.id)
    assert process.current_phase().title == "Ideen sammeln"
