"""Answered rate and median days to an answer against a hand count; measures from meetings."""

from datetime import timedelta

import pytest

from participation.core.db import utcnow
from participation.extensions import db
from participation.measures.services import outcomes
from participation.measures.stats import feedback_stats

pytestmark = pytest.mark.berlin


def test_answered_rate_and_median_days_by_hand(contribute, planner, process):
    from participation.contributions.moderation import hide_contribution

    days_ago = [2, 4, 10, 30]
    items = [contribute(f"Beitrag {d}") for d in days_ago]
    for c, d in zip(items, days_ago, strict=True):
        c.created_at = utcnow() - timedelta(days=d)
    spam = contribute("Werbung")
    hide_contribution(spam, planner, "Werbung")
    db.session.commit()
    # answered now: 2, 4 and 10 days after submission; the 30-day-old one stays open
    outcomes.answer_contributions([items[0].id], "in_review", "", planner)
    outcomes.answer_contributions(
        [items[1].id, items[2].id], "not_taken_up", "Dafür ist der Bezirk nicht zuständig.", planner
    )
    db.session.commit()
    stats = feedback_stats(process)
    # by hand: 4 counted (the hidden one is not), 3 answered → 75 %, median of 2, 4, 10 = 4
    assert (stats.total, stats.answered, stats.answered_rate) == (4, 3, 75)
    assert stats.median_days == pytest.approx(4.0, abs=0.01)
    assert stats.overdue == 1  # 30 days > 21 days
    # a later answer does not change the first answer's days
    outcomes.answer_contributions([items[0].id], "implemented", "Ist erledigt.", planner)
    db.session.commit()
    assert feedback_stats(process).median_days == pytest.approx(4.0, abs=0.01)


def test_measure_from_needs_statement(login, planner, process, area):
    from participation.meetings.models import Body, Meeting, NeedsStatement

    body = Body(slug="srk-koernerpark", name="Sozialraumkonferenz Körnerpark")
    body.areas = [area("08010213")]
    meeting = Meeting(
        body=body, title="SRK Herbst", uid="srk-1@test", process_id=process.id, starts_at=utcnow()
    )
    need = NeedsStatement(
        meeting=meeting,
        area_id=area("08010213").id,
        text="Ein Treffpunkt für Jugendliche am Abend fehlt.",
        target_groups="Jugendliche",
    )
    db.session.add_all([body, meeting, need])
    db.session.commit()
    staff = login(planner)
    listing = staff.get("/manage/measures/from-meetings").get_data(as_text=True)
    assert f"needs_statement:{need.id}" in listing
    form = staff.get(f"/manage/measures/new?source=needs_statement:{need.id}")
    assert "Treffpunkt für Jugendliche" in form.get_data(as_text=True)
    response = staff.post(
        "/manage/measures/new",
        data={
            "title": "Jugendtreff am Abend",
            "processes": [str(process.id)],
            "change_type": "new",
            "responsible_actor": "",
            "source": f"needs_statement:{need.id}",
        },
    )
    assert response.status_code == 303
    from sqlalchemy import select

    from participation.measures.models import Measure

    measure = db.session.scalars(select(Measure)).one()
    assert measure.needs_statement_id == need.id and measure.source_type == "needs_statement"
    public = staff.get(f"/measures/{measure.id}").get_data(as_text=True)
    assert "SRK Herbst" in public and "Treffpunkt" in public
