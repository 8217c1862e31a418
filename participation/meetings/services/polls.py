"""Date polls: slots, personal answer links, ranking with ties, close (fix date) and reopen."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings.models import (
    ANSWERS,
    DatePoll,
    Meeting,
    PollAnswer,
    PollParticipant,
    PollSlot,
)
from participation.meetings.services.common import bump_public, send_mail
from participation.meetings.services.invitations import (
    invite,
    send_invitations,
    withdraw_invitations,
)
from participation.meetings.tokens import poll_token


def create_poll(
    meeting: Meeting,
    user,
    slots: list[tuple[datetime, datetime]],
    respond_by: datetime,
    *,
    extra_emails: list[str] = (),
) -> DatePoll:
    """Open a poll for *meeting* with *slots*; the body's current members take part."""
    if db.session.scalar(select(DatePoll.id).where(DatePoll.meeting_id == meeting.id)):
        raise ServiceError(_("This meeting already has a date poll."))
    if len(slots) < 2:
        raise ServiceError(_("Propose at least two dates."), "slots")
    for start, end in slots:
        if end <= start:
            raise ServiceError(_("Every proposed date must end after it starts."), "slots")
        if start <= utcnow():
            raise ServiceError(_("Proposed dates must lie in the future."), "slots")
    if respond_by <= utcnow():
        raise ServiceError(_("The answer deadline must lie in the future."), "respond_by")
    if respond_by > min(s for s, _e in slots):
        raise ServiceError(
            _("The answer deadline must be before the first proposed date."), "respond_by"
        )
    poll = DatePoll(meeting=meeting, respond_by=respond_by)
    poll.slots = [PollSlot(starts_at=s, ends_at=e) for s, e in sorted(slots)]
    seen = set()
    for membership in meeting.body.current_memberships():
        email = (membership.actor.email or "").strip()
        if email and email.casefold() not in seen:
            seen.add(email.casefold())
            poll.participants.append(
                PollParticipant(
                    membership=membership,
                    name=membership.actor.display_name,
                    email=email,
                    voting=membership.voting,
                )
            )
    for email in extra_emails:
        email = email.strip()
        if email and "@" in email and email.casefold() not in seen:
            seen.add(email.casefold())
            poll.participants.append(PollParticipant(name=email, email=email, voting=False))
    if not poll.participants:
        raise ServiceError(_("Nobody to ask: the members have no e-mail addresses."))
    meeting.status = "polling"
    meeting.starts_at = meeting.ends_at = None
    db.session.add(poll)
    db.session.flush()
    log_action("meetings.poll_create", meeting, user=user, slots=len(slots))
    bump_public()
    return poll


def send_poll_invitations(poll: DatePoll) -> int:
    """Mail each participant who has not had it yet their personal answer link."""
    sent = 0
    for participant in poll.participants:
        if participant.invited_at is None:
            send_mail(
                participant.email,
                _l("When can you come? %(title)s", title=poll.meeting.title),
                "poll",
                poll=poll,
                participant=participant,
                token=poll_token(participant),
            )
            participant.invited_at = utcnow()
            sent += 1
    return sent


def answer_poll(participant: PollParticipant, answers: dict[int, str]) -> None:
    """Store a participant's answers (slot id → yes/maybe/no); changeable until respond-by."""
    poll = participant.poll
    if not poll.accepts_answers():
        raise ServiceError(_("The poll is closed; answers can no longer be changed."))
    slot_ids = {s.id for s in poll.slots}
    if not set(answers) <= slot_ids:
        raise ServiceError(_("This date does not belong to the poll."))
    if any(a not in ANSWERS for a in answers.values()):
        raise ServiceError(_("Choose yes, if need be or no for each date."))
    if set(answers) != slot_ids:
        raise ServiceError(_("Please answer for every date."))
    current = {a.slot_id: a for a in participant.answers}
    for slot_id, value in answers.items():
        if slot_id in current:
            current[slot_id].answer = value
        else:
            participant.answers.append(PollAnswer(slot_id=slot_id, answer=value))
    participant.answered_at = utcnow()


@dataclass
class SlotScore:
    """Counts for one slot and its rank (equal keys share a rank: a tie)."""

    slot: PollSlot
    yes: int
    maybe: int
    no: int
    voting_yes: int
    voting_maybe: int
    rank: int = 0
    tie: bool = False


def rank_slots(poll: DatePoll) -> list[SlotScore]:
    """Slots by most yes, then most if-need-be; voting members first when the body says so.

    Counted in SQL. Slots with the same key share a rank ("1, 1, 3") and are flagged as a tie.
    """

    def count(answer, voting_only=False):
        cond = PollAnswer.answer == answer
        if voting_only:
            cond = cond & PollParticipant.voting.is_(True)
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    rows = db.session.execute(
        select(
            PollAnswer.slot_id,
            count("yes"),
            count("maybe"),
            count("no"),
            count("yes", True),
            count("maybe", True),
        )
        .join(PollParticipant, PollParticipant.id == PollAnswer.participant_id)
        .where(PollParticipant.poll_id == poll.id)
        .group_by(PollAnswer.slot_id)
    ).all()
    by_slot = {r[0]: r[1:] for r in rows}
    scores = [SlotScore(slot, *map(int, by_slot.get(slot.id, (0,) * 5))) for slot in poll.slots]

    def key(s: SlotScore):
        if poll.meeting.body.poll_voting_first:
            return (s.voting_yes, s.voting_maybe, s.yes, s.maybe)
        return (s.yes, s.maybe)

    scores.sort(key=lambda s: (tuple(-k for k in key(s)), s.slot.starts_at))
    for score in scores:
        same = [o for o in scores if key(o) == key(score)]
        score.rank = scores.index(same[0]) + 1
        score.tie = len(same) > 1
    return scores


def suggested_slot(poll: DatePoll) -> PollSlot | None:
    """The best slot (the earliest of tied best ones); None before anyone answered."""
    scores = rank_slots(poll)
    if not scores or (scores[0].yes + scores[0].maybe) == 0:
        return None
    return scores[0].slot


def close_poll(poll: DatePoll, slot: PollSlot, user) -> int:
    """Fix the date to *slot*, invite the participants and send the calendar files."""
    if poll.status != "open":
        raise ServiceError(_("The poll is already closed."))
    if slot.poll_id != poll.id:
        raise ServiceError(_("This date does not belong to the poll."), "slot_id")
    meeting = poll.meeting
    poll.status = "closed"
    poll.closed_at = utcnow()
    for other in poll.slots:
        other.chosen = other.id == slot.id
    meeting.starts_at, meeting.ends_at = slot.starts_at, slot.ends_at
    meeting.status = "scheduled"
    meeting.updated_at = utcnow()
    if meeting.sequence:  # calendars hold a cancelled earlier version: the new one must be newer
        meeting.sequence += 1
    memberships = [p.membership for p in poll.participants if p.membership is not None]
    others = [p.email for p in poll.participants if p.membership is None]
    invite(meeting, user, memberships=memberships, emails=others)
    sent = send_invitations(meeting, user)
    log_action("meetings.poll_close", meeting, user=user, slot_id=slot.id, mailed=sent)
    bump_public()
    return sent


def reopen_poll(poll: DatePoll, user, respond_by: datetime) -> int:
    """Reopen a closed poll: the invitations are withdrawn with METHOD:CANCEL."""
    if poll.status != "closed":
        raise ServiceError(_("The poll is still open."))
    if respond_by <= utcnow():
        raise ServiceError(_("The answer deadline must lie in the future."), "respond_by")
    meeting = poll.meeting
    withdrawn = withdraw_invitations(
        meeting, user, _("The date is being found again; you will get a new invitation.")
    )
    poll.status = "open"
    poll.respond_by = respond_by
    poll.closed_at = None
    for slot in poll.slots:
        slot.chosen = False
    meeting.status = "polling"
    meeting.starts_at = meeting.ends_at = None
    meeting.updated_at = utcnow()
    log_action("meetings.poll_reopen", meeting, user=user, withdrawn=withdrawn)
    bump_public()
    return withdrawn
