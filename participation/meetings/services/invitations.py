"""Invitations: invite members, registry actors or addresses; send the calendar files
(REQUEST, updates with a higher SEQUENCE, CANCEL); RSVP by personal link; counts; conflicts."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings import ical
from participation.meetings.models import RESPONSES, Invitation, Meeting, Membership
from participation.meetings.services.common import send_mail
from participation.meetings.tokens import rsvp_token


def _send_cancel(meeting: Meeting, reason: str = "") -> int:
    sent = 0
    for invitation in _invitations(meeting):
        if invitation.sent_sequence is None or invitation.withdrawn_at:
            continue
        ics = ical.invitation_ics(
            meeting, invitation.name, invitation.email, cancel=True, extra=reason
        )
        send_mail(
            invitation.email,
            _l("Cancelled: %(title)s", title=meeting.title),
            "cancel",
            [{"filename": "absage.ics", "mimetype": ical.MIME_CANCEL, "content": ics}],
            meeting=meeting,
            invitation=invitation,
            reason=reason,
        )
        invitation.withdrawn_at = utcnow()
        invitation.sent_sequence = meeting.sequence
        sent += 1
    return sent


def withdraw_invitations(meeting: Meeting, user, reason: str = "") -> int:
    """Withdraw sent invitations (a reopened poll): METHOD:CANCEL, SEQUENCE grows."""
    if not any(i.sent_sequence is not None and not i.withdrawn_at for i in _invitations(meeting)):
        return 0
    meeting.sequence += 1
    sent = _send_cancel(meeting, reason)
    log_action("meetings.invitations_withdraw", meeting, user=user, mailed=sent)
    return sent


def _invitations(meeting: Meeting) -> list[Invitation]:
    return db.session.scalars(
        select(Invitation).where(Invitation.meeting_id == meeting.id).order_by(Invitation.id)
    ).all()


def invite(
    meeting: Meeting, user, *, memberships=(), actors=(), emails=()
) -> tuple[list[Invitation], list[str]]:
    """Add invitees (members, registry actors, plain addresses); returns ``(new, skipped names)``.

    Everyone is invited once per meeting (by e-mail address); people without an address are
    skipped and named so staff can reach them another way.
    """
    existing = {i.email.casefold() for i in _invitations(meeting)}
    new, skipped = [], []

    def add(email, name, membership=None, actor=None):
        email = (email or "").strip()
        if not email:
            skipped.append(name)
            return
        if email.casefold() in existing:
            return
        existing.add(email.casefold())
        inv = Invitation(
            meeting=meeting,
            membership=membership,
            actor=actor or (membership.actor if membership else None),
            name=name[:200],
            email=email[:254],
        )
        db.session.add(inv)
        new.append(inv)

    for membership in memberships:
        add(membership.actor.email, membership.actor.display_name, membership=membership)
    for actor in actors:
        if not actor.erased_at:
            add(actor.email, actor.display_name, actor=actor)
    for raw in emails:
        name, _sep, address = raw.rpartition(" ") if " " in raw.strip() else ("", "", raw)
        if "@" not in address or len(address) > 254:
            raise ServiceError(_("“%(value)s” is not an e-mail address.", value=raw), "emails")
        add(address, name.strip() or address)
    db.session.flush()
    if new:
        log_action("meetings.invite", meeting, user=user, count=len(new))
    return new, skipped


def invite_members(meeting: Meeting, user) -> tuple[list[Invitation], list[str]]:
    """Invite every current member of the meeting's body."""
    on = meeting.local_start.date() if meeting.starts_at else None
    return invite(meeting, user, memberships=meeting.body.current_memberships(on))


def send_invitations(meeting: Meeting, user=None, *, only_sent: bool = False) -> int:
    """Mail the calendar file to every invitee who has not got the current SEQUENCE yet.

    :param only_sent: only those who had an earlier version (an update after a change).
    """
    if meeting.starts_at is None or meeting.status != "scheduled":
        raise ServiceError(_("Fix the date first (close the date poll or enter a time)."))
    sent = 0
    for invitation in _invitations(meeting):
        if invitation.sent_sequence == meeting.sequence and not invitation.withdrawn_at:
            continue
        if only_sent and invitation.sent_sequence is None:
            continue
        update = invitation.sent_sequence is not None and not invitation.withdrawn_at
        ics = ical.invitation_ics(
            meeting, invitation.name, invitation.email, members=invitation.membership_id is not None
        )
        subject = (
            _l("Changed: %(title)s", title=meeting.title)
            if update
            else _l("Invitation: %(title)s", title=meeting.title)
        )
        send_mail(
            invitation.email,
            subject,
            "invitation",
            [{"filename": "einladung.ics", "mimetype": ical.MIME_REQUEST, "content": ics}],
            meeting=meeting,
            invitation=invitation,
            update=update,
            token=rsvp_token(invitation),
        )
        invitation.sent_sequence = meeting.sequence
        invitation.sent_at = utcnow()
        invitation.withdrawn_at = None
        sent += 1
    if sent:
        log_action("meetings.invitations_send", meeting, user=user, count=sent)
    return sent


def respond(invitation: Invitation, response: str, note: str = "", deputy_name: str = "") -> None:
    """Record an RSVP given through the personal link (changeable until the meeting starts)."""
    meeting = invitation.meeting
    if response not in RESPONSES or response == "pending":
        raise ServiceError(_("Choose an answer."), "response")
    if meeting.status != "scheduled" or invitation.withdrawn_at:
        raise ServiceError(_("This invitation is no longer valid."))
    if meeting.starts_at and meeting.starts_at <= utcnow():
        raise ServiceError(_("The meeting has already begun; answers can no longer be changed."))
    if response == "deputy":
        if invitation.membership is None:
            raise ServiceError(_("Only members can send a deputy."), "response")
        if not deputy_name.strip():
            raise ServiceError(_("Tell us who comes in your place."), "deputy_name")
    invitation.response = response
    invitation.note = (note or "").strip()[:2000]
    invitation.deputy_name = deputy_name.strip()[:200] if response == "deputy" else ""
    invitation.responded_at = utcnow()


def rsvp_counts(meeting: Meeting) -> dict[str, int]:
    """Invitations per answer, counted in SQL."""
    rows = db.session.execute(
        select(Invitation.response, func.count())
        .where(Invitation.meeting_id == meeting.id, Invitation.withdrawn_at.is_(None))
        .group_by(Invitation.response)
    ).all()
    counts = dict.fromkeys(RESPONSES, 0)
    counts.update({k: v for k, v in rows})
    return counts


def conflicts(meeting: Meeting) -> list[str]:
    """Warnings: the same venue at an overlapping time; members invited to overlapping meetings."""
    if meeting.starts_at is None or meeting.ends_at is None:
        return []
    overlapping = and_(
        Meeting.id != meeting.id,
        Meeting.status == "scheduled",
        Meeting.starts_at < meeting.ends_at,
        Meeting.ends_at > meeting.starts_at,
    )
    warnings = []
    venue = (meeting.venue_name or "").strip()
    if venue and meeting.format != "online":
        for other in db.session.scalars(
            select(Meeting).where(
                overlapping,
                func.lower(Meeting.venue_name) == venue.casefold(),
                Meeting.format != "online",
            )
        ):
            warnings.append(
                _(
                    "%(venue)s is also booked for “%(title)s” at that time.",
                    venue=venue,
                    title=other.title,
                )
            )
    mine = select(Invitation.email).where(Invitation.meeting_id == meeting.id)
    members = select(Membership.actor_id).where(
        Membership.body_id == meeting.body_id, Membership.end_date.is_(None)
    )
    rows = db.session.execute(
        select(Invitation.name, Meeting.title)
        .join(Meeting, Meeting.id == Invitation.meeting_id)
        .where(
            overlapping,
            Invitation.withdrawn_at.is_(None),
            or_(Invitation.email.in_(mine), Invitation.actor_id.in_(members)),
        )
        .order_by(Meeting.starts_at, Invitation.name)
        .limit(20)
    ).all()
    for name, title in rows:
        warnings.append(
            _("%(name)s is also invited to “%(title)s” at that time.", name=name, title=title)
        )
    return warnings
