"""Staff pages for what happens at and after a meeting: attendance, minutes, decisions, action
items, needs statements, publication; the agenda PDF."""

from flask import Response, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area
from participation.core.errors import ServiceError, handle
from participation.core.forms import flash_errors
from participation.core.htmx import redirect_after_post, render
from participation.core.params import parse_int
from participation.core.permissions import can
from participation.extensions import db
from participation.meetings import pdf, queries, services
from participation.meetings.minutes_forms import (
    ActionItemForm,
    ActionStatusForm,
    DecisionForm,
    ItemMinutesForm,
    MinutesSummaryForm,
    NeedsForm,
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
from participation.stakeholders.models import Actor


def _decision_form(meeting) -> DecisionForm:
    form = DecisionForm(prefix="decision")
    form.agenda_item_id.choices = [(0, _("— none —"))] + [
        (i.id, f"{n}. {i.title}" + ("" if i.public else f" ({_('Non-public')})"))
        for n, i in enumerate(meeting.agenda_items, 1)
    ]
    form.concerned_actor_ids.choices = queries.actor_options(
        queries.members_actor_ids(meeting.body)
    )
    if not meeting.body.minutes_confidential:
        # the same flag publishes a decision taken in the non-public part (else it stays internal)
        form.publish_separately.label.text = _(
            "Publish this decision although it was taken in the non-public part"
        )
    return form


def _action_form(meeting) -> ActionItemForm:
    form = ActionItemForm(prefix="action")
    form.owner_actor_id.choices = [(0, _("— name below —"))] + queries.actor_options(
        queries.members_actor_ids(meeting.body)
    )
    return form


def _needs_form(meeting) -> NeedsForm:
    form = NeedsForm(prefix="needs")
    choices = []
    for area in meeting.body.areas:
        choices.append((area.id, area.name))
        choices += [(c.id, f"– {c.name}") for c in area.children()]
    form.area_id.choices = choices
    return form


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
        decision_form=_decision_form(meeting),
        action_form=_action_form(meeting),
        status_form=ActionStatusForm(),
        needs_form=_needs_form(meeting),
        item_form=ItemMinutesForm(),
        summary_form=MinutesSummaryForm(summary=meeting.minutes_summary),
        can_manage=can("meetings.manage", meeting),
    )


def _back(meeting, anchor: str):
    return redirect_after_post("meetings.manage_minutes", meeting_id=meeting.id, _anchor=anchor)


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
    return _back(meeting, "attendance")


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
    return _back(meeting, f"item-{item_id}")


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
    return _back(meeting, "summary")


@bp.route("/manage/meetings/<int:meeting_id>/decisions", methods=["POST"])
@login_required
def decision_add(meeting_id: int):
    """Record a decision (quorum and decision rule are checked)."""
    meeting = meeting_or_404(meeting_id)
    form = _decision_form(meeting)
    if form.validate_on_submit():
        concerned = db.session.scalars(
            select(Actor).where(Actor.id.in_(form.concerned_actor_ids.data or []))
        ).all()
        try:
            services.record_decision(
                meeting,
                current_user,
                text=form.text.data,
                outcome=form.outcome.data,
                consensus=form.consensus.data,
                votes_yes=form.votes_yes.data,
                votes_no=form.votes_no.data,
                votes_abstain=form.votes_abstain.data,
                minority_opinion=form.minority_opinion.data,
                agenda_item_id=form.agenda_item_id.data,
                concerned_actors=concerned,
                publish_separately=form.publish_separately.data,
            )
            db.session.commit()
            flash(_("Decision recorded."), "success")
        except ServiceError as exc:
            handle(exc)
    else:
        flash_errors(form)
    return _back(meeting, "decisions")


@bp.route("/manage/meetings/<int:meeting_id>/actions", methods=["POST"])
@login_required
def action_add(meeting_id: int):
    """Record an action item."""
    meeting = meeting_or_404(meeting_id)
    form = _action_form(meeting)
    if form.validate_on_submit():
        try:
            services.add_action_item(
                meeting,
                current_user,
                text=form.text.data,
                owner=form.owner.data,
                owner_actor=db.session.get(Actor, form.owner_actor_id.data or 0),
                due_date=form.due_date.data,
            )
            db.session.commit()
            flash(_("Action item recorded."), "success")
        except ServiceError as exc:
            handle(exc)
    else:
        flash_errors(form)
    return _back(meeting, "actions")


@bp.route("/manage/meetings/<int:meeting_id>/actions/<int:item_id>/status", methods=["POST"])
@login_required
def action_status(meeting_id: int, item_id: int):
    """Change an action item's status."""
    meeting = meeting_or_404(meeting_id)
    item = db.get_or_404(ActionItem, item_id)
    form = ActionStatusForm()
    if item.meeting_id == meeting.id and form.validate_on_submit():
        services.set_action_status(item, current_user, form.status.data)
        db.session.commit()
    return _back(meeting, "actions")


@bp.route("/manage/meetings/<int:meeting_id>/needs", methods=["POST"])
@login_required
def needs_add(meeting_id: int):
    """Record a needs statement; it becomes a contribution of the linked process."""
    meeting = meeting_or_404(meeting_id)
    form = _needs_form(meeting)
    if form.validate_on_submit():
        try:
            services.add_needs_statement(
                meeting,
                current_user,
                area=db.session.get(Area, form.area_id.data),
                text=form.text.data,
                target_groups=form.target_groups.data or "",
                evidence=form.evidence.data or "",
            )
            db.session.commit()
            flash(_("Need recorded; it is now a contribution in the process."), "success")
        except ServiceError as exc:
            handle(exc)
    else:
        flash_errors(form)
    return _back(meeting, "needs")


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
    return _back(meeting, "publication")


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
