"""Rules of the budgets package: entitlement guard, frozen criteria, eligibility, conflicts of
interest, weighted ranking, allocation limits, partial funding, funded → measure, spending,
city-wide split, permissions."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.budgets import services
from participation.budgets.models import CriterionChange, Score
from participation.core.errors import ServiceError
from participation.core.models import OutboxMessage
from participation.extensions import db
from participation.measures.models import Measure

pytestmark = pytest.mark.berlin


def test_entitlement_pillar_is_refused_with_the_reason(make_budget):
    with pytest.raises(ServiceError) as err:
        make_budget(pillar="hilfen_zur_erziehung")
    assert err.value.field == "pillar"
    assert "entitlement" in err.value.message or "Rechtsanspruch" in err.value.message
    db.session.rollback()
    assert make_budget().pillar == "quartiersbudget"


def test_criteria_frozen_after_first_application(make_budget, apply, manager, decision):
    budget = make_budget()
    assert budget.criteria_frozen_at is None
    apply(budget)
    assert budget.criteria_frozen_at is not None
    with pytest.raises(ServiceError, match="frozen|eingefroren|Beschluss"):
        services.save_criterion(budget, manager, name="Nachhaltigkeit", weight=1, scale_max=5)
    db.session.rollback()
    d = decision("Kriterium Nachhaltigkeit aufgenommen")
    services.save_criterion(
        budget, manager, name="Nachhaltigkeit", weight=1, scale_max=5, decision=d
    )
    db.session.commit()
    history = db.session.scalars(
        select(CriterionChange).where(CriterionChange.budget_id == budget.id)
    ).all()
    assert history[-1].decision_id == d.id and "Nachhaltigkeit" in history[-1].summary
    assert len(budget.criteria) == 4


def test_application_checks_window_amount_area_and_applicant(make_budget, apply, point):
    budget = make_budget()
    with pytest.raises(ServiceError) as err:
        apply(budget, lines=(("Bühne", 3500),))
    assert err.value.field == "cost_lines"
    db.session.rollback()
    with pytest.raises(ServiceError) as err:
        apply(budget, lon=13.2, lat=52.53)  # Spandau
    assert err.value.field == "location"
    db.session.rollback()
    with pytest.raises(ServiceError) as err:
        apply(budget, applicant_type="commercial")
    assert err.value.field == "applicant_type"
    db.session.rollback()
    app_, token = apply(budget)
    assert app_.amount_requested == 500 and budget.tier_for(500).decider == "Quartiersmanagement"
    assert budget.tier_for(501).decider == "Sozialraumkonferenz"
    assert services.find_by_token(token).id == app_.id
    budget.closes_on = date.today() - timedelta(days=1)
    with pytest.raises(ServiceError, match="closed|geschlossen|nicht mehr"):
        services.edit_application(
            app_, title="Neu", description="x", applicant_name="y", cost_lines=[("Zelt", 100)]
        )


def test_not_eligible_needs_a_reason_the_applicant_sees(make_budget, apply, manager):
    budget = make_budget()
    app_, _t = apply(budget, email="hof@example.org", consent=True)
    with pytest.raises(ServiceError) as err:
        services.check_eligibility(app_, manager, False, "")
    assert err.value.field == "reason"
    services.check_eligibility(app_, manager, False, "Das Vorhaben liegt außerhalb des Gebiets.")
    db.session.commit()
    assert app_.status == "not_eligible" and "außerhalb" in app_.reason
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "hof@example.org")
    ).one()
    assert "außerhalb" in mail.body_text and "/budgets/track/" in mail.body_text


def _score_all(budget, manager, apps, table):
    """table: {app: [[member1 scores per criterion], [member2 …], …]}"""
    members = services.voting_members(budget)
    for app_, per_member in table.items():
        for member, values in zip(members, per_member, strict=False):
            for criterion, value in zip(budget.criteria, values, strict=True):
                services.set_score(app_, member, criterion, value, manager)
    db.session.commit()
    return members


def test_conflict_of_interest_blocks_scoring(make_budget, apply, manager):
    budget = make_budget()
    members = services.voting_members(budget)
    kita = members[1]  # Kita Sonnenblume
    app_, _t = apply(budget, applicant_actor_id=kita.actor_id)
    services.check_eligibility(app_, manager, True)
    db.session.commit()
    with pytest.raises(ServiceError, match="conflict|Interessenkonflikt|befangen"):
        services.set_score(app_, kita, budget.criteria[0], 4, manager)
    db.session.rollback()
    assert services.conflicts_for(budget)[(app_.id, kita.id)] == "registry"
    other, _t = apply(budget, title="Bänke für den Hof")
    services.check_eligibility(other, manager, True)
    db.session.commit()
    services.set_score(other, members[0], budget.criteria[0], 5, manager)
    services.declare_conflict(other, members[0], manager, "Vorsitzende wohnt im Hof")
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Score)) == 0  # removed on declaring
    with pytest.raises(ServiceError):
        services.set_score(other, members[0], budget.criteria[0], 5, manager)


def test_weighted_ranking_matches_hand_computation_with_ties(make_budget, apply, manager):
    budget = make_budget()  # weights 3, 2, 1; scale 0–5
    a, _ = apply(budget, title="Hoffest")
    b, _ = apply(budget, title="Hausaufgabenhilfe")
    c, _ = apply(budget, title="Bänke")
    for x in (a, b, c):
        services.check_eligibility(x, manager, True)
    _score_all(
        budget,
        manager,
        [a, b, c],
        {
            a: [[5, 4, 3], [3, 4, 1]],  # means 4, 4, 2 → (3·0.8 + 2·0.8 + 1·0.4)/6 = 0.7333 → 73.33
            b: [[4, 4, 2], [4, 4, 2]],  # same means → tie with a
            c: [[5, 5, 5], [1, 1, 1]],  # means 3, 3, 3 → 60.0
        },
    )
    rows = services.ranking(budget)
    assert [(r.application_id, r.score, r.rank, r.tied) for r in rows] == [
        (a.id, 73.33, 1, True),
        (b.id, 73.33, 1, True),
        (c.id, 60.0, 3, False),
    ]
    assert rows[0].means[budget.criteria[0].id] == 4.0


def test_allocation_partial_never_exceeds_budget_and_creates_measures(
    make_budget, apply, manager, decision
):
    budget = make_budget(amount=4000)
    a, _ = apply(
        budget,
        title="Hoffest",
        lines=(("Zelt", 2000), ("Essen", 1000)),
        email="a@example.org",
        consent=True,
    )
    b, _ = apply(budget, title="Bänke", lines=(("Bänke", 2500),))
    c, _ = apply(budget, title="Lesecafé", lines=(("Bücher", 800),))
    for x in (a, b, c):
        services.check_eligibility(x, manager, True)
    db.session.commit()
    with pytest.raises(ServiceError) as err:
        services.allocate(budget, manager, {a.id: 3000, b.id: 1500})
    assert err.value.field == "decision_id"
    db.session.rollback()
    d = decision()
    with pytest.raises(ServiceError, match="4000|4.000|remain|verbleib"):
        services.allocate(budget, manager, {a.id: 3000, b.id: 1500}, decision=d)
    db.session.rollback()
    with pytest.raises(ServiceError) as err:
        services.allocate(budget, manager, {c.id: 0}, decision=d)
    assert err.value.field == f"reason_{c.id}"
    db.session.rollback()
    services.allocate(
        budget,
        manager,
        {a.id: 3000, b.id: 1000, c.id: 0},
        decision=d,
        reasons={c.id: "Das Geld reichte nach der Rangfolge nicht mehr."},
    )
    db.session.commit()
    assert (a.status, b.status, c.status) == ("funded", "partly_funded", "not_funded")
    assert services.figures(budget)["remaining"] == 0
    measure = db.session.get(Measure, a.measure_id)
    assert measure.budget_planned == 3000 and measure.status == "adopted"
    assert measure.meeting_decision_id == d.id and [x.code for x in measure.areas] == ["08010213"]
    assert db.session.get(Measure, b.measure_id).budget_planned == 1000 and c.measure_id is None
    mail = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == "a@example.org")
    ).one()
    assert "3000" in mail.body_text


def test_spending_paybacks_and_remaining(make_budget, apply, manager, decision):
    budget = make_budget()
    a, _ = apply(budget, lines=(("Zelt", 1000),))
    services.check_eligibility(a, manager, True)
    services.allocate(budget, manager, {a.id: 1000}, decision=decision())
    _e, over = services.add_spending(
        a, manager, amount=600, spent_on=date.today(), note="Zeltmiete"
    )
    assert not over
    _e, over = services.add_spending(a, manager, amount=100, spent_on=date.today(), kind="payback")
    _e, over = services.add_spending(a, manager, amount=350, spent_on=date.today())
    assert over  # 950 spent of 900 left after the payback
    db.session.commit()
    f = services.figures(budget)
    assert f == {
        "amount": 10000,
        "allocated": 1000,
        "paid_back": 100,
        "committed": 900,
        "spent": 950,
        "remaining": 9100,
    }
    with pytest.raises(ServiceError):
        services.add_spending(a, manager, amount=1000, spent_on=date.today(), kind="payback")


def test_use_report_on_tracking_link(make_budget, apply, manager, decision):
    budget = make_budget()
    a, _ = apply(budget)
    with pytest.raises(ServiceError):
        services.submit_use_report(a, "Fest war schön", {})
    services.check_eligibility(a, manager, True)
    services.allocate(budget, manager, {a.id: 500}, decision=decision())
    services.submit_use_report(a, "120 Gäste kamen.", {a.cost_lines[0].id: 320})
    db.session.commit()
    assert a.use_report_at and a.cost_lines[0].actual == 320


def test_managers_only_in_their_areas(make_budget, other_manager, area, body, apply, manager):
    budget = make_budget()
    with pytest.raises(ServiceError):
        services.create_budget(
            other_manager,
            area("08010213"),
            title="X",
            period="2027",
            amount=1,
            body=body,
            applicant_types=["resident"],
            opens_on=date.today(),
            closes_on=date.today(),
        )
    db.session.rollback()
    a, _ = apply(budget)
    with pytest.raises(ServiceError):
        services.check_eligibility(a, other_manager, True)


def test_city_split_by_population_sums_to_pot(area):
    a, b, c = area("08010213"), area("08010214"), area("08")
    a.population, b.population, c.population = 1000, 3000, 6000
    # 10,001 € by population → 1000.1 / 3000.3 / 6000.6; clamped to min 2000 and max 5000,
    # the rest (3001 €) goes to the only free area
    split = services.split_pot(
        None,
        title="Kiezkassen",
        period="2027",
        pot=10001,
        areas=[a, b, c],
        min_per_area=2000,
        max_per_area=5000,
    )
    assert [s.amount for s in split.shares] == [2000, 3001, 5000]
    # 100 € over three equal areas: 33 each, the last euro by largest remainder, tie → area code
    a.population = b.population = c.population = 500
    split = services.split_pot(None, title="Gleich", period="2027", pot=100, areas=[a, b, c])
    assert [s.amount for s in split.shares] == [33, 33, 34]  # "08" sorts before "0801…"
    with pytest.raises(ServiceError):
        services.split_pot(
            None, title="X", period="2027", pot=1000, areas=[a, b, c], min_per_area=500
        )


def test_attachment_checked_by_content(make_budget, apply, login, manager):
    from io import BytesIO

    from PIL import Image

    budget = make_budget()
    with pytest.raises(ServiceError) as err:
        apply(budget, attachment=b"MZ\x90\x00 not a photo or pdf")
    assert err.value.field == "attachment"
    db.session.rollback()
    pdf, _t = apply(budget, attachment=b"%PDF-1.4\n% Kostenplan\n")
    buf = BytesIO()
    Image.new("RGB", (40, 30), "green").save(buf, "PNG")
    photo, _t = apply(budget, title="Bänke", attachment=buf.getvalue())
    assert pdf.attachment.endswith(".pdf") and photo.attachment.endswith(".jpg")
    staff = login(manager)
    got = staff.get(f"/manage/budgets/applications/{pdf.id}/attachment")
    assert got.status_code == 200 and got.data.startswith(b"%PDF-")
    assert staff.get(f"/manage/budgets/applications/{photo.id}/attachment").mimetype == "image/jpeg"
