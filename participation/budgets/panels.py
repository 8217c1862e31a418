"""Panels on the process pages: the area budgets of the process (or of its areas)."""

from flask import render_template
from markupsafe import Markup
from sqlalchemy import or_, select

from participation.areas.models import Area
from participation.budgets.models import Budget
from participation.contributions.hooks import register_track_panel
from participation.core.home import register_home_panel
from participation.core.permissions import can
from participation.extensions import db
from participation.processes.panels import register_manage_panel, register_public_panel


def _budgets(process) -> list[Budget]:
    paths = [a.path for a in process.areas]
    conditions = [Budget.process_id == process.id] + [Area.path.startswith(p) for p in paths]
    return list(
        db.session.scalars(
            select(Budget)
            .join(Area, Area.id == Budget.area_id)
            .where(or_(*conditions))
            .order_by(Budget.period.desc(), Budget.title)
            .limit(10)
        )
    )


@register_public_panel
def public_panel(process) -> Markup | None:
    """Links to the budget pages: apply, vote, see what was funded."""
    budgets = _budgets(process)
    if not budgets:
        return None
    return Markup(render_template("budgets/_panel.html", budgets=budgets, manage=False))


@register_manage_panel
def manage_panel(process) -> Markup | None:
    """Links to the staff pages of the budgets the user may manage."""
    budgets = [b for b in _budgets(process) if can("budgets.manage", b)]
    if not budgets:
        return None
    return Markup(render_template("budgets/_panel.html", budgets=budgets, manage=True))


@register_home_panel(order=30)
def my_scores_panel(user) -> Markup | None:
    """Voting members of a budget's body: "Meine Bewertungen" on the staff home page."""
    from participation.budgets.services.members import own_budgets

    rows = own_budgets(user)
    if not rows:
        return None
    return Markup(render_template("budgets/_home_scores.html", rows=rows))


@register_track_panel
def application_track_panel(contribution) -> Markup | None:
    """On a budget application's contribution tracking page: the way to the application's own
    page (status, cost plan, withdrawal, use report)."""
    from flask import request

    if contribution.kind != "budget_application" or (request.endpoint or "").startswith("budgets."):
        return None  # the budget's own tracking page shows this contribution already
    from participation.budgets.links import token_for
    from participation.budgets.models import Application

    query = select(Application).where(Application.contribution_id == contribution.id)
    app = db.session.scalar(query)
    if app is None:
        return None
    return Markup(render_template("budgets/_track_panel.html", a=app, token=token_for(app)))
