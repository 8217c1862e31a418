"""A budget's criteria history quotes the decision behind a change only when residents may read
it: not when the decision was taken in the non-public part of a meeting (closed agenda item)."""

import pytest

from participation.extensions import db

pytestmark = pytest.mark.berlin


def test_criteria_history_hides_a_decision_of_the_non_public_part(
    make_budget, manager, decision, client
):
    from participation.budgets import services
    from participation.meetings import services as meetings

    budget = make_budget()
    d = decision("Kriterium Nachhaltigkeit aufgenommen, Vorschlag von Frau Kowalczyk")
    d.meeting.visibility = "public"
    closed = meetings.add_agenda_item(
        d.meeting, manager, kind="decision", title="Kriterien (nichtöffentlich)", public=False
    )
    d.agenda_item_id = closed.id
    services.save_criterion(
        budget, manager, name="Nachhaltigkeit", weight=1, scale_max=5, decision=d
    )
    db.session.commit()
    page = client.get(f"/budgets/{budget.id}").text
    assert "Nachhaltigkeit" in page and "Frau Kowalczyk" not in page
    # published explicitly by staff: quoted at once (the cached page follows the meetings version)
    d.publish_separately = True
    db.session.commit()
    assert "Frau Kowalczyk" in client.get(f"/budgets/{budget.id}").text
    # and closed again: gone on the next request, not after the page's 60 s
    d.publish_separately = False
    db.session.commit()
    assert "Frau Kowalczyk" not in client.get(f"/budgets/{budget.id}").text
