"""Staff pages (create, status, decision, bulk link with a count first) and public pages."""

import re

import pytest
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.extensions import db
from participation.measures.models import ContributionLink, Measure, MeasureDecision

pytestmark = pytest.mark.berlin
DE = {"Accept-Language": "de"}


def test_planner_creates_measure_links_by_filter_and_adopts(
    login, planner, process, contribute, fresh
):
    pins = [contribute(f"Schatten fehlt {n}") for n in range(3)]
    other = contribute("Bank kaputt", category="avoid")
    staff = login(planner)
    page = staff.get(f"/manage/measures/new?process={process.id}")
    assert page.status_code == 200
    response = staff.post(
        "/manage/measures/new",
        data={
            "title": "Sonnensegel am Sandkasten",
            "description": "Zwei Segel ab Mai.",
            "processes": [str(process.id)],
            "change_type": "new",
            "responsible_actor": "",
            "quick_win": "y",
        },
    )
    assert response.status_code == 303
    measure = db.session.scalars(select(Measure)).one()
    missing = next(c for c in process.categories if c.key == "missing")
    form = {
        "category": str(missing.id),
        "scope": "all",
        "action": "link",
        "measure": str(measure.id),
        "rationale": "Alle wünschen sich Schatten am Sandkasten.",
    }
    preview = staff.post(f"/manage/processes/{process.id}/feedback/apply", data=form, headers=DE)
    assert preview.status_code == 200
    assert "3 Beiträge" in preview.get_data(as_text=True)
    assert db.session.scalar(select(ContributionLink.id)) is None  # nothing applied yet
    done = staff.post(
        f"/manage/processes/{process.id}/feedback/apply", data={**form, "confirm": "1"}
    )
    assert done.status_code == 303
    assert {fresh(Contribution, p.id).status for p in pins} == {"taken_up"}
    assert fresh(Contribution, other.id).status == "received"
    response = staff.post(
        f"/manage/measures/{measure.id}/decisions",
        data={
            "dc-committee": "BVV Neukölln",
            "dc-decided_on": "2026-11-12",
            "dc-outcome": "adopted",
            "dc-reference": "DS/0815/XXI",
            "dc-votes_yes": "31",
            "dc-votes_no": "12",
            "dc-votes_abstain": "2",
            "dc-also_adopt": "y",
        },
    )
    assert response.status_code == 303
    assert fresh(Measure, measure.id).status == "adopted"
    assert db.session.scalars(select(MeasureDecision)).one().reference == "DS/0815/XXI"
    assert fresh(Contribution, pins[0].id).status == "adopted"
    # the author's tracking page tells the story
    track = login(planner).get(f"/track/{pins[0].tracking_token}", headers=DE)
    track = track.get_data(as_text=True)
    assert "Sonnensegel am Sandkasten" in track and "DS/0815/XXI" in track
    assert "BVV Neukölln" in track
    # the public page lists it with the decision
    public = login(planner).get(f"/processes/{process.slug}/feedback", headers=DE)
    html = public.get_data(as_text=True)
    assert public.status_code == 200 and "Sonnensegel am Sandkasten" in html
    assert "DS/0815/XXI" in html and "Schatten fehlt 0" in html


def test_bulk_link_by_map_box(login, planner, process, contribute, make_measure, point_in, fresh):
    near = [contribute(f"Hier fehlt was {n}", dx=0.0001 * n) for n in range(2)]
    far = contribute("Ganz woanders", code="08010214")
    lon, lat = point_in("08010213")
    measure = make_measure()
    box = {"west": lon - 0.001, "south": lat - 0.001, "east": lon + 0.001, "north": lat + 0.001}
    staff = login(planner)
    listing = staff.get(f"/manage/processes/{process.id}/feedback", query_string=box, headers=DE)
    assert "2 Beiträge ausgewählt" in listing.get_data(as_text=True)
    data = {
        **{k: str(v) for k, v in box.items()},
        "scope": "all",
        "action": "link",
        "measure": str(measure.id),
        "rationale": "Alles rund um den Sandkasten",
        "confirm": "1",
    }
    response = staff.post(f"/manage/processes/{process.id}/feedback/apply", data=data)
    assert response.status_code == 303
    assert [fresh(Contribution, c.id).status for c in near] == ["taken_up", "taken_up"]
    assert fresh(Contribution, far.id).status == "received"


def test_manager_only_in_own_areas(login, create_user, process, make_measure):
    measure = make_measure()
    spandau = login(create_user(roles=["manager"], areas=["05"]))
    assert spandau.get(f"/manage/measures/{measure.id}").status_code == 403
    assert spandau.get(f"/manage/processes/{process.id}/feedback").status_code == 403
    refused = spandau.post(f"/manage/measures/{measure.id}/status", data={"st-status": "adopted"})
    assert refused.status_code == 403
    neukoelln = login(create_user(roles=["manager"], areas=["08"]))
    assert neukoelln.get(f"/manage/measures/{measure.id}").status_code == 200
    assert neukoelln.get(f"/manage/processes/{process.id}/feedback").status_code == 200


def test_public_pages_hide_personal_data_and_hidden_content(
    client, planner, process, contribute, make_measure
):
    from participation.contributions.moderation import hide_contribution
    from participation.measures.services.links import link_contributions

    shown = contribute("Schaukel fehlt", email="anna.privat@example.org")
    hidden = contribute("Beleidigung XYZ")
    measure = make_measure()
    link_contributions(measure, [shown.id, hidden.id], "Spielgeräte ergänzen", planner)
    hide_contribution(hidden, planner, "Beleidigend")
    db.session.commit()
    for url in (
        f"/processes/{process.slug}/feedback",
        f"/measures/{measure.id}",
        f"/processes/{process.slug}/measures.atom",
    ):
        html = client.get(url).get_data(as_text=True)
        assert "anna.privat" not in html and "Paula Planer" not in html, url
        assert "Beleidigung XYZ" not in html, url
    assert "Schaukel fehlt" in client.get(f"/measures/{measure.id}").get_data(as_text=True)
    feed = client.get(f"/processes/{process.slug}/measures.atom")
    assert feed.mimetype == "application/atom+xml" and "Sonnensegel" in feed.get_data(as_text=True)


def test_measures_map_layer_and_area_page(client, process, make_measure, point_in, area):
    lon, lat = point_in("08010213")
    make_measure("Trinkbrunnen", lon=lon, lat=lat)
    data = client.get(f"/processes/{process.slug}/measures.geojson").get_json()
    assert [f["properties"]["title"] for f in data["features"]] == ["Trinkbrunnen"]
    filtered = client.get(f"/processes/{process.slug}/feedback?status=proposed")
    assert filtered.status_code == 200 and "Trinkbrunnen" in filtered.get_data(as_text=True)
    assert "Trinkbrunnen" not in client.get(
        f"/processes/{process.slug}/feedback?status=completed"
    ).get_data(as_text=True)
    neukoelln = area("08")
    page = client.get(f"/areas/{neukoelln.id}/feedback")
    assert page.status_code == 200 and "Trinkbrunnen" in page.get_data(as_text=True)


def test_bad_input_is_a_message_not_a_500(login, planner, make_measure):
    measure = make_measure()
    staff = login(planner)
    response = staff.post(
        f"/manage/measures/{measure.id}/status",
        data={"st-status": "rejected", "st-explanation": "nein"},
        headers=DE,
    )
    assert response.status_code == 422
    assert re.search(r"Grund|Begründung|erklären", response.get_data(as_text=True))
    assert (
        staff.post(
            f"/manage/measures/{measure.id}/decisions", data={"dc-decided_on": "kaputt"}
        ).status_code
        == 422
    )


def test_goal_tree_levels_from_config_and_incomplete_goals(app, login, planner, area):
    app.config["MEASURES_GOAL_LEVELS"] = "Leitziel|Guiding goal,Teilziel|Sub-goal"
    staff = login(planner)
    data = {"title": "Mehr Grün im Kiez", "parent": "", "area": str(area("08").id)}
    assert staff.post("/manage/goals/", data=data).status_code == 303
    from participation.measures.models import Goal

    top = db.session.scalars(select(Goal)).one()
    child = {
        "title": "Schatten auf Spielplätzen",
        "parent": str(top.id),
        "area": "",
        "indicator": "Anteil beschatteter Sandkästen",
        "deadline": "2028-06-30",
    }
    assert staff.post("/manage/goals/", data=child).status_code == 303
    too_deep = {
        "title": "Noch tiefer",
        "parent": str(db.session.scalars(select(Goal.id).where(Goal.parent_id == top.id)).one()),
        "area": "",
    }
    page = staff.post("/manage/goals/", data=too_deep, headers=DE)
    assert page.status_code == 422  # only two levels configured
    html = staff.get("/manage/goals/", headers=DE).get_data(as_text=True)
    assert "Leitziel" in html and "Teilziel" in html
    assert html.count("unvollständig") == 1  # the top goal lacks indicator and deadline


def test_goal_edit_without_the_target_groups_field_keeps_them(login, planner, area):
    """A POST that leaves out ``target_groups`` (the edit form is bound to the goal, so the field
    held the stored list) saved nothing and answered 500; now the goal keeps its groups."""
    from participation.measures.models import Goal

    staff = login(planner)
    data = {"title": "Mehr Grün im Kiez", "parent": "", "area": str(area("08").id)}
    data["target_groups"] = "Kinder, Ältere"
    assert staff.post("/manage/goals/", data=data).status_code == 303
    goal = db.session.scalars(select(Goal)).one()
    response = staff.post(
        f"/manage/goals/{goal.id}/edit", data={"title": "Mehr Grün und Schatten", "parent": ""}
    )
    assert response.status_code == 303
    db.session.expire_all()
    goal = db.session.get(Goal, goal.id)
    assert goal.title == "Mehr Grün und Schatten"
    assert goal.target_groups == ["Kinder", "Ältere"]


def test_answer_selection_with_template_in_residents_language(
    login, planner, process, contribute, fresh
):
    from participation.measures.models import ReasonTemplate

    english = contribute("Parking for cars", category="idea")
    english.locale = "en"
    db.session.commit()
    template = db.session.scalars(
        select(ReasonTemplate).where(ReasonTemplate.key == "outside_scope")
    ).one()
    staff = login(planner)
    response = staff.post(
        f"/manage/contributions/{english.id}/answer",
        data={"an-status": "not_taken_up", "an-template": str(template.id), "an-reason": ""},
    )
    assert response.status_code == 303
    c = fresh(Contribution, english.id)
    assert c.status == "not_taken_up" and c.status_reason == template.texts["en"]
    # without a template and without a reason "not taken up" is refused, nothing typed is lost
    other = contribute("Noch ein Wunsch")
    response = staff.post(
        f"/manage/contributions/{other.id}/answer",
        data={"an-status": "not_taken_up", "an-template": "", "an-reason": "Nein"},
        headers=DE,
    )
    assert response.status_code == 422 and "Nein" in response.get_data(as_text=True)
    assert fresh(Contribution, other.id).status == "received"


def test_process_panels_public_and_staff(client, login, planner, process, contribute, make_measure):
    old = contribute("Seit Langem offen")
    from datetime import timedelta

    from participation.core.db import utcnow

    old.created_at = utcnow() - timedelta(days=30)
    db.session.commit()
    make_measure("Trinkbrunnen am Eingang")
    public = client.get(f"/processes/{process.slug}", headers=DE).get_data(as_text=True)
    assert "Sie sagten – wir tun" in public and "Trinkbrunnen am Eingang" in public
    staff = login(planner).get(f"/manage/processes/{process.id}", headers=DE)
    html = staff.get_data(as_text=True)
    assert "Rückmeldungen" in html and "Seit Langem offen" in html
    assert "seit mehr als 21 Tagen keine Antwort" in html
    # the threshold is set per process
    login(planner).post(
        f"/manage/processes/{process.id}/feedback/settings", data={"unanswered_days": "60"}
    )
    html = login(planner).get(f"/manage/processes/{process.id}", headers=DE).get_data(as_text=True)
    assert "seit mehr als 21 Tagen" not in html
