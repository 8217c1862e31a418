"""A hand-countable process for the council report tests.

21 contributions in Körnerpark (08010213) and Glasower Straße (08010214):

==========  ======  =====  =====  =========================================
channel     count   where  notes
==========  ======  =====  =====  =========================================
online      12      0213   8 "missing", 4 "like"; 3 taken up in a measure
paper        7      0214   all "idea"; 2 in review
phone        2      0213   "avoid" (a small cell: printed as "< 5")
==========  ======  =====  =====  =========================================

One online pin has a Turkish title, one an Arabic one; they are the most supported.
"""

import pytest
from _report_texts import ARABIC, MINORITY, TURKISH

from participation.extensions import db


@pytest.fixture(autouse=True)
def _inline_jobs(app):
    """Jobs run in the request in tests (no thread outliving the test database)."""
    app.config["REPORTS_RUN_INLINE"] = True


@pytest.fixture
def planner(create_user):
    """A planner (all processes)."""
    return create_user(email="planung@example.org", name="Paula Planer", roles=["planner"])


@pytest.fixture
def council(create_user):
    """A council member (reads drafts, never publishes)."""
    return create_user(email="bvv@example.org", name="Ratsmitglied Rüya", roles=["council"])


@pytest.fixture
def report_process(create_process, planner, area):
    """The published process with the 21 contributions, a measure and a meeting (see above)."""
    from participation.contributions.services import create_contribution
    from participation.measures.models import ContributionLink
    from participation.measures.services.measures import create_measure

    process = create_process(areas=("08010213", "08010214"), publish=True, user=planner)
    cats = {c.key: c for c in process.categories}
    koerner, glasower = area("08010213"), area("08010214")
    made = []

    def add(title, channel, cat, where, status="received", supports=0):
        c = create_contribution(
            process,
            kind="idea",
            channel=channel,
            title=title,
            category=cats[cat],
            area=where,
            entered_by=None if channel == "online" else planner,
        )
        c.visibility = "visible"
        c.status = status
        c.support_count = supports
        made.append(c)
        return c

    add(TURKISH, "online", "missing", koerner, supports=9)
    add(ARABIC, "online", "missing", koerner, supports=7)
    for i in range(6):
        add(f"Mehr Schatten am Sandkasten {i + 1}", "online", "missing", koerner)
    for i in range(4):
        add(f"Schöne alte Bäume {i + 1}", "online", "like", koerner)
    for i in range(7):
        add(
            f"Tischtennisplatte Nr. {i + 1}",
            "paper",
            "idea",
            glasower,
            status="in_review" if i < 2 else "received",
        )
    for i in range(2):
        add(f"Dunkle Ecke am Eingang {i + 1}", "phone", "avoid", koerner)
    db.session.flush()
    measure = create_measure(planner, title="Sonnensegel über dem Sandkasten", processes=[process])
    db.session.flush()
    for c in made[2:5]:
        db.session.add(ContributionLink(contribution_id=c.id, measure_id=measure.id))
        c.status = "taken_up"
    _meeting(process, planner)
    db.session.commit()
    return process


def _meeting(process, planner):
    """A held Sozialraumkonferenz with one decision and a minority opinion."""
    from datetime import timedelta

    from participation.core.db import utcnow
    from participation.meetings.models import Body, Decision, Meeting

    body = Body(slug="src-koernerpark", name="Stadtteilkonferenz Körnerpark")
    db.session.add(body)
    db.session.flush()
    meeting = Meeting(
        body_id=body.id,
        process_id=process.id,
        title="Werkstatt Spielplatz",
        starts_at=utcnow() - timedelta(days=3),
        visibility="public",
        status="scheduled",
        uid="report-test-meeting@example.org",
        public_attendees=34,
        minutes_status="published",
    )
    db.session.add(meeting)
    db.session.flush()
    db.session.add(
        Decision(
            meeting_id=meeting.id,
            text="Der Sandkasten bekommt Sonnensegel.",
            outcome="adopted",
            votes_yes=9,
            votes_no=2,
            votes_abstain=1,
            minority_opinion=MINORITY,
        )
    )
