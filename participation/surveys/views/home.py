"""Home panels of the surveys package: entry forms for field staff, results for readers."""

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from participation.core.home import register_home_panel
from participation.core.permissions import can
from participation.extensions import db
from participation.surveys.models import Survey


def _surveys(user, permission: str) -> list[Survey]:
    stmt = select(Survey).where(Survey.status != "draft").order_by(Survey.id.desc())
    return [s for s in db.session.scalars(stmt) if can(permission, s, user)]


@register_home_panel(order=26)
def survey_entry_panel(user) -> Markup | None:
    """Field staff and managers: open surveys to type paper questionnaires into."""
    if not can("surveys.enter", user=user):
        return None
    surveys = [s for s in _surveys(user, "surveys.enter") if s.state() == "open"]
    if not surveys and can("process.create", user=user):
        return None  # planners find their surveys on the process dashboards
    return Markup(render_template("home/_survey_entry.html", surveys=surveys))


@register_home_panel(order=35)
def survey_results_panel(user) -> Markup | None:
    """Council members (and planners, managers): internal results they may read."""
    if not can("surveys.results", user=user) or can("process.create", user=user):
        return None
    return Markup(
        render_template("home/_survey_results.html", surveys=_surveys(user, "surveys.results"))
    )
