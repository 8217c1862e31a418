"""Staff pages that connect measures with meetings: measures from decisions, action items and
needs statements ("create a measure from this"), and agenda items that review a measure."""

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import int_arg
from participation.core.permissions import can, require
from participation.extensions import db
from participation.measures.models import Measure
from participation.measures.services.agenda import link_agenda_item, unlink_agenda_item
from participation.measures.sources import source_ref
from participation.measures.views import bp
from participation.measures.views.common import load_measure

LIMIT = 60


@bp.route("/manage/measures/from-meetings")
@login_required
def from_meetings():
    """Recent decisions, action items and needs statements without a measure yet."""
    from participation.meetings.models import ActionItem, Decision, Meeting, NeedsStatement

    require("measures.manage")
    used = {
        "meeting_decision": select(Measure.meeting_decision_id).where(
            Measure.meeting_decision_id.is_not(None)
        ),
        "action_item": select(Measure.action_item_id).where(Measure.action_item_id.is_not(None)),
        "needs_statement": select(Measure.needs_statement_id).where(
            Measure.needs_statement_id.is_not(None)
        ),
    }
    groups = []
    for kind, model, label in (
        ("meeting_decision", Decision, _("Decisions")),
        ("action_item", ActionItem, _("Action items")),
        ("needs_statement", NeedsStatement, _("Needs statements")),
    ):
        rows = db.session.scalars(
            select(model)
            .join(Meeting, Meeting.id == model.meeting_id)
            .where(~model.id.in_(used[kind]))
            .order_by(Meeting.starts_at.desc(), model.id.desc())
            .limit(LIMIT)
        ).all()
        items = [(obj, source_ref(obj)) for obj in rows if can("measures.manage", obj.meeting)]
        groups.append((label, items))
    return render("measures/manage/from_meetings.html", groups=groups)


@bp.route("/manage/measures/<int:measure_id>/agenda", methods=["POST"])
@login_required
def link_agenda(measure_id: int):
    """Put the measure on an agenda item (progress review)."""
    from participation.meetings.models import AgendaItem

    measure = load_measure(measure_id)
    item_id = int_arg("agenda_item", source=request.form)
    item = db.session.get(AgendaItem, item_id) if item_id else None
    if item is None:
        flash(_("Please choose an agenda item."), "error")
        return redirect_after_post("measures.detail", measure_id=measure.id)
    if not can("meetings.manage", item.meeting) and not can("measures.manage", item.meeting):
        abort(403)
    try:
        link_agenda_item(measure, item, current_user)
        db.session.commit()
    except ServiceError as exc:
        handle(exc)
    else:
        flash(
            _("The measure is on the agenda of “%(title)s”.", title=item.meeting.title), "success"
        )
    return redirect_after_post("measures.detail", measure_id=measure.id)


@bp.route("/manage/measures/<int:measure_id>/agenda/<int:item_id>/delete", methods=["POST"])
@login_required
def unlink_agenda(measure_id: int, item_id: int):
    """Take the measure off an agenda item."""
    measure = load_measure(measure_id)
    unlink_agenda_item(measure, item_id, current_user)
    db.session.commit()
    flash(_("The agenda item was removed."), "success")
    return redirect_after_post("measures.detail", measure_id=measure.id)


def agenda_choices(measure) -> list[tuple[int, str]]:
    """Progress-review agenda items of meetings the user may manage (newest first)."""
    from participation.meetings.models import AgendaItem, Meeting

    rows = db.session.execute(
        select(AgendaItem, Meeting)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.kind.in_(("progress", "report_back", "decision")))
        .order_by(Meeting.starts_at.desc())
        .limit(200)
    ).all()
    return [
        (item.id, f"{meeting.title} – {item.title}")
        for item, meeting in rows
        if can("measures.manage", meeting)
    ]
