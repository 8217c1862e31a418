"""Staff pages for meetings: create/edit, cancel, invite, date poll, agenda, series."""

from flask import flash, request
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from participation.core.errors import ServiceError, handle
from participation.core.forms import flash_errors
from participation.core.htmx import is_partial_request, redirect_after_post, render
from participation.core.permissions import can
from participation.extensions import db
from participation.meetings import services
from participation.meetings.forms import (
    AgendaItemForm,
    CancelForm,
    InviteForm,
    MeetingForm,
    ReopenForm,
)
from participation.meetings.models import (
    RESPONSES,
    VISIBILITIES,
    AgendaItem,
    DatePoll,
    Invitation,
)
from participation.meetings.queries import invitation_list_choices
from participation.meetings.views import bp
from participation.meetings.views._load import body_or_404, meeting_or_404
from participation.stakeholders.models import InvitationList


def _visibility_choices(body):
    return [(k, v) for k, v in VISIBILITIES.items() if k != "public" or body.public_attendance]


def _meeting_form(body, meeting=None) -> MeetingForm:
    form = MeetingForm(obj=meeting)
    form.visibility.choices = _visibility_choices(body)
    form.process_id.choices = [(0, _("— none —"))] + [(p.id, p.title) for p in body.processes]
    if request.method == "GET":
        if meeting is not None and meeting.starts_at:
            form.day.data = meeting.local_start.date()
            form.start_time.data = meeting.local_start.time()
            form.end_time.data = meeting.local_end.time()
        if meeting is not None:
            form.process_id.data = meeting.process_id or 0
        else:
            form.visibility.data = "public" if body.public_attendance else "members"
    return form


def _meeting_data(form: MeetingForm) -> dict:
    data = {
        k: v
        for k, v in form.data.items()
        if k not in ("day", "start_time", "end_time", "csrf_token")
    }
    data["starts_at"], data["ends_at"] = form.times()
    data["process_id"] = data.get("process_id") or None
    if form.day.data and not (form.start_time.data and form.end_time.data):
        raise ServiceError(_("Enter when the meeting starts and ends."), "start_time")
    return data


@bp.route("/manage/meetings/bodies/<int:body_id>/meetings/new", methods=["GET", "POST"])
@login_required
def meeting_new(body_id: int):
    """Create a meeting; without a date, the next step is a date poll."""
    body = body_or_404(body_id)
    form = _meeting_form(body)
    if form.validate_on_submit():
        try:
            meeting = services.create_meeting(body, current_user, **_meeting_data(form))
            db.session.commit()
            if meeting.starts_at is None:
                flash(_("Now propose dates for the poll."), "success")
                return redirect_after_post("meetings.poll_new", meeting_id=meeting.id)
            flash(
                _("The meeting was created. Add the agenda, then send the invitations."), "success"
            )
            return redirect_after_post("meetings.manage_meeting", meeting_id=meeting.id)
        except ServiceError as exc:
            handle(exc, form)
    return render(
        "meetings/manage/meeting_form.html",
        form=form,
        body=body,
        meeting=None,
        status=422 if form.errors else 200,
    )


@bp.route("/manage/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def meeting_edit(meeting_id: int):
    """Edit a meeting; a new time or place is sent to the invitees as an update."""
    meeting = meeting_or_404(meeting_id)
    form = _meeting_form(meeting.body, meeting)
    if form.validate_on_submit():
        try:
            updated = services.update_meeting(meeting, current_user, **_meeting_data(form))
            db.session.commit()
            flash(
                _("Saved. The invitees received the update.") if updated else _("Saved."),
                "success",
            )
            return redirect_after_post("meetings.manage_meeting", meeting_id=meeting.id)
        except ServiceError as exc:
            handle(exc, form)
            meeting = meeting_or_404(meeting_id)
    return render(
        "meetings/manage/meeting_form.html",
        form=form,
        body=meeting.body,
        meeting=meeting,
        status=422 if form.errors else 200,
    )


def meeting_context(meeting, **extra) -> dict:
    """Everything the staff meeting page (and its htmx blocks) renders."""
    # one query for the agenda and one for its linked contributions (no query per item)
    items = db.session.scalars(
        select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id)
        .options(selectinload(AgendaItem.contributions))
        .order_by(AgendaItem.position)
    ).all()
    set_committed_value(meeting, "agenda_items", items)
    poll = db.session.scalar(select(DatePoll).where(DatePoll.meeting_id == meeting.id))
    invite_form = extra.pop("invite_form", None) or InviteForm()
    invite_form.list_id.choices = [(0, _("— none —"))] + invitation_list_choices(meeting.body)
    # plain rows (one column query, no ORM objects): the list can hold hundreds of invitees
    invitations = db.session.execute(
        select(
            Invitation.name,
            Invitation.response,
            Invitation.deputy_name,
            Invitation.note,
            Invitation.withdrawn_at,
            Invitation.sent_at,
        )
        .where(Invitation.meeting_id == meeting.id)
        .order_by(Invitation.name)
    ).all()
    # formatted once per minute and answer, not once per row (300 invitees: Babel is the cost)
    sent_labels = {
        minute: format_datetime(minute, "short")
        for minute in {i.sent_at.replace(second=0, microsecond=0) for i in invitations if i.sent_at}
    }
    context = {
        "sent_labels": sent_labels,
        "response_labels": {k: str(v) for k, v in RESPONSES.items()},
        "meeting": meeting,
        "body": meeting.body,
        "poll": poll,
        "scores": services.rank_slots(poll) if poll else [],
        "suggested": services.suggested_slot(poll) if poll and poll.status == "open" else None,
        "invitations": invitations,
        "counts": services.rsvp_counts(meeting),
        "conflicts": services.conflicts(meeting),
        "invite_form": invite_form,
        "agenda_form": AgendaItemForm(),
        "cancel_form": CancelForm(),
        "reopen_form": ReopenForm(),
        "can_manage": can("meetings.manage", meeting),
        #: True when only a block is rendered: it then shows the flashed messages itself.
        "partial": False,
    }
    context.update(extra)
    return context


def render_meeting(meeting, block: str | None = None, status: int = 200, **extra):
    """The staff meeting page, or one of its blocks (``agenda``, ``invitations``) for htmx."""
    return render(
        "meetings/manage/meeting.html", block, status=status, **meeting_context(meeting, **extra)
    )


@bp.route("/manage/meetings/<int:meeting_id>")
@login_required
def manage_meeting(meeting_id: int):
    """A meeting for staff: conflicts, poll summary, invitations and RSVPs, agenda.

    ``?block=invitations`` answers an htmx refresh with the RSVP table only.
    """
    meeting = meeting_or_404(meeting_id, "meetings.view")
    block = "invitations" if request.args.get("block") == "invitations" else None
    return render_meeting(meeting, block)


@bp.route("/manage/meetings/<int:meeting_id>/cancel", methods=["POST"])
@login_required
def meeting_cancel(meeting_id: int):
    """Cancel a meeting (METHOD:CANCEL to every invitee)."""
    meeting = meeting_or_404(meeting_id)
    form = CancelForm()
    if form.validate_on_submit():
        try:
            sent = services.cancel_meeting(meeting, current_user, form.reason.data or "")
            db.session.commit()
            flash(_("The meeting was cancelled; %(n)s invitees were told.", n=sent), "success")
        except ServiceError as exc:
            handle(exc)
    return redirect_after_post("meetings.manage_meeting", meeting_id=meeting.id)


@bp.route("/manage/meetings/<int:meeting_id>/invite", methods=["POST"])
@login_required
def meeting_invite(meeting_id: int):
    """Add invitees (members, a stakeholder list, addresses) and send to everyone not yet sent.

    An htmx post gets the refreshed RSVP table with the messages in it; without JavaScript the
    messages are flashed and the page is loaded again.
    """
    meeting = meeting_or_404(meeting_id)
    form = InviteForm()
    form.list_id.choices = [(0, "")] + invitation_list_choices(meeting.body)
    ok = False
    if form.validate_on_submit():
        try:
            memberships = meeting.body.current_memberships() if form.members.data else []
            actors = []
            if form.list_id.data:
                actors = db.get_or_404(InvitationList, form.list_id.data).members
            emails = [
                line.strip() for line in (form.emails.data or "").splitlines() if line.strip()
            ]
            new, skipped = services.invite(
                meeting, current_user, memberships=memberships, actors=actors, emails=emails
            )
            sent = services.send_invitations(meeting, current_user) if meeting.starts_at else 0
            db.session.commit()
            ok = True
            flash(_("%(new)s invited, %(sent)s e-mails sent.", new=len(new), sent=sent), "success")
            if skipped:
                flash(
                    _(
                        "Without an e-mail address (please invite another way): %(names)s",
                        names=", ".join(skipped),
                    ),
                    "warning",
                )
        except ServiceError as exc:
            handle(exc)
            meeting = meeting_or_404(meeting_id)
    else:
        flash_errors(form)
    if is_partial_request():
        # the typed addresses stay in the form after a refusal; a fresh form after success
        return render_meeting(
            meeting,
            "invitations",
            200 if ok else 422,
            partial=True,
            invite_form=None if ok else form,
        )
    return redirect_after_post("meetings.manage_meeting", meeting_id=meeting.id)
