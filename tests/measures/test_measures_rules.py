"""Status machine and required reasons; linking is not accepting; outcomes follow the measure."""

import pytest
from sqlalchemy import func, select

from participation.contributions import services as contribution_services
from participation.contributions.models import Contribution
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.measures.models import MeasureStatusChange, OutcomeChange
from participation.measures.services import links, measures, outcomes

pytestmark = pytest.mark.berlin


def test_status_machine_refuses_jumps_and_reasonless_rejection(make_measure, planner):
    m = make_measure()
    with pytest.raises(ServiceError) as err:
        measures.change_status(m, "completed", "", planner)  # proposed → completed: no
    assert err.value.field == "status"
    with pytest.raises(ServiceError) as err:
        measures.change_status(m, "rejected", "Nein.", planner)  # too short for residents
    assert err.value.field == "explanation"
    db.session.rollback()
    measures.change_status(m, "under_review", "", planner)
    measures.change_status(m, "adopted", "Der Ausschuss hat zugestimmt.", planner)
    db.session.commit()
    with pytest.raises(ServiceError):
        measures.change_status(m, "stopped", "", planner)  # stopping needs a reason too
    db.session.rollback()
    measures.change_status(m, "in_progress", "", planner)
    measures.change_status(m, "completed", "Die Segel hängen.", planner)
    db.session.commit()
    history = db.session.scalars(
        select(MeasureStatusChange.new_status)
        .where(MeasureStatusChange.measure_id == m.id)
        .order_by(MeasureStatusChange.id)
    ).all()
    assert history == ["proposed", "under_review", "adopted", "in_progress", "completed"]
    assert m.next_statuses() == ()


def test_linking_is_not_accepting_and_outcome_follows(make_measure, contribute, planner, fresh):
    c = contribute()
    m = make_measure()
    assert links.link_contributions(m, [c.id], "Schatten ist der Wunsch", planner) == 1
    db.session.commit()
    assert fresh(Contribution, c.id).status == "taken_up"  # not "adopted": only linked
    measures.change_status(m, "adopted", "BVV-Beschluss vom März", planner)
    db.session.commit()
    assert fresh(Contribution, c.id).status == "adopted"
    measures.change_status(m, "stopped", "Der Hersteller ist insolvent, wir suchen neu.", planner)
    db.session.commit()
    c = fresh(Contribution, c.id)
    assert c.status == "not_taken_up" and "insolvent" in c.status_reason


def test_best_of_several_measures_and_hand_answer_wins(make_measure, contribute, planner, fresh):
    c = contribute()
    m1, m2 = make_measure("Sonnensegel"), make_measure("Bäume pflanzen")
    links.link_contributions(m1, [c.id], "Schatten durch Segel", planner)
    links.link_contributions(m2, [c.id], "Schatten durch Bäume", planner)
    measures.change_status(m1, "rejected", "Zu teuer in diesem Haushaltsjahr.", planner)
    db.session.commit()
    assert fresh(Contribution, c.id).status == "taken_up"  # the other measure still runs
    # A planner answers by hand: the measure no longer carries the outcome ...
    outcomes.answer_contributions([c.id], "implemented", "Schatten gibt es seit Juni.", planner)
    measures.change_status(m2, "rejected", "Bäume wachsen hier wegen Leitungen nicht.", planner)
    db.session.commit()
    assert fresh(Contribution, c.id).status == "implemented"
    # ... until it is released again.
    outcomes.release_outcome(fresh(Contribution, c.id), planner)
    db.session.commit()
    assert fresh(Contribution, c.id).status == "not_taken_up"


def test_not_taken_up_needs_a_reason(contribute, planner):
    c = contribute()
    with pytest.raises(ServiceError):
        outcomes.answer_contributions([c.id], "not_taken_up", "", planner)
    with pytest.raises(ServiceError):
        contribution_services.set_status(c, "not_taken_up", "", planner)
    db.session.rollback()
    outcomes.answer_contributions(
        [c.id], "not_taken_up", "Das liegt außerhalb dessen, was hier entschieden wird.", planner
    )
    db.session.commit()
    change = db.session.scalars(select(OutcomeChange)).one()
    assert change.official and change.new_status == "not_taken_up"


def test_theme_members_follow_theme(make_measure, contribute, planner, process, fresh):
    pins = [contribute(f"Kreuzung gefährlich {n}") for n in range(3)]
    theme = links.create_theme(process, planner, "Gefährliche Kreuzung", "", [p.id for p in pins])
    m = make_measure("Zebrastreifen an der Kreuzung")
    assert links.link_theme(theme, m, "Alle wünschen sich einen sicheren Übergang", planner) == 3
    late = contribute("Auch ich finde die Kreuzung gefährlich")
    links.add_to_theme(theme, [late.id], planner)
    db.session.commit()
    assert {fresh(Contribution, p.id).status for p in [*pins, late]} == {"taken_up"}
    count = db.session.scalar(select(func.count()).select_from(OutcomeChange))
    assert count == 4
