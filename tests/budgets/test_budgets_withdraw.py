"""The applicant withdraws through the tracking link (with a confirmation step) until the
decision; the public list keeps the application as withdrawn, without its details."""

import pytest

from participation.budgets import services
from participation.budgets.models import Application
from participation.contributions.models import Contribution
from participation.extensions import db

pytestmark = pytest.mark.berlin


def test_withdraw_with_confirmation_then_listed_without_details(
    client, make_budget, create_process, manager, apply
):
    budget = make_budget(process=create_process(publish=True, user=manager))
    a, token = apply(budget, title="Kiezflohmarkt", email="floh@example.org", consent=True)
    services.check_eligibility(a, manager, True)
    db.session.commit()
    track = client.get(f"/budgets/track/{token}")
    assert f"/budgets/track/{token}/withdraw" in track.text
    confirm = client.get(f"/budgets/track/{token}/withdraw")
    assert confirm.status_code == 200 and "Kiezflohmarkt" in confirm.text
    db.session.expire_all()
    assert db.session.get(Application, a.id).status == "eligible"  # the GET changes nothing
    done = client.post(f"/budgets/track/{token}/withdraw")
    assert done.status_code == 303
    db.session.expire_all()
    a = db.session.get(Application, a.id)
    assert a.status == "withdrawn" and a.email is None
    c = db.session.get(Contribution, a.contribution_id)
    assert c.visibility == "withdrawn" and c.email is None
    page = client.get(f"/budgets/{budget.id}")
    assert "Kiezflohmarkt" not in page.text and f"Antrag Nr. {a.id}" in page.text
    assert "Zurückgezogen" in page.text
    csv = client.get(f"/budgets/{budget.id}.csv")
    assert "Kiezflohmarkt" not in csv.text and "Zurückgezogen" in csv.text
    assert f"/budgets/track/{token}/withdraw" not in client.get(f"/budgets/track/{token}").text


def test_no_withdrawal_after_the_decision(client, make_budget, apply, manager, decision):
    budget = make_budget()
    a, token = apply(budget)
    services.check_eligibility(a, manager, True)
    services.allocate(budget, manager, {a.id: 500}, decision=decision())
    db.session.commit()
    assert client.post(f"/budgets/track/{token}/withdraw").status_code == 303
    db.session.expire_all()
    assert db.session.get(Application, a.id).status == "funded"
    assert client.get(f"/budgets/track/{token}/withdraw").status_code == 303
