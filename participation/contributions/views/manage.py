"""Staff pages: moderation queue (approve/hide), proxy entry of paper input, exports."""

from flask import abort, current_app, flash, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from participation.contributions import moderation
from participation.contributions.forms import HideForm
from participation.contributions.models import Contribution
from participation.contributions.views import bp
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.pagination import Page, paginate
from participation.core.permissions import require
from participation.extensions import db
from participation.processes.models import Process

QUEUE_LIMIT = 100


def _process(process_id: int, permission: str) -> Process:
    process = db.get_or_404(Process, process_id)
    require(permission, process)
    return process


def _queue(process: Process, tab: str) -> Page:
    stmt = select(Contribution).where(Contribution.process_id == process.id)
    if tab == "hidden":
        stmt = stmt.where(Contribution.visibility == "hidden").order_by(
            Contribution.moderated_at.desc()
        )
    else:
        # Waiting (pre-moderation or reported) first, then unchecked visible ones, oldest first.
        stmt = stmt.where(Contribution.needs_review.is_(True)).order_by(
            (Contribution.visibility == "visible").asc(),
            Contribution.report_count.desc(),
            Contribution.created_at,
        )
    return paginate(stmt.order_by(Contribution.id), per_page=QUEUE_LIMIT, args={"tab": tab})


@bp.route("/manage/processes/<int:process_id>/moderation")
@login_required
def queue(process_id: int):
    """The moderation queue: keyboard-friendly approve and hide (with a reason)."""
    process = _process(process_id, "contributions.moderate")
    tab = "hidden" if request.args.get("tab") == "hidden" else "review"
    items = _queue(process, tab)
    return render(
        "contributions/manage/queue.html",
        process=process,
        items=items,
        tab=tab,
        forms={},
        # reports in the window: many reports from few networks is a burst (one person, many
        # browsers); from many networks it is broad concern — the moderator sees which
        bursts=moderation.report_bursts([c.id for c in items.items]),
        burst_hours=current_app.config["CONTRIBUTIONS_REPORT_WINDOW_HOURS"],
    )


def _moderated(process_id: int, contribution_id: int) -> Contribution:
    contribution = db.session.scalar(
        select(Contribution).where(
            Contribution.id == contribution_id, Contribution.process_id == process_id
        )
    )
    if contribution is None:
        abort(404)
    require("contributions.moderate", contribution.process)
    return contribution


@bp.route(
    "/manage/processes/<int:process_id>/moderation/<int:contribution_id>/approve",
    methods=["POST"],
)
@login_required
def approve(process_id: int, contribution_id: int):
    """Approve: visible (again) and reviewed."""
    contribution = _moderated(process_id, contribution_id)
    moderation.approve_contribution(contribution, current_user)
    db.session.commit()
    return _done(contribution, _("Approved: “%(title)s” is visible.", title=contribution.title))


@bp.route(
    "/manage/processes/<int:process_id>/moderation/<int:contribution_id>/hide", methods=["POST"]
)
@login_required
def hide(process_id: int, contribution_id: int):
    """Hide with a reason; the author reads the reason via the tracking link."""
    contribution = _moderated(process_id, contribution_id)
    form = HideForm(prefix=f"c{contribution.id}")
    if form.validate_on_submit():
        try:
            moderation.hide_contribution(contribution, current_user, form.reason.data)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            return _done(
                contribution,
                _("Hidden: “%(title)s”. The author sees your reason.", title=contribution.title),
            )
    if request.headers.get("HX-Request"):
        return render(
            "contributions/manage/_item.html",
            c=contribution,
            process=contribution.process,
            form=form,
            status=422,
        )
    process = contribution.process
    flash(_("Please give a reason. The author will see it."), "error")
    return render(
        "contributions/manage/queue.html",
        process=process,
        items=_queue(process, "review"),
        tab="review",
        forms={contribution.id: form},
        status=422,
    )


def _done(contribution: Contribution, message: str):
    if request.headers.get("HX-Request"):
        return render("contributions/manage/_done.html", c=contribution, message=message)
    flash(message, "success")
    return redirect_after_post("contributions.queue", process_id=contribution.process_id)
