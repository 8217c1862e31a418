"""The meetings demo step: conference with published minutes, an open poll, a public meeting."""

import pytest
from sqlalchemy import func, select

from participation.extensions import db

pytestmark = pytest.mark.berlin


def test_demo_meetings(app, client):
    from participation.demo import meetings, process, stakeholders, users
    from participation.meetings.models import Body, DatePoll, Decision, Meeting, NeedsStatement

    users.seed_users()
    process.seed_process()
    stakeholders.seed_stakeholders()
    assert meetings.seed_meetings().startswith("meetings: 2 bodies")
    assert meetings.seed_meetings() == "meetings demo present"
    srk = db.session.scalar(select(Body).order_by(Body.id))
    assert srk.name == "Sozialraumkonferenz Körnerpark" and len(srk.current_memberships()) >= 10
    decisions = db.session.scalars(select(Decision)).all()
    # two public decisions and one taken in the non-public part (closed session)
    assert len(decisions) == 3 and any(d.minority_opinion for d in decisions)
    assert sum(1 for d in decisions if d.agenda_item and not d.agenda_item.public) == 1
    assert db.session.scalar(select(func.count(NeedsStatement.id))) == 2
    assert db.session.scalar(select(DatePoll.status)) == "open"
    past = db.session.scalar(select(Meeting).where(Meeting.minutes_status == "published"))
    page = client.get(f"/meetings/{past.id}").text
    assert "Minderheitsvotum" in page and "Kiezfonds" in page
    public = db.session.scalar(select(Meeting).where(Meeting.registration_open.is_(True)))
    assert "Anmelden" in client.get(f"/meetings/{public.id}").text
