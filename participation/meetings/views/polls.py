"""Staff pages for finding a date and planning ahead: the date poll (propose, fix, reopen) and
meeting series."""

from datetime import UTC, date, time, timedelta

from flask import flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import int_arg
from participation.extensions import db
from participation.meetings import services
from participation.meetings.forms import PollForm, ReopenForm, SeriesForm, berlin_instant
from participation.meetings.models import DatePoll, PollSlot
from participation.meetings.views import bp
from participation.meetings.views._load import body_or_404, meeting_or_404
from participation.meetings.views.manage import _visibility_choices


@bp.route("/manage/meetings/<int:meeting_id>/poll/new", methods=["GET", "POST"])
@login_required
def poll_new(meeting_id: int):
    """Propose dates; every member gets a personal answer link."""
    meeting = meeting_or_404(meeting_id)
    form = PollForm()
    if request.method == "GET":
        form.respond_by.data = date.today() + timedelta(days=10)
    if form.validate_on_submit():
        try:
            extra = [e.strip() for e in (form.extra_emails.data or "").splitlines() if e.strip()]
            poll = services.create_poll(
                meeting, current_user, form.slots(), form.respond_by_instant(), extra_emails=extra
            )
            sent = services.send_poll_invitations(poll)
            db.session.commit()
            flash(_("The poll is open; %(n)s people were asked.", n=sent), "success")
            return redirect_after_post("meetings.manage_meeting", meeting_id=meeting.id)
        except ServiceError as exc:
            handle(exc, form)
    return render(
        "meetings/manage/poll_form.html",
        form=form,
        meeting=meeting,
        slot_numbers=range(1, 5),
        status=422 if form.errors else 200,
    )


@bp.route("/manage/meetings/<int:meeting_id>/poll/close", methods=["POST"])
@login_required
def poll_close(meeting_id: int):
    """Confirm a slot: the date is fixed and the invitations go out."""
    meeting = meeting_or_404(meeting_id)
    poll = db.first_or_404(select(DatePoll).where(DatePoll.meeting_id == meeting.id))
    slot = db.session.get(PollSlot, int_arg("slot_id", 0, source=request.form))
    try:
        if slot is None:
            raise ServiceError(_("Choose a date."))
        sent = services.close_poll(poll, slot, current_user)
        db.session.commit()
        flash(_("The date is fixed; %(n)s invitations were sent.", n=sent), "success")
    except ServiceError as exc:
        handle(exc)
    return redirect_after_post("meetings.manage_meeting", meeting_id=meeting.id)


@bp.route("/manage/meetings/<int:meeting_id>/poll/reopen", methods=["POST"])
@login_required
def poll_reopen(meeting_id: int):
    """Reopen the poll: invitations are withdrawn (METHOD:CANCEL)."""
    meeting = meeting_or_404(meeting_id)
    poll = db.first_or_404(select(DatePoll).where(DatePoll.meeting_id == meeting.id))
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            deadline = berlin_instant(form.respond_by.data, time(23, 59))
            withdrawn = services.reopen_poll(poll, current_user, deadline)
            db.session.commit()
            flash(
                _("The poll is open again; %(n)s invitations were withdrawn.", n=withdrawn),
                "success",
            )
        except ServiceError as exc:
            handle(exc)
    else:
        flash(_("Enter a new answer deadline."), "error")
    return redirect_after_post("meetings.manage_meeting", meeting_id=meeting.id)


@bp.route("/manage/meetings/bodies/<int:body_id>/series/new", methods=["GET", "POST"])
@login_required
def series_new(body_id: int):
    """Plan a series (every N months or custom dates); occurrences stay editable."""
    body = body_or_404(body_id)
    form = SeriesForm()
    form.visibility.choices = _visibility_choices(body)
    if request.method == "GET":
        form.visibility.data = "public" if body.public_attendance else "members"
        form.interval_months.data = body.cadence_months or 6
    if form.validate_on_submit():
        try:
            dates = []
            for line in (form.custom_dates.data or "").splitlines():
                if line.strip():
                    try:
                        dates.append(date.fromisoformat(line.strip()))
                    except ValueError as exc:
                        raise ServiceError(
                            _("“%(value)s” is not a date (YYYY-MM-DD).", value=line.strip()),
                            "custom_dates",
                        ) from exc
            first = berlin_instant(form.first_day.data, form.start_time.data)
            _series, meetings = services.create_series(
                body,
                current_user,
                title=form.title.data,
                first=first.astimezone(UTC),
                duration_minutes=form.duration_minutes.data,
                count=form.count.data or 0,
                interval_months=form.interval_months.data or 6,
                dates=dates,
                venue_name=form.venue_name.data or "",
                venue_address=form.venue_address.data or "",
                visibility=form.visibility.data,
            )
            db.session.commit()
            flash(_("%(n)s meetings planned.", n=len(meetings)), "success")
            return redirect_after_post("meetings.body_detail", body_id=body.id)
        except ServiceError as exc:
            handle(exc, form)
    return render(
        "meetings/manage/series_form.html", form=form, body=body, status=422 if form.errors else 200
    )
