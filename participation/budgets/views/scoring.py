"""Scoring grid per member (htmx, keyboard friendly: plain number inputs, Tab order), declared
conflicts of interest, and the ranking."""

from flask import abort, request
from flask_login import current_user, login_required

from participation.budgets import services
from participation.budgets.models import Application
from participation.budgets.services.scoring import SCORABLE
from participation.budgets.views import bp
from participation.budgets.views.common import (
    body_member_or_404,
    euro,
    grid_saved,
    managed_budget,
)
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.params import int_arg, parse_int
from participation.extensions import db
from participation.meetings.models import Membership


def _member(budget, membership_id):
    members = services.voting_members(budget)
    for m in members:
        if m.id == membership_id:
            return m, members
    return (members[0] if members else None), members


@bp.route("/manage/budgets/<int:budget_id>/scoring", methods=["GET"])
@login_required
def scoring(budget_id: int):
    """One member's grid: eligible applications × criteria; conflicted cells are locked."""
    budget = managed_budget(budget_id)
    member, members = _member(budget, int_arg("member"))
    from sqlalchemy import select

    apps = db.session.scalars(
        select(Application)
        .where(Application.budget_id == budget.id, Application.status.in_(SCORABLE))
        .order_by(Application.id)
    ).all()
    conflicts = services.conflicts_for(budget)
    values = services.grid(budget, member) if member else {}
    return render(
        "budgets/manage/scoring.html",
        budget=budget,
        member=member,
        members=members,
        apps=apps,
        conflicts=conflicts,
        values=values,
        member_account=_account_email(member),
        euro=euro,
    )


def _account_email(member) -> str | None:
    """E-mail of the account linked to the member's actor (she scores herself then)."""
    if member is None or member.actor.user_id is None:
        return None
    from participation.accounts.models import User

    account = db.session.get(User, member.actor.user_id)
    return account.email if account else None


@bp.route("/manage/budgets/<int:budget_id>/scoring", methods=["POST"])
@login_required
def score(budget_id: int):
    """Store one cell (htmx) or the whole grid of a member (without JavaScript)."""
    budget = managed_budget(budget_id)
    membership = body_member_or_404(budget, request.form.get("member"))
    criteria = {c.id: c for c in budget.criteria}
    apps = {a.id: a for a in db.session.query(Application).filter_by(budget_id=budget.id)}
    errors = {}
    for key, raw in request.form.items():
        if not key.startswith("s_"):
            continue
        parts = key.split("_")
        app_id, crit_id = (parse_int(p) for p in (parts[1:3] if len(parts) == 3 else ("", "")))
        if app_id not in apps or crit_id not in criteria or raw.strip() == "":
            continue
        try:
            with db.session.begin_nested():
                services.set_score(
                    apps[app_id], membership, criteria[crit_id], raw.strip()[:4], current_user
                )
        except ServiceError as exc:
            errors[key] = exc.message
    db.session.commit()
    return grid_saved(errors, "budgets.scoring", budget_id=budget.id, member=membership.id)


@bp.route("/manage/budgets/<int:budget_id>/conflicts", methods=["POST"])
@login_required
def declare_conflict(budget_id: int):
    """Record a member's declared conflict of interest with one application."""
    budget = managed_budget(budget_id)
    app = db.session.get(Application, parse_int(request.form.get("application"), 0) or 0)
    membership = db.session.get(Membership, parse_int(request.form.get("member"), 0) or 0)
    if app is None or app.budget_id != budget.id or membership is None:
        abort(404)
    try:
        services.declare_conflict(
            app, membership, current_user, request.form.get("reason", "")[:300]
        )
        db.session.commit()
    except ServiceError as exc:
        handle(exc)
    return redirect_after_post("budgets.scoring", budget_id=budget.id, member=membership.id)


@bp.route("/manage/budgets/<int:budget_id>/ranking")
@login_required
def ranking(budget_id: int):
    """The ranking by weighted mean (ties shown), with the tier that decides each application."""
    budget = managed_budget(budget_id)
    rows = services.ranking(budget)
    return render(
        "budgets/manage/ranking.html",
        budget=budget,
        rows=rows,
        criteria=budget.criteria,
        f=services.figures(budget),
        euro=euro,
    )
