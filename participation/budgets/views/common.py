"""Helpers shared by the budget views."""

import secrets

from flask import abort, session
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, lazyload, selectinload

from participation.budgets.models import Application, Budget, SpendingEntry
from participation.core.errors import ServiceError, handle
from participation.core.htmx import is_partial_request, redirect_after_post
from participation.core.params import parse_int
from participation.core.permissions import require
from participation.extensions import db
from participation.meetings.models import Membership

BROWSER_KEY = "budget_browser"


def get_budget_or_404(budget_id: int) -> Budget:
    """The budget or 404."""
    budget = db.session.get(Budget, budget_id)
    if budget is None:
        abort(404)
    return budget


def managed_budget(budget_id: int) -> Budget:
    """A budget the current user may manage (403 outside the user's areas)."""
    budget = get_budget_or_404(budget_id)
    require("budgets.manage", budget)
    return budget


def managed_application(application_id: int) -> Application:
    """An application of a budget the current user may manage."""
    app = db.session.get(Application, application_id)
    if app is None:
        abort(404)
    require("budgets.manage", app)
    return app


def body_member_or_404(budget: Budget, raw):
    """The membership with id *raw* (a form value) on the budget's body; 404 otherwise."""
    seat = db.session.get(Membership, parse_int(raw, 0) or 0)
    if seat is None or seat.body_id != budget.body_id:
        abort(404)
    return seat


def browser_token() -> str:
    """A random id for this browser in the signed session cookie (one vote per browser)."""
    token = session.get(BROWSER_KEY)
    if not token:
        token = session[BROWSER_KEY] = secrets.token_urlsafe(18)
    return token


def public_budget_or_404(budget_id: int) -> Budget:
    """The budget with what its public page shows, in two queries: area, body (its name, not
    its lists), split share, tiers and criteria joined; the criteria history with each
    decision and its meeting in one more."""
    from participation.budgets.models import CriterionChange
    from participation.meetings.models import Body, Decision, Meeting

    plain = (lazyload(Body.areas), lazyload(Body.processes))
    budget = (
        db.session.scalars(
            select(Budget)
            .where(Budget.id == budget_id)
            .options(
                joinedload(Budget.body).options(*plain),
                joinedload(Budget.split_share),
                joinedload(Budget.tiers),
                joinedload(Budget.criteria),
                selectinload(Budget.criteria_history).options(
                    joinedload(CriterionChange.decision).options(
                        lazyload(Decision.concerned_actors),
                        joinedload(Decision.meeting).joinedload(Meeting.body).options(*plain),
                        # its text is quoted only outside the non-public part of a meeting
                        joinedload(Decision.agenda_item),
                    )
                ),
            )
        )
        .unique()
        .first()
    )
    if budget is None:
        abort(404)
    return budget


def spending_sums(budget: Budget) -> tuple[dict[str, int], dict[int, int]]:
    """``({kind: euros}, {application_id: euros spent})`` of a budget in one query."""
    by_kind: dict[str, int] = {}
    spent: dict[int, int] = {}
    for kind, app_id, total in db.session.execute(
        select(SpendingEntry.kind, SpendingEntry.application_id, func.sum(SpendingEntry.amount))
        .where(SpendingEntry.budget_id == budget.id)
        .group_by(SpendingEntry.kind, SpendingEntry.application_id)
    ):
        by_kind[kind] = by_kind.get(kind, 0) + int(total or 0)
        if kind == "spent" and app_id is not None:
            spent[app_id] = int(total)
    return by_kind, spent


def public_applications(budget: Budget) -> list[Application]:
    """Applications shown on the public page, oldest first (withdrawn ones stay listed, the
    page shows them without details)."""
    return list(
        db.session.scalars(
            select(Application)
            .options(joinedload(Application.allocation))
            .where(Application.budget_id == budget.id)
            .order_by(Application.id)
        )
    )


def euro(value) -> str:
    """Whole euros with German thousands separator (1.234 €)."""
    return f"{int(value or 0):,}".replace(",", ".") + " €"


def spent_by_application(budget: Budget) -> dict[int, int]:
    """``{application_id: euros spent}`` for the whole budget in one query."""
    rows = db.session.execute(
        select(SpendingEntry.application_id, func.sum(SpendingEntry.amount))
        .where(SpendingEntry.budget_id == budget.id, SpendingEntry.kind == "spent")
        .group_by(SpendingEntry.application_id)
    ).all()
    return {app_id: int(total) for app_id, total in rows}


def grid_saved(errors: dict[str, str], endpoint: str, **values):
    """The answer to a saved score grid (a member's own or the manager's entry for a member):
    one htmx cell gets "Saved" or its error (422) in place; a whole grid sent without JavaScript
    flashes the first error and goes back to *endpoint* (303)."""
    if is_partial_request():
        if errors:
            text = _("Not saved") + ": " + next(iter(errors.values()))
            return Markup('<span class="error" role="alert">{}</span>').format(text), 422
        return Markup('<span class="saved" role="status">{}</span>').format(_("Saved"))
    if errors:
        handle(ServiceError(next(iter(errors.values()))))
    return redirect_after_post(endpoint, **values)
