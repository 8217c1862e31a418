"""Date polls: answers by personal link (no account), token misuse refused, ranking with ties,
closing sends invitations, reopening withdraws them with METHOD:CANCEL."""

import base64
import re
from datetime import timedelta

import pytest
from _when import future
from sqlalchemy import select

from participation.extensions import db
from participation.meetings import services
from participation.meetings.models import PollAnswer
from participation.meetings.tokens import poll_token

pytestmark = pytest.mark.berlin


@pytest.fixture
def poll(conference, manager):
    """Factory: an open poll with three slots for a new meeting of *body*."""

    def factory(body=None):
        body = body or conference()
        meeting = services.create_meeting(body, manager, title="Sozialraumkonferenz Herbst")
        slots = [(future(d), future(d) + timedelta(hours=2)) for d in (20, 21, 22)]
        poll = services.create_poll(meeting, manager, slots, future(10))
        services.send_poll_invitations(poll)
        db.session.commit()
        return poll

    return factory


def answer(poll, participant, values):
    services.answer_poll(participant, dict(zip([s.id for s in poll.slots], values, strict=True)))


def test_ranking_with_ties_and_suggestion(poll):
    p = poll()
    a, b, c, d = p.participants
    answer(p, a, ["yes", "yes", "no"])
    answer(p, b, ["maybe", "yes", "yes"])
    answer(p, c, ["yes", "maybe", "yes"])
    db.session.commit()
    scores = services.rank_slots(p)
    # slot 1: 2 yes 1 maybe; slot 2: 2 yes 1 maybe; slot 3: 2 yes 0 maybe
    assert [s.rank for s in scores] == [1, 1, 3]
    assert [s.tie for s in scores] == [True, True, False]
    assert (scores[0].yes, scores[0].maybe, scores[2].no) == (2, 1, 1)
    assert services.suggested_slot(p).id == p.slots[0].id  # earliest of the tied best


def test_voting_members_rank_first_when_the_body_says_so(conference, poll):
    body = conference(poll_voting_first=True)
    p = poll(body)
    voting = [x for x in p.participants if x.voting]
    advisory = [x for x in p.participants if not x.voting]
    assert advisory, "the conference has one advisory member"
    answer(p, voting[0], ["yes", "no", "no"])
    answer(p, advisory[0], ["no", "yes", "no"])
    answer(p, voting[1], ["no", "no", "no"])
    db.session.commit()
    scores = services.rank_slots(p)
    assert scores[0].slot.id == p.slots[0].id and not scores[0].tie
    # without the rule, slots 1 and 2 tie on one yes each
    body.poll_voting_first = False
    assert [s.tie for s in services.rank_slots(p)][:2] == [True, True]


def test_answer_by_link_without_account_and_change(poll, client, outbox):
    p = poll()
    participant = p.participants[0]
    mail = next(m for m in outbox() if m.recipient == participant.email)
    link = re.search(r"https?://\S+/meetings/poll/\S+", mail.body_text).group(0)
    path = "/" + link.split("/", 3)[3]
    page = client.get(path)
    assert page.status_code == 200 and "Sozialraumkonferenz Herbst" in page.text
    form = {f"slot-{s.id}": v for s, v in zip(p.slots, ["yes", "maybe", "no"], strict=True)}
    assert client.post(path, data=form).status_code == 303
    stored = db.session.scalars(select(PollAnswer).order_by(PollAnswer.slot_id)).all()
    assert [a.answer for a in stored] == ["yes", "maybe", "no"]
    form[f"slot-{p.slots[2].id}"] = "yes"
    client.post(path, data=form)
    db.session.expire_all()
    assert [
        a.answer for a in db.session.scalars(select(PollAnswer).order_by(PollAnswer.slot_id))
    ] == [
        "yes",
        "maybe",
        "yes",
    ]


def test_token_misuse_refused(poll, conference, client):
    p1 = poll()
    p2 = poll()
    alice, bob = p1.participants[0], p1.participants[1]
    # Bob's token on Alice's link
    assert client.get(f"/meetings/poll/{alice.id}/{poll_token(bob)}").status_code == 404
    assert client.get(f"/meetings/poll/{alice.id}/nonsense").status_code == 404
    # Alice's own link, but answers for another poll's slots
    form = {f"slot-{s.id}": "yes" for s in p2.slots}
    response = client.post(f"/meetings/poll/{alice.id}/{poll_token(alice)}", data=form)
    assert response.status_code == 422
    assert db.session.scalar(select(PollAnswer.id)) is None
    # an answer for every slot of her poll is needed
    partial = {f"slot-{p1.slots[0].id}": "yes"}
    assert (
        client.post(f"/meetings/poll/{alice.id}/{poll_token(alice)}", data=partial).status_code
        == 422
    )


def test_no_change_after_deadline(poll, client):
    p = poll()
    participant = p.participants[0]
    p.respond_by = future(-1)
    db.session.commit()
    path = f"/meetings/poll/{participant.id}/{poll_token(participant)}"
    assert "Die Umfrage ist beendet." in client.get(path).text
    form = {f"slot-{s.id}": "yes" for s in p.slots}
    assert client.post(path, data=form).status_code == 422
    assert db.session.scalar(select(PollAnswer.id)) is None


def test_close_sends_invitations_reopen_withdraws(poll, manager, outbox):
    p = poll()
    before = len(outbox())
    slot = p.slots[1]
    sent = services.close_poll(p, slot, manager)
    db.session.commit()
    assert sent == 4
    meeting = p.meeting
    assert meeting.starts_at == slot.starts_at and meeting.status == "scheduled"
    requests = [m for m in outbox()[before:] if m.attachments]
    assert len(requests) == 4 and b"METHOD:REQUEST" in base64.b64decode(
        requests[0].attachments[0]["content"]
    )

    before = len(outbox())
    withdrawn = services.reopen_poll(p, manager, future(12))
    db.session.commit()
    assert withdrawn == 4 and meeting.starts_at is None and p.status == "open"
    cancels = outbox()[before:]
    ics = base64.b64decode(cancels[0].attachments[0]["content"])
    assert b"METHOD:CANCEL" in ics and meeting.uid.encode() in ics and b"SEQUENCE:1" in ics
    assert cancels[0].attachments[0]["mimetype"].startswith("text/calendar; method=CANCEL")

    # closing again sends a newer version (clients ignore an update whose SEQUENCE did not grow)
    before = len(outbox())
    services.close_poll(p, p.slots[0], manager)
    db.session.commit()
    again = base64.b64decode(outbox()[before].attachments[0]["content"])
    assert b"METHOD:REQUEST" in again and b"SEQUENCE:2" in again


def test_poll_needs_two_future_dates(conference, manager):
    from participation.core.errors import ServiceError

    body = conference()
    meeting = services.create_meeting(body, manager, title="X")
    with pytest.raises(ServiceError):
        services.create_poll(
            meeting, manager, [(future(5), future(5) + timedelta(hours=1))], future(2)
        )
    with pytest.raises(ServiceError):
        services.create_poll(
            meeting,
            manager,
            [
                (future(-2), future(-2) + timedelta(hours=1)),
                (future(5), future(5) + timedelta(hours=1)),
            ],
            future(1),
        )
