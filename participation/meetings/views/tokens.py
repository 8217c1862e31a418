"""Personal link pages (no account): RSVP, date-poll answers, member feed, members' minutes, and
a resident's own registration (to cancel it).

A token that does not match the id in the link (another person, another poll) is refused with 404,
so links cannot be probed or reused for someone else.
"""

from flask import abort, flash, request
from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import parse_int
from participation.extensions import db, limiter
from participation.meetings import services
from participation.meetings.models import (
    ActionItem,
    Decision,
    Invitation,
    Meeting,
    Membership,
    PollParticipant,
    Registration,
)
from participation.meetings.public_forms import CancelRegistrationForm, RsvpForm, poll_choices
from participation.meetings.tokens import check_token
from participation.meetings.views import bp
from participation.meetings.views.public import feed_response, rsvp_limit


def _invitation(invitation_id: int, token: str) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or not check_token(token, "rsvp", invitation.meeting_id, invitation.id):
        abort(404)
    return invitation


@bp.route("/meetings/rsvp/<int:invitation_id>/<token>", methods=["GET", "POST"])
@limiter.limit(rsvp_limit, methods=["POST"])
def rsvp(invitation_id: int, token: str):
    """Accept, decline, tentative or "I send my deputy", with a note."""
    invitation = _invitation(invitation_id, token)
    form = RsvpForm(obj=invitation if invitation.response != "pending" else None)
    if invitation.membership is None:
        form.response.choices = [c for c in form.response.choices if c[0] != "deputy"]
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                services.respond(
                    invitation,
                    form.response.data,
                    form.note.data or "",
                    form.deputy_name.data or "",
                )
                db.session.commit()
                flash(_("Thank you, your answer is saved. You can change it here."), "success")
                return redirect_after_post(
                    "meetings.rsvp", invitation_id=invitation_id, token=token
                )
            except ServiceError as exc:
                handle(exc, form)
                invitation = _invitation(invitation_id, token)
        status = 422
    return render(
        "meetings/rsvp.html",
        invitation=invitation,
        meeting=invitation.meeting,
        form=form,
        token=token,
        status=status,
    )


def _participant(participant_id: int, token: str) -> PollParticipant:
    participant = db.session.get(PollParticipant, participant_id)
    if participant is None or not check_token(token, "poll", participant.poll_id, participant.id):
        abort(404)
    return participant


@bp.route("/meetings/poll/<int:participant_id>/<token>", methods=["GET", "POST"])
@limiter.limit(rsvp_limit, methods=["POST"])
def poll_answer(participant_id: int, token: str):
    """Answer yes / if need be / no per proposed date; changeable until the deadline."""
    participant = _participant(participant_id, token)
    poll = participant.poll
    current = {a.slot_id: a.answer for a in participant.answers}
    status, errors = 200, []
    if request.method == "POST":
        # Every "slot-<id>" field is passed on: the service refuses ids of another poll.
        answers = {
            parse_int(key[5:]): value
            for key, value in request.form.items()
            if key.startswith("slot-") and parse_int(key[5:]) is not None and value
        }
        try:
            services.answer_poll(participant, answers)
            db.session.commit()
            flash(
                _("Thank you, your answers are saved. You can change them until the deadline."),
                "success",
            )
            return redirect_after_post(
                "meetings.poll_answer", participant_id=participant_id, token=token
            )
        except ServiceError as exc:
            handle(exc)
            participant = _participant(participant_id, token)
            poll = participant.poll
            current = answers
            status = 422
    return render(
        "meetings/poll.html",
        participant=participant,
        poll=poll,
        meeting=poll.meeting,
        current=current,
        choices=poll_choices(),
        scores=services.rank_slots(poll),
        token=token,
        status=status,
        errors=errors,
    )


def _membership(membership_id: int, token: str) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or not check_token(token, "feed", membership.body_id, membership.id):
        abort(404)
    return membership


@bp.route("/meetings/feed/<int:membership_id>/<token>.ics")
def member_feed(membership_id: int, token: str):
    """A member's personal feed: every dated meeting of the body, members-only ones included."""
    membership = _membership(membership_id, token)
    body = membership.body
    ids = (
        select(Meeting.id)
        .where(Meeting.body_id == body.id, Meeting.starts_at.is_not(None))
        .scalar_subquery()
    )
    return feed_response(body.name, ids, f"{body.slug}-persoenlich.ics")


@bp.route("/meetings/<int:meeting_id>/minutes/<int:membership_id>/<token>")
def member_minutes(meeting_id: int, membership_id: int, token: str):
    """Published minutes for members (confidential bodies show them only here)."""
    membership = _membership(membership_id, token)
    meeting = db.get_or_404(Meeting, meeting_id)
    if meeting.body_id != membership.body_id or meeting.minutes_status != "published":
        abort(404)
    return render(
        "meetings/member_minutes.html",
        meeting=meeting,
        body=meeting.body,
        membership=membership,
        decisions=db.session.scalars(
            select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.id)
        ).all(),
        actions=db.session.scalars(
            select(ActionItem).where(ActionItem.meeting_id == meeting.id).order_by(ActionItem.id)
        ).all(),
        attendance=services.attendance_rows(meeting),
        members=services.seats_at(meeting),
    )


def _registration(registration_id: int, token: str) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or not check_token(
        token, "registration", registration.meeting_id, registration.id
    ):
        abort(404)
    return registration


@bp.route("/meetings/registration/<int:registration_id>/<token>", methods=["GET", "POST"])
@limiter.limit(rsvp_limit, methods=["POST"])
def registration_cancel(registration_id: int, token: str):
    """A resident cancels her own registration from the link in her confirmation e-mail.

    The first person on the wait list who now fits moves up and is told by e-mail.
    """
    registration = _registration(registration_id, token)
    form = CancelRegistrationForm()
    status = 200
    if request.method == "POST":
        if form.validate():
            try:
                services.cancel_registration(registration)
                db.session.commit()
                flash(
                    _("Your registration is cancelled. Thank you for letting us know."), "success"
                )
                return redirect_after_post(
                    "meetings.registration_cancel", registration_id=registration_id, token=token
                )
            except ServiceError as exc:
                handle(exc)
                registration = _registration(registration_id, token)
        status = 422
    return render(
        "meetings/registration.html",
        registration=registration,
        meeting=registration.meeting,
        form=form,
        status=status,
    )
