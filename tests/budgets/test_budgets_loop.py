"""The feedback loop for applications: funded → the measure is linked back to the application's
contribution; not eligible / not funded → the reason is the contribution's public answer; the
applicant hears about it in the loop's digest, not in one e-mail per outcome."""

import pytest
from sqlalchemy import select

from participation.budgets import services
from participation.contributions.models import Contribution
from participation.contributions.tokens import tracking_token
from participation.core.models import OutboxMessage
from participation.extensions import db
from participation.measures.models import ContributionLink

pytestmark = pytest.mark.berlin

REASON = "Der Antrag ist leider nicht vorn in der Rangfolge gelandet."


def _mails(address):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)).all()


@pytest.fixture
def loop_budget(make_budget, create_process, manager):
    """A budget whose applications join the published Körnerpark process."""
    process = create_process(publish=True, user=manager)
    return make_budget(process=process)


def test_funded_and_not_funded_reach_the_contribution_and_the_digest(
    client, loop_budget, apply, manager, decision
):
    from participation.measures.notify import send_digests

    funded, token = apply(loop_budget, email="hof@example.org", consent=True)
    lost, lost_token = apply(
        loop_budget, title="Grillfest im Park", email="grill@example.org", consent=True
    )
    assert funded.contribution_id and lost.contribution_id
    c = db.session.get(Contribution, funded.contribution_id)
    assert c.kind == "budget_application" and c.email == "hof@example.org"
    for a in (funded, lost):
        services.check_eligibility(a, manager, True)
    services.allocate(
        loop_budget,
        manager,
        {funded.id: 400, lost.id: 0},
        decision=decision(),
        reasons={lost.id: REASON},
    )
    db.session.commit()
    # the measure is linked back to the contribution, the outcome follows it
    link = db.session.scalar(
        select(ContributionLink).where(ContributionLink.contribution_id == c.id)
    )
    assert link is not None and link.measure_id == funded.measure_id
    db.session.expire_all()
    assert db.session.get(Contribution, c.id).status == "adopted"
    lost_c = db.session.get(Contribution, lost.contribution_id)
    assert lost_c.status == "not_taken_up" and lost_c.status_reason == REASON
    # no separate e-mail per outcome: the digest carries it
    assert _mails("hof@example.org") == [] and _mails("grill@example.org") == []
    assert send_digests() == 2
    db.session.commit()
    (mail,) = _mails("grill@example.org")
    assert REASON in mail.body_text
    (mail,) = _mails("hof@example.org")
    assert "Hoffest im Körnerkiez" in mail.body_text
    # the applicant's tracking page shows the measure and the contribution's path
    page = client.get(f"/budgets/track/{token}")
    assert f"/measures/{funded.measure_id}" in page.text
    assert f"/track/{tracking_token(c)}" in page.text
    track = client.get(f"/track/{tracking_token(c)}")
    assert track.status_code == 200 and f"/measures/{funded.measure_id}" in track.text
    # changed and withdrawn on the budget's tracking page only, so both stay in step
    assert f"/track/{tracking_token(c)}/withdraw" not in track.text
    assert f"/budgets/track/{token}" in track.text  # and the way back to the application
    measure_page = client.get(f"/measures/{funded.measure_id}").text
    assert f"/contributions/{c.id}" in measure_page  # the contribution behind the measure
    assert "Kiezkasse Körnerpark 2027: 400 €" in measure_page  # the link's rationale
    assert REASON in client.get(f"/budgets/track/{lost_token}").text


def test_not_eligible_reason_is_the_public_answer(loop_budget, apply, manager):
    a, _t = apply(loop_budget, email="hof@example.org", consent=True)
    services.check_eligibility(a, manager, False, "Das Vorhaben liegt außerhalb des Gebiets.")
    db.session.commit()
    c = db.session.get(Contribution, a.contribution_id)
    db.session.refresh(c)
    assert c.status == "not_taken_up"
    assert c.status_reason == "Das Vorhaben liegt außerhalb des Gebiets."
    assert _mails("hof@example.org") == []  # the digest tells, once a day


def test_budget_without_process_still_mails_the_outcome(make_budget, apply, manager):
    budget = make_budget()
    a, _t = apply(budget, email="hof@example.org", consent=True)
    assert a.contribution_id is None
    services.check_eligibility(a, manager, False, "Das Vorhaben liegt außerhalb des Gebiets.")
    db.session.commit()
    assert len(_mails("hof@example.org")) == 1
