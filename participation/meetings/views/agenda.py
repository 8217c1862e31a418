"""Staff pages for the agenda of a meeting: add, edit, reorder and remove items.

With htmx the reorder, remove and add buttons answer with the agenda block of the meeting page
only (no whole page for one small change); without JavaScript the same forms post and redirect.
"""

from flask import flash
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.core.errors import ServiceError, handle
from participation.core.forms import flash_errors
from participation.core.htmx import is_partial_request, redirect_after_post, render
from participation.core.params import int_list
from participation.extensions import db
from participation.meetings import services
from participation.meetings.forms import AgendaItemEditForm, AgendaItemForm
from participation.meetings.models import AgendaItem
from participation.meetings.views import bp
from participation.meetings.views._load import meeting_or_404, not_found_unless
from participation.meetings.views.manage import render_meeting


def _contributions(raw: str) -> list[Contribution]:
    ids = int_list(raw or "")
    if not ids:
        return []
    return list(db.session.scalars(select(Contribution).where(Contribution.id.in_(ids))))


def _item_data(form: AgendaItemForm) -> dict:
    return {
        "kind": form.kind.data,
        "title": (form.title.data or "").strip(),
        "description": form.description.data or "",
        "duration_minutes": form.duration_minutes.data,
        "presenter": (form.presenter.data or "").strip(),
        "contributions": _contributions(form.contribution_ids.data),
        "public": not form.non_public.data,
    }


def _back(meeting, ok: bool = True):
    """The agenda block for htmx, else a redirect to the agenda on the meeting page."""
    if is_partial_request():
        return render_meeting(meeting, "agenda", 200 if ok else 422, partial=True)
    return redirect_after_post("meetings.manage_meeting", meeting_id=meeting.id, _anchor="agenda")


@bp.route("/manage/meetings/<int:meeting_id>/agenda", methods=["POST"])
@login_required
def agenda_add(meeting_id: int):
    """Append an agenda item."""
    meeting = meeting_or_404(meeting_id)
    form = AgendaItemForm()
    ok = False
    if form.validate_on_submit():
        try:
            services.add_agenda_item(meeting, current_user, **_item_data(form))
            db.session.commit()
            flash(_("Item added."), "success")
            ok = True
        except ServiceError as exc:
            handle(exc)
            meeting = meeting_or_404(meeting_id)
    else:
        flash_errors(form)
    return _back(meeting, ok)


@bp.route("/manage/meetings/<int:meeting_id>/agenda/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def agenda_edit(meeting_id: int, item_id: int):
    """Edit an item: kind, title, description, duration, presenter, linked input, position."""
    meeting = meeting_or_404(meeting_id)
    item = db.get_or_404(AgendaItem, item_id)
    not_found_unless(item.meeting_id == meeting.id)
    form = AgendaItemEditForm(obj=item)
    if not form.is_submitted():
        form.position.data = meeting.agenda_items.index(item) + 1
        form.contribution_ids.data = ", ".join(str(c.id) for c in item.contributions)
        form.non_public.data = not item.public
    if form.validate_on_submit():
        try:
            services.update_agenda_item(
                item, current_user, position=form.position.data, **_item_data(form)
            )
            db.session.commit()
            flash(_("The agenda item was saved."), "success")
            return redirect_after_post(
                "meetings.manage_meeting", meeting_id=meeting.id, _anchor="agenda"
            )
        except ServiceError as exc:
            handle(exc, form)
            meeting = meeting_or_404(meeting_id)
            item = db.get_or_404(AgendaItem, item_id)
    return render(
        "meetings/manage/agenda_item_form.html",
        form=form,
        meeting=meeting,
        body=meeting.body,
        item=item,
        count=len(meeting.agenda_items),
        status=422 if form.errors else 200,
    )


@bp.route("/manage/meetings/<int:meeting_id>/agenda/<int:item_id>/<action>", methods=["POST"])
@login_required
def agenda_change(meeting_id: int, item_id: int, action: str):
    """Move an item up or down, or delete it."""
    meeting = meeting_or_404(meeting_id)
    item = db.get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting.id or action not in ("up", "down", "delete"):
        return render("errors.html", code=404, status=404)
    if action == "delete":
        services.delete_agenda_item(item, current_user)
        flash(_("The item “%(title)s” was removed.", title=item.title), "success")
    else:
        services.move_agenda_item(item, current_user, -1 if action == "up" else 1)
    db.session.commit()
    return _back(meeting)
