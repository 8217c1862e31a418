""" "Meine Bewertungen": a voting member of the administering body scores the eligible
applications herself (htmx saves each cell; without JavaScript one form submit saves all)."""

from flask import abort, request
from flask_login import current_user, login_required
from sqlalchemy import func, select

from participation.budgets import services
from participation.budgets.models import Application, Score
from participation.budgets.services import members
from participation.budgets.services.scoring import SCORABLE
from participation.budgets.views import bp
from participation.budgets.views.common import euro, get_budget_or_404, grid_saved
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import parse_int
from participation.extensions import db


def _own(budget_id: int):
    budget = get_budget_or_404(budget_id)
    seat = members.own_membership(budget, current_user)
    if seat is None:
        abort(403)  # not her body, or no voting seat: nothing to score here
    return budget, seat


def _apps(budget):
    return db.session.scalars(
        select(Application)
        .where(Application.budget_id == budget.id, Application.status.in_(SCORABLE))
        .order_by(Application.id)
    ).all()


@bp.route("/manage/my-scores")
@login_required
def my_scores():
    """The budgets the member scores, with how many cells she has filled."""
    rows = []
    for budget, seat in members.own_budgets(current_user):
        done = db.session.scalar(
            select(func.count(Score.id))
            .join(Application, Application.id == Score.application_id)
            .where(Application.budget_id == budget.id, Score.membership_id == seat.id)
        )
        total = len(_apps(budget)) * len(budget.criteria)
        rows.append((budget, seat, done or 0, total))
    return render("budgets/members/index.html", rows=rows)


@bp.route("/manage/my-scores/<int:budget_id>", methods=["GET"])
@login_required
def my_grid(budget_id: int):
    """Her grid: eligible applications × criteria; conflicted rows are locked with the reason."""
    budget, seat = _own(budget_id)
    return render(
        "budgets/members/grid.html",
        budget=budget,
        seat=seat,
        apps=_apps(budget),
        conflicts=services.conflicts_for(budget),
        values=services.grid(budget, seat),
        euro=euro,
    )


@bp.route("/manage/my-scores/<int:budget_id>", methods=["POST"])
@login_required
def my_grid_save(budget_id: int):
    """Store one cell (htmx) or the whole grid (one submit without JavaScript)."""
    budget, _seat = _own(budget_id)
    criteria = {c.id: c for c in budget.criteria}
    apps = {a.id: a for a in _apps(budget)}
    errors = {}
    for key, raw in request.form.items():
        parts = key.split("_")
        if len(parts) != 3 or parts[0] != "s":
            continue
        app_id, crit_id = parse_int(parts[1]), parse_int(parts[2])
        if app_id not in apps or crit_id not in criteria or raw.strip() == "":
            continue
        try:
            with db.session.begin_nested():
                members.set_own_score(apps[app_id], current_user, criteria[crit_id], raw[:4])
        except ServiceError as exc:
            errors[key] = exc.message
    db.session.commit()
    return grid_saved(errors, "budgets.my_grid", budget_id=budget.id)


@bp.route("/manage/my-scores/<int:budget_id>/conflict", methods=["POST"])
@login_required
def my_conflict(budget_id: int):
    """The member declares her own conflict of interest with one application."""
    budget, _seat = _own(budget_id)
    app = db.session.get(Application, parse_int(request.form.get("application"), 0) or 0)
    if app is None or app.budget_id != budget.id:
        abort(404)
    try:
        members.declare_own_conflict(app, current_user, request.form.get("reason", "")[:300])
        db.session.commit()
    except ServiceError as exc:
        handle(exc)
    return redirect_after_post("budgets.my_grid", budget_id=budget.id)


@bp.route("/manage/budgets/<int:budget_id>/member-account", methods=["POST"])
@login_required
def member_account(budget_id: int):
    """Staff link a member's actor to her account, so she can score herself."""
    from participation.budgets.views.common import body_member_or_404, managed_budget

    budget = managed_budget(budget_id)
    seat = body_member_or_404(budget, request.form.get("member"))
    try:
        members.link_account(budget, seat, current_user, request.form.get("account", "")[:254])
        db.session.commit()
    except ServiceError as exc:
        handle(exc)
    return redirect_after_post("budgets.scoring", budget_id=budget.id, member=seat.id)
