"""Members score themselves ("Meine Bewertungen"): only their own seat, only their own body,
conflicts of interest lock the row with the reason, htmx per cell or one submit without JS."""

import pytest
from sqlalchemy import select

from participation.budgets import services
from participation.budgets.models import Score
from participation.budgets.services import members
from participation.extensions import db
from participation.meetings.models import Membership

pytestmark = pytest.mark.berlin

HX = {"HX-Request": "true"}


def _seat(body, name):
    return next(m for m in body.memberships if m.actor.name == name)


@pytest.fixture
def scored(make_budget, apply, manager, body, create_user, login):
    """Budget with two eligible applications; the Kita is the applicant of the second."""
    budget = make_budget()
    first, _t = apply(budget)
    kita = _seat(body, "Kita Sonnenblume")
    second, _t = apply(budget, title="Kita-Sommerfest", applicant_actor_id=kita.actor_id)
    for a in (first, second):
        services.check_eligibility(a, manager, True)
    accounts = {}
    for name, email in (
        ("AWO Kreisverband", "awo@example.org"),
        ("Kita Sonnenblume", "kita@example.org"),
        ("Jobcenter", "jobcenter@example.org"),  # advisory seat: no vote
    ):
        accounts[name] = create_user(email=email, roles=["staff"], areas=["08"])
        members.link_account(budget, _seat(body, name), manager, email.upper())
    db.session.commit()
    return budget, first, second, accounts


def test_member_scores_her_own_seat_by_cell_and_by_form(scored, body, login):
    budget, first, second, accounts = scored
    awo = login(accounts["AWO Kreisverband"])
    listing = awo.get("/manage/my-scores")
    assert listing.status_code == 200 and "Kiezkasse Körnerpark 2027" in listing.text
    grid = awo.get(f"/manage/my-scores/{budget.id}")
    assert grid.status_code == 200 and "Kita-Sommerfest" in grid.text
    crit = budget.criteria[0]
    cell = awo.post(
        f"/manage/my-scores/{budget.id}", data={f"s_{first.id}_{crit.id}": "4"}, headers=HX
    )
    assert cell.status_code == 200 and ("Saved" in cell.text or "Gespeichert" in cell.text)
    # trying to act for another seat: the field is ignored, her own seat is used
    kita_seat = _seat(body, "Kita Sonnenblume")
    form = {f"s_{first.id}_{c.id}": "3" for c in budget.criteria[1:]}
    resp = awo.post(f"/manage/my-scores/{budget.id}", data={**form, "member": kita_seat.id})
    assert resp.status_code == 303
    rows = db.session.scalars(select(Score).where(Score.application_id == first.id)).all()
    awo_seat = _seat(body, "AWO Kreisverband")
    assert {s.membership_id for s in rows} == {awo_seat.id}
    assert sorted(s.value for s in rows) == [3, 3, 4]
    assert {s.entered_by_id for s in rows} == {accounts["AWO Kreisverband"].id}
    assert services.ranking(budget)[0].application_id == first.id


def test_conflict_locks_the_row_with_the_reason(scored, login):
    budget, first, second, accounts = scored
    kita = login(accounts["Kita Sonnenblume"])
    grid = kita.get(f"/manage/my-scores/{budget.id}")
    assert f'name="s_{second.id}_' not in grid.text  # her organisation applies
    assert f'name="s_{first.id}_' in grid.text
    crit = budget.criteria[0]
    refused = kita.post(
        f"/manage/my-scores/{budget.id}", data={f"s_{second.id}_{crit.id}": "5"}, headers=HX
    )
    assert refused.status_code == 422
    # she declares a conflict with the other one herself: row locked, reason shown
    kita.post(f"/manage/my-scores/{budget.id}", data={f"s_{first.id}_{crit.id}": "2"})
    kita.post(
        f"/manage/my-scores/{budget.id}/conflict",
        data={"application": first.id, "reason": "Meine Tochter organisiert das Hoffest."},
    )
    grid = kita.get(f"/manage/my-scores/{budget.id}")
    assert "Meine Tochter organisiert das Hoffest." in grid.text
    assert f'name="s_{first.id}_' not in grid.text
    assert db.session.scalars(select(Score)).all() == []


def test_no_vote_no_link_or_other_body_means_no_grid(
    scored, login, create_user, manager, area, make_budget
):
    budget, first, _second, accounts = scored
    assert login(accounts["Jobcenter"]).get(f"/manage/my-scores/{budget.id}").status_code == 403
    outsider = login(create_user(email="nobody@example.org", roles=["staff"], areas=["08"]))
    assert outsider.get(f"/manage/my-scores/{budget.id}").status_code == 403
    assert "nothing to score" in outsider.get("/manage/my-scores").text or "nichts" in (
        outsider.get("/manage/my-scores").text
    )
    # a member of another body cannot score this budget
    from participation.meetings import services as meetings

    other = meetings.create_body(
        manager,
        [area("08010213")],
        [],
        name="Runder Tisch Rollberg",
        type="runder_tisch",
        owner_id=manager.id,
        deputy_owner_id=create_user(email="rt@example.org", roles=["manager"], areas=["08"]).id,
    )
    awo_actor = next(m.actor for m in budget.body.memberships if m.actor.name == "AWO Kreisverband")
    meetings.add_member(other, awo_actor, manager, role="member", voting=True)
    db.session.commit()
    seat = db.session.scalar(select(Membership).where(Membership.body_id == other.id))
    assert seat.actor.user_id == accounts["AWO Kreisverband"].id
    other_budget = make_budget(title="Kiezkasse Rollberg", body=other)
    assert members.own_membership(other_budget, accounts["AWO Kreisverband"]).id == seat.id
    assert members.own_membership(budget, accounts["AWO Kreisverband"]).body_id == budget.body_id
    # someone who sits only on the other body: her grid there, 403 here
    from participation.stakeholders import services as stakeholders

    rat = stakeholders.create_actor(
        manager, [area("08")], name="Quartiersrat Rollberg", type_id=seat.actor.type_id
    )
    meetings.add_member(other, rat, manager, role="member", voting=True)
    other_seat = db.session.scalar(
        select(Membership).where(Membership.body_id == other.id, Membership.actor_id == rat.id)
    )
    account = create_user(email="rat-rollberg@example.org", roles=["staff"], areas=["08"])
    members.link_account(other_budget, other_seat, manager, account.email)
    db.session.commit()
    client = login(account)
    assert client.get(f"/manage/my-scores/{other_budget.id}").status_code == 200
    assert client.get(f"/manage/my-scores/{budget.id}").status_code == 403
    crit = budget.criteria[0]
    refused = client.post(f"/manage/my-scores/{budget.id}", data={f"s_{first.id}_{crit.id}": "5"})
    assert refused.status_code == 403
    assert db.session.scalars(select(Score)).all() == []


def test_staff_link_the_account_on_the_scoring_page(make_budget, body, manager, login, create_user):
    budget = make_budget()
    create_user(email="schule@example.org", roles=["staff"], areas=["08"])
    seat = _seat(body, "Grundschule am Körnerpark")
    staff = login(manager)
    bad = staff.post(
        f"/manage/budgets/{budget.id}/member-account",
        data={"member": seat.id, "account": "unbekannt@example.org"},
    )
    assert bad.status_code == 303
    db.session.expire_all()
    assert db.session.get(Membership, seat.id).actor.user_id is None
    staff.post(
        f"/manage/budgets/{budget.id}/member-account",
        data={"member": seat.id, "account": "schule@example.org"},
    )
    page = staff.get(f"/manage/budgets/{budget.id}/scoring?member={seat.id}")
    assert 'value="schule@example.org"' in page.text


def test_criteria_edited_in_the_ui_then_only_with_a_decision(
    make_budget, apply, manager, login, client, decision
):
    budget = make_budget()
    staff = login(manager)
    crit = budget.criteria[2]
    url = f"/manage/budgets/{budget.id}/criteria/{crit.id}"
    assert staff.get(url).status_code == 200
    form = {"name": "Machbarkeit und Kosten", "description": "Ist es machbar?", "weight": "2"}
    resp = staff.post(url, data={**form, "scale_max": "5", "decision_id": "0"})
    assert resp.status_code == 303
    db.session.expire_all()
    assert budget.criteria[2].name == "Machbarkeit und Kosten"
    apply(budget)  # the first application freezes the criteria
    refused = staff.post(url, data={**form, "weight": "3", "scale_max": "5", "decision_id": "0"})
    assert refused.status_code == 422 and "Beschluss" in refused.text
    d = decision("Gewichtung der Machbarkeit erhöht")
    ok = staff.post(url, data={**form, "weight": "3", "scale_max": "5", "decision_id": d.id})
    assert ok.status_code == 303
    removed = staff.post(f"{url}/remove", data={"decision_id": "0"})
    assert removed.status_code == 303
    db.session.expire_all()
    assert len(budget.criteria) == 3  # refused without a decision
    staff.post(f"{url}/remove", data={"decision_id": d.id})
    db.session.expire_all()
    assert [c.name for c in budget.criteria] == ["Nutzen für die Nachbarschaft", "Beteiligung"]
    page = client.get(f"/budgets/{budget.id}")
    assert "Machbarkeit und Kosten" in page.text and "entfernt" in page.text.lower()
    assert "„Gewichtung der Machbarkeit erhöht“" in page.text  # the decision, publicly


def test_criterion_added_in_the_ui_then_only_with_a_decision(
    make_budget, apply, manager, login, decision
):
    budget = make_budget()
    staff = login(manager)
    url = f"/manage/budgets/{budget.id}/criteria"
    form = {"name": "Nachhaltigkeit", "description": "Hält es lange?", "scale_max": "5"}
    too_heavy = staff.post(url, data={**form, "weight": "0", "decision_id": "0"})
    assert too_heavy.status_code == 422 and 'value="Nachhaltigkeit"' in too_heavy.text
    assert staff.post(url, data={**form, "weight": "2", "decision_id": "0"}).status_code == 303
    db.session.expire_all()
    assert budget.criteria[-1].name == "Nachhaltigkeit" and budget.criteria[-1].weight == 2
    apply(budget)  # the first application freezes the criteria
    form["name"] = "Barrierefreiheit"
    refused = staff.post(url, data={**form, "weight": "1", "decision_id": "0"})
    assert refused.status_code == 422 and "Beschluss" in refused.text
    d = decision("Kriterium Barrierefreiheit ergänzt")
    assert staff.post(url, data={**form, "weight": "1", "decision_id": d.id}).status_code == 303
    db.session.expire_all()
    assert [c.name for c in budget.criteria][-2:] == ["Nachhaltigkeit", "Barrierefreiheit"]
