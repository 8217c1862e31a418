"""Residents' vote: one ballot per code or browser, knapsack limit, paper ballots, the count by
Consul's rule (ties shown) reproducible from the stored ballots, and allocation from the result."""

from datetime import date, timedelta

import pytest

from participation.budgets import services
from participation.core.errors import ServiceError
from participation.extensions import db

pytestmark = pytest.mark.berlin


@pytest.fixture
def vote_budget(make_budget, apply, manager):
    """A 1,000 € vote budget with four eligible projects (600, 500, 400, 300 €)."""
    today = date.today()
    budget = make_budget(
        amount=1000,
        allocation_mode="vote",
        body=None,
        max_per_application=None,
        vote_opens_on=today,
        vote_closes_on=today + timedelta(days=7),
    )
    apps = []
    for title, cost in (("Hoffest", 600), ("Bänke", 500), ("Bücherschrank", 400), ("Beete", 300)):
        a, _ = apply(budget, title=title, lines=(("Kosten", cost),))
        services.check_eligibility(a, manager, True)
        apps.append(a)
    db.session.commit()
    return budget, apps


def test_one_ballot_per_browser_and_knapsack_limit(vote_budget):
    budget, (a, b, c, d) = vote_budget
    services.cast_ballot(budget, [a.id, c.id], browser_token="browser-1")
    db.session.commit()
    with pytest.raises(ServiceError) as err:
        services.cast_ballot(budget, [b.id], browser_token="browser-1")
    assert err.value.code == "voted"
    db.session.rollback()
    with pytest.raises(ServiceError) as err:
        services.cast_ballot(budget, [a.id, b.id], browser_token="browser-2")  # 1,100 € > 1,000 €
    assert err.value.field == "choices"
    db.session.rollback()
    assert services.has_voted(budget, "browser-1") and not services.has_voted(budget, "browser-2")


def test_invitation_codes_are_single_use(vote_budget, manager):
    budget, (a, b, c, d) = vote_budget
    budget.vote_access = "codes"
    codes = services.create_codes(budget, manager, 3)
    db.session.commit()
    services.cast_ballot(budget, [a.id], code=codes[0].lower())
    db.session.commit()
    with pytest.raises(ServiceError) as err:
        services.cast_ballot(budget, [b.id], code=codes[0])
    assert err.value.field == "code"
    db.session.rollback()
    with pytest.raises(ServiceError):
        services.cast_ballot(budget, [b.id], code="FALSCH")


def test_count_follows_consuls_rule_with_paper_ballots_and_is_reproducible(vote_budget, manager):
    budget, (a, b, c, d) = vote_budget
    online = [[a.id], [a.id, d.id], [b.id, d.id], [b.id], [c.id]]
    for i, choice in enumerate(online):
        services.cast_ballot(budget, choice, browser_token=f"b{i}")
    services.enter_paper_ballots(budget, manager, [[a.id], [b.id, c.id]])
    db.session.commit()
    rows, totals = services.count_votes(budget)
    # votes: a 3, b 3 (tie), c 2, d 2 (tie). a (600) taken; b (500) does not fit the 400 left;
    # c (400) fits; d (300) does not fit the 0 left.
    assert [(r.title, r.votes, r.tied, r.winner, r.skipped) for r in rows] == [
        ("Hoffest", 3, True, True, False),
        ("Bänke", 3, True, False, True),
        ("Bücherschrank", 2, True, True, False),
        ("Beete", 2, True, False, True),
    ]
    assert totals == {"online": 5, "paper": 2, "ballots": 7, "left": 0}
    assert rows[1].paper == 1 and rows[1].online == 2
    again, _ = services.count_votes(budget)
    assert again == rows
    services.apply_vote_result(budget, manager)
    db.session.commit()
    assert [x.status for x in (a, b, c, d)] == ["funded", "not_funded", "funded", "not_funded"]
    assert "Geld" in b.reason or "money" in b.reason
    assert services.figures(budget)["remaining"] == 0


def test_vote_closed_refuses(vote_budget):
    budget, (a, *_rest) = vote_budget
    budget.vote_closes_on = date.today() - timedelta(days=1)
    with pytest.raises(ServiceError):
        services.cast_ballot(budget, [a.id], browser_token="late")
