"""Attendance, quorum, decisions (rules, minority opinion, dual role), action items, needs
statements → contributions, publication and the visibility of confidential minutes."""

import re
from datetime import date, timedelta

import pytest
from _when import future
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import NeedsStatement
from participation.meetings.tokens import feed_token

pytestmark = pytest.mark.berlin


@pytest.fixture
def held(scheduled):
    """Factory: a meeting that took place yesterday, with one agenda item."""

    def factory(**fields):
        meeting = scheduled(**fields)
        meeting.starts_at, meeting.ends_at = future(-1), future(-1) + timedelta(hours=2)
        services.add_agenda_item(
            meeting, None, kind="decision", title="Öffnungszeiten Jugendclub", duration_minutes=30
        )
        db.session.commit()
        return meeting

    return factory


def attend(meeting, statuses):
    members = services.seats_at(meeting)
    services.record_attendance(
        meeting,
        None,
        {m.id: (s, "") for m, s in zip(members, statuses, strict=False)},
        23,
        "Bezirksbürgermeister",
    )
    db.session.commit()


def test_quorum_counts_present_and_represented_voting_seats(held):
    meeting = held()
    # 4 members: chair, 2 members (voting), 1 advisory → 3 voting seats, 50 % → 2 needed
    attend(meeting, ["present", "absent", "excused", "present"])
    assert services.quorum(meeting) == (1, 2, False)
    with pytest.raises(ServiceError, match="quor|beschlussf"):
        services.record_decision(
            meeting, None, text="Mehr Öffnungstage", outcome="adopted", votes_yes=1, votes_no=0
        )
    deferred = services.record_decision(meeting, None, text="Mehr Öffnungstage", outcome="deferred")
    assert deferred.quorum_met is False
    attend(meeting, ["present", "deputy", "excused", "present"])
    assert services.quorum(meeting) == (2, 2, True)


def test_decision_rule_and_minority_opinion(held):
    meeting = held()
    attend(meeting, ["present", "present", "present", "present"])
    with pytest.raises(ServiceError):  # 1:1 is no majority
        services.record_decision(
            meeting, None, text="A", outcome="adopted", votes_yes=1, votes_no=1
        )
    with pytest.raises(ServiceError):  # more votes than voting members present
        services.record_decision(
            meeting, None, text="A", outcome="adopted", votes_yes=4, votes_no=0
        )
    decision = services.record_decision(
        meeting,
        None,
        text="Der Jugendclub öffnet samstags.",
        outcome="adopted",
        votes_yes=2,
        votes_no=1,
        votes_abstain=0,
        minority_opinion="Die Schule sieht keinen Bedarf am Samstag.",
    )
    db.session.commit()
    assert (decision.votes_yes, decision.quorum_met, decision.present_voting) == (2, True, 3)
    meeting.body.decision_rule = "unanimity"
    with pytest.raises(ServiceError):
        services.record_decision(
            meeting, None, text="B", outcome="adopted", votes_yes=2, votes_no=1
        )
    consensus = services.record_decision(meeting, None, text="C", outcome="adopted", consensus=True)
    assert consensus.votes_yes is None and consensus.consensus


def test_dual_role_flagged(held):
    from participation.stakeholders.analysis import AssessmentInput, save_assessment

    meeting = held()
    attend(meeting, ["present", "present", "present", "present"])
    awo = meeting.body.current_memberships()[0].actor
    process = meeting.body.processes[0]
    save_assessment(
        process,
        awo,
        AssessmentInput(assessed_on=date.today(), influence=3, interest=4, dual_role=True),
        None,
    )
    decision = services.record_decision(
        meeting,
        None,
        text="Die AWO übernimmt die Hausaufgabenhilfe.",
        outcome="adopted",
        votes_yes=3,
        votes_no=0,
        concerned_actors=[awo],
    )
    db.session.commit()
    assert [m.actor.id for m in services.dual_role_flags(decision)] == [awo.id]
    other = services.record_decision(
        meeting, None, text="Anderes", outcome="adopted", votes_yes=3, votes_no=0
    )
    assert services.dual_role_flags(other) == []


def test_needs_statement_becomes_contribution(held, area):
    meeting = held()
    statement = services.add_needs_statement(
        meeting,
        None,
        area=area("08010213"),
        text="Es fehlt ein Treffpunkt für Jugendliche am Abend.",
        target_groups="Jugendliche 14–18",
        evidence="Befragung 2026: 41 Nennungen",
    )
    db.session.commit()
    contribution = db.session.get(Contribution, statement.contribution_id)
    assert (contribution.kind, contribution.channel) == ("meeting_item", "meeting")
    assert contribution.process_id == meeting.body.processes[0].id
    assert contribution.source_ref == f"needs_statement:{statement.id}"
    assert "Jugendliche 14–18" in contribution.body
    with pytest.raises(ServiceError):  # an area outside the body
        services.add_needs_statement(meeting, None, area=area("08"), text="x")


def test_needs_side_by_side_for_parent_body(held, conference, manager, area, login):
    meeting = held()
    services.add_needs_statement(meeting, None, area=area("08010213"), text="Spielplatz beschattet")
    db.session.commit()
    parent_area = area("08010213").parent
    parent = services.create_body(
        manager,
        [parent_area],
        meeting.body.processes,
        name="Planungsraumkonferenz Neukölln-Nord",
        type="planungsraumkonferenz",
        owner_id=manager.id,
        deputy_owner_id=meeting.body.deputy_owner_id,
    )
    db.session.commit()
    page = login(manager).get(f"/manage/meetings/bodies/{parent.id}/needs")
    assert page.status_code == 200
    assert "Spielplatz beschattet" in page.text and area("08010213").name in page.text


def test_publication_flow_and_confidential_minutes(held, client, login, manager, outbox):
    meeting = held()
    attend(meeting, ["present", "present", "present", "present"])
    item = meeting.agenda_items[0]
    services.update_agenda_item(item, None, minutes="Lange Diskussion über Samstage.")
    services.record_decision(
        meeting, None, text="Samstags geöffnet", outcome="adopted", votes_yes=3, votes_no=0
    )
    services.add_action_item(
        meeting, None, text="Personal anfragen", owner="Jugendamt", due_date=date.today()
    )
    db.session.commit()
    with pytest.raises(ServiceError):
        services.publish_minutes(meeting, None)  # not approved yet
    assert "Samstags geöffnet" not in client.get(f"/meetings/{meeting.id}").text
    services.approve_minutes(meeting, manager)
    services.publish_minutes(meeting, manager)
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}").text
    assert (
        "Samstags geöffnet" in page and "Lange Diskussion" in page and "Personal anfragen" in page
    )
    # every member is told, with a personal link to the minutes
    told = [m for m in outbox() if m.subject.startswith("Protokoll veröffentlicht")]
    assert len(told) == 4
    link = re.search(r"https?://\S+/minutes/\S+", told[0].body_text).group(0)
    assert "Lange Diskussion" in client.get("/" + link.split("/", 3)[3]).text

    # confidential body: minutes for members only, decisions only when published separately
    meeting.body.minutes_confidential = True
    db.session.commit()
    page = client.get(f"/meetings/{meeting.id}").text
    assert "Lange Diskussion" not in page and "Samstags geöffnet" not in page
    member = meeting.body.current_memberships()[1]
    private = client.get(f"/meetings/{meeting.id}/minutes/{member.id}/{feed_token(member)}")
    assert private.status_code == 200 and "Lange Diskussion" in private.text
    other = meeting.body.current_memberships()[2]
    assert (
        client.get(f"/meetings/{meeting.id}/minutes/{member.id}/{feed_token(other)}").status_code
        == 404
    )
    services.record_decision(
        meeting,
        None,
        text="Öffentlich: neue Bänke",
        outcome="adopted",
        votes_yes=3,
        votes_no=0,
        publish_separately=True,
    )
    db.session.commit()
    assert "neue Bänke" in client.get(f"/meetings/{meeting.id}").text


def test_agenda_pdf(held, client):
    meeting = held()
    response = client.get(f"/meetings/{meeting.id}/agenda.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert response.mimetype == "application/pdf"
    assert db.session.scalar(select(NeedsStatement.id)) is None
