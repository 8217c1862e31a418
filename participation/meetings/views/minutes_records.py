"""Staff actions on the minutes page that record what a meeting produced: decisions, action
items and needs statements (the page itself and the minutes' life cycle are in ``minutes.py``)."""

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.areas.models import Area
from participation.core.errors import ServiceError, handle
from participation.core.forms import flash_errors
from participation.core.htmx import redirect_after_post
from participation.extensions import db
from participation.meetings import queries, services
from participation.meetings.minutes_forms import (
    ActionItemForm,
    ActionStatusForm,
    DecisionForm,
    NeedsForm,
)
from participation.meetings.models import ActionItem
from participation.meetings.views import bp
from participation.meetings.views._load import meeting_or_404
from participation.stakeholders.models import Actor


def back_to_minutes(meeting, anchor: str):
    """303 back to the minutes page, at the section *anchor*."""
    return redirect_after_post("meetings.manage_minutes", meeting_id=meeting.id, _anchor=anchor)


def decision_form(meeting) -> DecisionForm:
    """The decision form with the meeting's agenda items and the body's members as choices."""
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


def action_form(meeting) -> ActionItemForm:
    """The action item form with the body's members as possible owners."""
    form = ActionItemForm(prefix="action")
    form.owner_actor_id.choices = [(0, _("— name below —"))] + queries.actor_options(
        queries.members_actor_ids(meeting.body)
    )
    return form


def needs_form(meeting) -> NeedsForm:
    """The needs form with the body's areas and their sub-areas as choices."""
    form = NeedsForm(prefix="needs")
    choices = []
    for area in meeting.body.areas:
        choices.append((area.id, area.name))
        choices += [(c.id, f"– {c.name}") for c in area.children()]
    form.area_id.choices = choices
    return form


@bp.route("/manage/meetings/<int:meeting_id>/decisions", methods=["POST"])
@login_required
def decision_add(meeting_id: int):
    """Record a decision (quorum and decision rule are checked)."""
    meeting = meeting_or_404(meeting_id)
    form = decision_form(meeting)
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
    return back_to_minutes(meeting, "decisions")


@bp.route("/manage/meetings/<int:meeting_id>/actions", methods=["POST"])
@login_required
def action_add(meeting_id: int):
    """Record an action item."""
    meeting = meeting_or_404(meeting_id)
    form = action_form(meeting)
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
    return back_to_minutes(meeting, "actions")


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
    return back_to_minutes(meeting, "actions")


@bp.route("/manage/meetings/<int:meeting_id>/needs", methods=["POST"])
@login_required
def needs_add(meeting_id: int):
    """Record a needs statement; it becomes a contribution of the linked process."""
    meeting = meeting_or_404(meeting_id)
    form = needs_form(meeting)
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
    return back_to_minutes(meeting, "needs")
