"""Pages: the resident's application form and tracking page, the public budget page with its
figures and CSV, the vote, and staff pages (scoring grid, allocation) inside the manager's areas."""

import re
from datetime import date, timedelta

import pytest

from participation.budgets import services
from participation.budgets.models import Application, Score
from participation.extensions import db

pytestmark = pytest.mark.berlin


def _form(budget, point, **over):
    lon, lat = point()
    data = {
        "title": "Bücherschrank am Körnerpark",
        "description": "Ein offener Bücherschrank für alle Nachbarinnen und Nachbarn.",
        "target_groups": "Alle",
        "when_text": "Frühjahr 2027",
        "lon": str(lon),
        "lat": str(lat),
        "cost_lines-0-item": "Schrank",
        "cost_lines-0-amount": "450",
        "cost_lines-1-item": "Aufstellen",
        "cost_lines-1-amount": "150",
        "applicant_type": "initiative",
        "applicant_name": "Leselust Neukölln",
        "email": "lese@example.org",
        "consent": "y",
    }
    data.update(over)
    return data


def test_resident_applies_and_follows_the_application(client, make_budget, point):
    budget = make_budget()
    page = client.get(f"/budgets/{budget.id}/apply")
    assert page.status_code == 200 and "Schrank" not in page.text
    bad = client.post(
        f"/budgets/{budget.id}/apply", data=_form(budget, point, **{"cost_lines-0-amount": "2900"})
    )
    assert bad.status_code == 422 and "3000" in bad.text and "Leselust Neukölln" in bad.text
    resp = client.post(f"/budgets/{budget.id}/apply", data=_form(budget, point))
    assert resp.status_code == 303
    track = resp.headers["Location"]
    assert "/budgets/track/" in track
    app_ = db.session.query(Application).one()
    assert app_.amount_requested == 600 and app_.email == "lese@example.org"
    page = client.get(track)
    assert page.status_code == 200 and "Bücherschrank am Körnerpark" in page.text
    assert "Quartiersmanagement" not in page.text  # 600 € → the conference's tier
    assert "Sozialraumkonferenz" in page.text
    edit = client.post(track + "/edit", data=_form(budget, point, title="Offener Bücherschrank"))
    assert edit.status_code == 303
    db.session.expire_all()
    assert db.session.get(Application, app_.id).title == "Offener Bücherschrank"
    assert client.get("/budgets/track/not-a-token").status_code == 404


def test_public_page_shows_allocation_spent_and_csv(client, make_budget, apply, manager, decision):
    budget = make_budget()
    a, token = apply(budget, title="Hoffest im Körnerkiez")
    b, _t = apply(budget, title="Hochbeete", lines=(("Holz", 800),))
    services.check_eligibility(a, manager, True)
    services.check_eligibility(b, manager, False, "Das Grundstück gehört nicht zum Gebiet.")
    services.allocate(budget, manager, {a.id: 400}, decision=decision())
    services.add_spending(a, manager, amount=250, spent_on=date.today())
    db.session.commit()
    page = client.get(f"/budgets/{budget.id}")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert "Hoffest im Körnerkiez" in text and "Teilweise" in text or "Partly" in text
    assert "9.600 €" in text and "250 €" in text and "<svg" in text
    assert "Das Grundstück gehört nicht zum Gebiet." in text
    assert "Nutzen für die Nachbarschaft" in text
    csv = client.get(f"/budgets/{budget.id}.csv")
    assert (
        csv.status_code == 200
        and "Hoffest im Körnerkiez;Hofgemeinschaft Selkestraße;500;" in csv.text.replace('"', "")
    )
    track = client.get(f"/budgets/track/{token}")
    assert "400 €" in track.text
    assert client.get(f"/budgets/area/{budget.area_id}").status_code == 200


def test_staff_scoring_grid_and_permissions(login, make_budget, apply, manager, other_manager):
    budget = make_budget()
    a, _t = apply(budget)
    services.check_eligibility(a, manager, True)
    db.session.commit()
    member = services.voting_members(budget)[0]
    crit = budget.criteria[0]
    own = login(manager)
    assert own.get(f"/manage/budgets/{budget.id}").status_code == 200
    grid = own.get(f"/manage/budgets/{budget.id}/scoring?member={member.id}")
    assert grid.status_code == 200 and f"s_{a.id}_{crit.id}" in grid.text
    resp = own.post(
        f"/manage/budgets/{budget.id}/scoring",
        data={"member": member.id, f"s_{a.id}_{crit.id}": "4"},
        headers={"HX-Request": "true"},
    )
    assert resp.status_code == 200
    assert db.session.query(Score).one().value == 4
    bad = own.post(
        f"/manage/budgets/{budget.id}/scoring",
        data={"member": member.id, f"s_{a.id}_{crit.id}": "9"},
        headers={"HX-Request": "true"},
    )
    assert bad.status_code == 422
    assert own.get(f"/manage/budgets/{budget.id}/ranking").status_code == 200
    assert own.get(f"/manage/budgets/{budget.id}/allocate").status_code == 200
    other = login(other_manager)
    assert other.get(f"/manage/budgets/{budget.id}").status_code == 403
    assert other.get(f"/manage/budgets/{budget.id}/scoring").status_code == 403


def test_vote_page_one_vote_per_browser(client, make_budget, apply, manager):
    today = date.today()
    budget = make_budget(
        allocation_mode="vote",
        body=None,
        vote_opens_on=today,
        vote_closes_on=today + timedelta(days=3),
    )
    a, _t = apply(budget)
    services.check_eligibility(a, manager, True)
    db.session.commit()
    page = client.get(f"/budgets/{budget.id}/vote")
    assert page.status_code == 200 and "Hoffest im Körnerkiez" in page.text
    assert client.post(f"/budgets/{budget.id}/vote", data={"choice": str(a.id)}).status_code == 303
    again = client.get(f"/budgets/{budget.id}/vote")
    assert 'name="choice"' not in again.text
    assert client.post(f"/budgets/{budget.id}/vote", data={"choice": str(a.id)}).status_code == 422
    results = client.get(f"/budgets/{budget.id}/results")
    assert results.status_code == 200 and "Hoffest im Körnerkiez" in results.text


def test_process_page_links_the_area_budget(client, make_budget, create_process, manager):
    budget = make_budget()
    process = create_process(publish=True, user=manager)
    page = client.get(f"/processes/{process.slug}")
    assert page.status_code == 200
    assert f"/budgets/{budget.id}" in page.text and f"/budgets/{budget.id}/apply" in page.text
