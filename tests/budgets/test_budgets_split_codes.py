"""Staff pages for the city-wide split (pot, min/max, figures with the rounding, sum = pot; a
public page) and for invitation codes (N codes as CSV or PDF, used/unused counts, no link from
a code to its ballot)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from participation.areas.models import Area
from participation.budgets import services
from participation.budgets.models import Ballot, Budget, CitySplit
from participation.extensions import db

pytestmark = pytest.mark.berlin


def test_split_pages_show_formula_figures_and_exact_sum(login, client, manager, area):
    parent = area("080102")  # a Bezirksregion in Neukölln: its Planungsräume
    children = db.session.scalars(
        select(Area).where(Area.parent_id == parent.id, Area.valid_to.is_(None))
    ).all()
    assert len(children) >= 2
    for i, a in enumerate(children):
        a.population = 1000 + 333 * i
    db.session.commit()
    staff = login(manager)
    assert staff.get("/manage/budgets/splits").status_code == 200
    form = {
        "title": "Kiezkassen Neukölln",
        "period": "2027",
        "pot": "10001",
        "min_per_area": "500",
        "max_per_area": "",
        "parent_id": parent.id,
        "level_id": children[0].level_id,
    }
    bad = staff.post("/manage/budgets/splits", data={**form, "min_per_area": "9000"})
    assert bad.status_code == 422 and "Kiezkassen Neukölln" in bad.text  # nothing typed lost
    resp = staff.post("/manage/budgets/splits", data=form)
    assert resp.status_code == 303
    split = db.session.scalar(select(CitySplit))
    assert sum(s.amount for s in split.shares) == 10001
    assert len(split.shares) == len(children)
    figures = services.split_figures(split)
    assert sum(f.extra_euro for _s, f in figures) == 10001 - sum(int(f.exact) for _s, f in figures)
    page = client.get(f"/budgets/splits/{split.id}")
    assert page.status_code == 200 and "10.001 €" in page.text
    assert children[0].name in page.text and ("Rest" in page.text or "remainder" in page.text)
    assert staff.get(f"/manage/budgets/splits/{split.id}").status_code == 200


def test_split_refused_outside_the_managers_areas(login, other_manager, area):
    parent = area("080102")
    level = db.session.scalars(select(Area).where(Area.parent_id == parent.id)).first().level_id
    resp = login(other_manager).post(
        "/manage/budgets/splits",
        data={
            "title": "X",
            "period": "2027",
            "pot": "1000",
            "parent_id": parent.id,
            "level_id": level,
        },
    )
    assert resp.status_code == 422 and db.session.scalar(select(CitySplit)) is None


def test_codes_as_csv_and_pdf_with_counts_only(login, make_budget, apply, manager):
    today = date.today()
    budget = make_budget(
        amount=1000,
        allocation_mode="vote",
        body=None,
        max_per_application=None,
        vote_opens_on=today,
        vote_closes_on=today + timedelta(days=7),
        vote_access="codes",
    )
    a, _t = apply(budget, lines=(("Kosten", 300),))
    services.check_eligibility(a, manager, True)
    db.session.commit()
    staff = login(manager)
    page = staff.get(f"/manage/budgets/{budget.id}/codes")
    assert page.status_code == 200
    csv = staff.post(f"/manage/budgets/{budget.id}/codes", data={"count": "3", "format": "csv"})
    assert csv.status_code == 200 and csv.headers["Cache-Control"] == "no-store"
    codes = [line.split(";")[0] for line in csv.text.splitlines()[1:]]
    assert len(codes) == 3 and all(len(c) == 8 for c in codes)
    pdf = staff.post(f"/manage/budgets/{budget.id}/codes", data={"count": "12", "format": "pdf"})
    assert pdf.data.startswith(b"%PDF-") and pdf.mimetype == "application/pdf"
    bad = staff.post(f"/manage/budgets/{budget.id}/codes", data={"count": "0", "format": "csv"})
    assert bad.status_code == 422
    services.cast_ballot(budget, [a.id], code=codes[1])
    db.session.commit()
    assert services.code_counts(budget) == {"total": 15, "used": 1, "unused": 14}
    page = staff.get(f"/manage/budgets/{budget.id}/codes")
    assert codes[1] not in page.text and ">14<" in page.text
    from participation.contributions.tokens import hash_token

    ballot = db.session.scalar(select(Ballot))
    assert ballot.voter_key != hash_token(f"{budget.id}:{codes[1]}")  # no way back to the code


def test_a_budget_is_made_from_a_split_share_with_its_area_and_amount(login, client, manager, area):
    parent = area("080102")
    children = db.session.scalars(
        select(Area).where(Area.parent_id == parent.id, Area.valid_to.is_(None)).order_by(Area.code)
    ).all()
    for i, a in enumerate(children):
        a.population = 2000 + 500 * i
    split = services.split_pot(
        manager, title="Kiezkassen Neukölln", period="2027", pot=20000, areas=children
    )
    db.session.commit()
    share = split.shares[0]
    staff = login(manager)
    figures = staff.get(f"/manage/budgets/splits/{split.id}").text
    assert f"/manage/budgets/new?share={share.id}" in figures

    form_page = staff.get(f"/manage/budgets/new?share={share.id}").text
    assert f'value="{share.amount}"' in form_page and "Kiezkassen Neukölln" in form_page
    today = date.today()
    data = {
        "title": f"Kiezkasse {share.area.name} 2027",
        "area_id": share.area_id,
        "process_id": 0,
        "body_id": 0,
        "period": "2027",
        "amount": share.amount + 1,
        "funding_source": "Kiezkassen Neukölln",
        "pillar": "quartiersbudget",
        "allocation_mode": "vote",
        "applicant_types": ["resident"],
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=20)).isoformat(),
        "vote_opens_on": (today + timedelta(days=21)).isoformat(),
        "vote_closes_on": (today + timedelta(days=28)).isoformat(),
        "ballot_kind": "knapsack",
        "vote_access": "browser",
    }
    url = f"/manage/budgets/new?share={share.id}"
    refused = staff.post(url, data=data)
    assert refused.status_code == 422
    assert "hat den Betrag des Anteils" in refused.text
    assert f"Kiezkasse {share.area.name} 2027" in refused.text  # nothing typed is lost
    assert db.session.scalar(select(Budget).where(Budget.split_share_id == share.id)) is None

    made = staff.post(url, data={**data, "amount": share.amount})
    assert made.status_code == 303
    budget = db.session.scalar(select(Budget).where(Budget.split_share_id == share.id))
    assert budget is not None and budget.amount == share.amount
    assert f"/budgets/splits/{split.id}" in client.get(f"/budgets/{budget.id}").text
    assert f"/manage/budgets/{budget.id}" in staff.get(f"/manage/budgets/splits/{split.id}").text

    again = staff.post(url, data={**data, "amount": share.amount})
    assert again.status_code == 422 and "bereits ein Budget" in again.text
    assert (
        len(db.session.scalars(select(Budget).where(Budget.split_share_id == share.id)).all()) == 1
    )
    assert staff.get("/manage/budgets/new?share=999999").status_code == 404
