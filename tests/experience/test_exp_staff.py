"""Staff desktop: close asks first, publishing needs a dated phase, readable change log,
results that are not public yet."""

import pytest

from participation.extensions import db
from participation.processes.models import Process

pytestmark = pytest.mark.berlin


def test_close_asks_first_and_says_what_it_does(create_process, create_user, login):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner, publish=True)
    client = login(planner)
    dashboard = client.get(f"/manage/processes/{process.id}").get_data(as_text=True)
    assert f'action="/manage/processes/{process.id}/close"' not in dashboard  # no one-click close
    assert f'href="/manage/processes/{process.id}/close"' in dashboard
    page = client.get(f"/manage/processes/{process.id}/close").get_data(as_text=True)
    assert "nimmt keine Beiträge mehr an" in page and "Ja, Verfahren beenden" in page
    db.session.expire_all()
    assert db.session.get(Process, process.id).status == "published"  # looking changes nothing
    response = client.post(f"/manage/processes/{process.id}/close")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Process, process.id).status == "closed"


def test_publishing_above_information_needs_a_dated_phase(create_process, create_user, login):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner)  # draft, no phases
    client = login(planner)
    response = client.post(f"/manage/processes/{process.id}/publish")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "mindestens eine Phase mit Beginn und Ende" in page
    assert f'href="/manage/processes/{process.id}/phases"' in page
    info = create_process(user=planner, level="information", title="Nur zur Information")
    assert client.post(f"/manage/processes/{info.id}/publish").status_code == 303


def test_change_log_shows_translated_actions(create_process, create_user, login):
    planner = create_user(roles=["planner"])
    process = create_process(user=planner, publish=True)
    page = login(planner).get(f"/manage/processes/{process.id}").get_data(as_text=True)
    history = page.split('id="hist-h"')[1]
    assert "Verfahren angelegt" in history and "Veröffentlicht" in history
    assert "process.create" not in history


def test_unpublished_results_say_not_public_yet(client, pin_process, simple_survey):
    survey = simple_survey(pin_process())
    response = client.get(f"/surveys/{survey.id}/results")
    assert response.status_code == 404
    assert "noch nicht öffentlich" in response.get_data(as_text=True)


def test_area_choice_is_a_grouped_checkbox_list_not_a_multiselect(
    create_user, login, area, create_process
):
    planner = create_user(roles=["planner"])
    client = login(planner)
    page = client.get("/manage/processes/new").get_data(as_text=True)
    assert "<select" not in page.split('id="areas"')[1].split("</fieldset>")[0]
    assert "Strg" not in page and "Ctrl" not in page
    assert page.count('<details class="area-level"') == 4  # Bezirk … Planungsraum
    koerner = area("08010213")
    assert f'value="{koerner.id}" id="areas-{koerner.id}"' in page
    assert "Neukölln › Neuköllner Mitte/Zentrum" in page  # the parents as context
    process = create_process(user=planner, areas=["08010213"])
    edit = client.get(f"/manage/processes/{process.id}/edit").get_data(as_text=True)
    assert f'value="{koerner.id}" id="areas-{koerner.id}" checked' in edit
    assert '<details class="area-level" open>' in edit  # the level with a choice is open
    outlines = client.get(f"/areas/outlines.geojson?ids={koerner.id},abc").get_json()
    assert [f["properties"]["name"] for f in outlines["features"]] == ["Körnerpark"]
