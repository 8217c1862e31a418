"""Staff pages for what happens at and after a meeting: attendance, minutes, publication; the
agenda PDF. Decisions, action items and needs statements are recorded in ``minutes_records.py``."""

from flask import Response, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.core.errors import ServiceError, handle
from participation.core.forms import flash_errors
from participation.core.htmx import render
from participation.core.params import parse_int
from participation.core.permissions import can
from participation.extensions import db
from participation.meetings import pdf, services
from participation.meetings.minutes_forms import (
    ActionStatusForm,
    ItemMinutesForm,
    MinutesSummaryForm,
)
from participation.meetings.models import (
    ATTENDANCE,
    ActionItem,
    AgendaItem,
    Decision,
    NeedsStatement,
)
from participation.meetings.services import drafting
from participation.meetings.views import bp
from participation.meetings.views._load import meeting_or_404
from participation.meetings.views.minutes_records import (
    action_form,
    back_to_minutes,
    decision_form,
    needs_form,
)


@bp.route("/manage/meetings/<int:meeting_id>/minutes")
@login_required
def manage_minutes(meeting_id: int):
    """Attendance, minutes per item, decisions, action items, needs, publication."""
    meeting = meeting_or_404(meeting_id, "meetings.view")
    decisions = db.session.scalars(
        select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.id)
    ).all()
    return render(
        "meetings/manage/minutes.html",
        meeting=meeting,
        body=meeting.body,
        members=services.seats_at(meeting),
        attendance=services.attendance_rows(meeting),
        statuses=ATTENDANCE,
        quorum=services.quorum(meeting),
        decisions=decisions,
        flags={d.id: services.dual_role_flags(d) for d in decisions},
        actions=db.session.scalars(
            select(ActionItem).where(ActionItem.meeting_id == meeting.id).order_by(ActionItem.id)
        ).all(),
        needs=db.session.scalars(
            select(NeedsStatement).where(NeedsStatement.meeting_id == meeting.id)
        ).all(),
        decision_form=decision_form(meeting),
        action_form=action_form(meeting),
        status_form=ActionStatusForm(),
        needs_form=needs_form(meeting),
        item_form=ItemMinutesForm(),
        summary_form=MinutesSummaryForm(summary=meeting.minutes_summary),
        can_manage=can("meetings.manage", meeting),
    )


@bp.route("/manage/meetings/<int:meeting_id>/attendance", methods=["POST"])
@login_required
def attendance_save(meeting_id: int):
    """Store attendance of every member, the public count and leadership present."""
    meeting = meeting_or_404(meeting_id)
    statuses = {}
    for membership in meeting.body.memberships:
        status = request.form.get(f"att-{membership.id}")
        if status:
            statuses[membership.id] = (status, request.form.get(f"dep-{membership.id}", ""))
    public = request.form.get("public_attendees", "").strip()
    try:
        if public and parse_int(public, max=100_000) is None:
            raise ServiceError(_("Enter the number of residents as a whole number."))
        services.record_attendance(
            meeting,
            current_user,
            statuses,
            parse_int(public) if public else None,
            request.form.get("leadership_present", "")[:2000],
        )
        db.session.commit()
        flash(_("Attendance saved."), "success")
    except ServiceError as exc:
        handle(exc)
    return back_to_minutes(meeting, "attendance")


@bp.route("/manage/meetings/<int:meeting_id>/items/<int:item_id>/minutes", methods=["POST"])
@login_required
def item_minutes(meeting_id: int, item_id: int):
    """Minutes of one agenda item (while the minutes are a draft)."""
    meeting = meeting_or_404(meeting_id)
    item = db.get_or_404(AgendaItem, item_id)
    form = ItemMinutesForm()
    if item.meeting_id == meeting.id and form.validate_on_submit():
        try:
            drafting.save_item_minutes(item, current_user, form.minutes.data or "")
            db.session.commit()
            flash(_("Minutes saved."), "success")
        except ServiceError as exc:
            handle(exc)
    return back_to_minutes(meeting, f"item-{item_id}")


@bp.route("/manage/meetings/<int:meeting_id>/minutes/summary", methods=["POST"])
@login_required
def minutes_summary(meeting_id: int):
    """The summary at the top of the minutes (while they are a draft)."""
    meeting = meeting_or_404(meeting_id)
    form = MinutesSummaryForm()
    if form.validate_on_submit():
        try:
            drafting.update_minutes_summary(meeting, current_user, form.summary.data or "")
            db.session.commit()
            flash(_("Summary saved."), "success")
        except ServiceError as exc:
            handle(exc)
    else:
        flash_errors(form)
    return back_to_minutes(meeting, "summary")


@bp.route("/manage/meetings/<int:meeting_id>/minutes/<action>", methods=["POST"])
@login_required
def minutes_status(meeting_id: int, action: str):
    """Approve (by the chair), publish, or reopen the minutes."""
    meeting = meeting_or_404(meeting_id)
    steps = {
        "approve": (services.approve_minutes, _("The minutes are approved.")),
        "publish": (services.publish_minutes, _("The minutes are published.")),
        "reopen": (services.reopen_minutes, _("The minutes are a draft again.")),
    }
    if action not in steps:
        return render("errors.html", code=404, status=404)
    func, message = steps[action]
    try:
        func(meeting, current_user)
        db.session.commit()
        flash(message, "success")
    except ServiceError as exc:
        handle(exc)
    return back_to_minutes(meeting, "publication")


@bp.route("/manage/meetings/<int:meeting_id>/agenda.pdf")
@login_required
def manage_agenda_pdf(meeting_id: int):
    """Agenda as PDF (staff: any visibility)."""
    meeting = meeting_or_404(meeting_id, "meetings.view")
    return _pdf_response(meeting)


def _pdf_response(meeting) -> Response:
    # staff with meetings.view read the non-public part too (the public PDF hides it)
    response = Response(pdf.agenda_pdf(meeting, members=True), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="tagesordnung-{meeting.id}.pdf"'
    return response
