"""Home panel of the reports package: council members and staff see the newest report versions."""

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from participation.core.home import register_home_panel
from participation.core.permissions import can
from participation.extensions import db
from participation.reports.models import ReportVersion


@register_home_panel(order=35)
def reports_panel(user) -> Markup | None:
    """Staff and council: the newest archived versions (drafts included) and the way to more."""
    if not can("reports.view", user=user):
        return None
    newest = db.session.scalars(
        select(ReportVersion)
        .order_by(ReportVersion.created_at.desc(), ReportVersion.id.desc())
        .limit(20)
    ).all()
    versions = [
        v
        for v in newest
        if v.state == "published" or can("reports.view", v.process or None, user=user)
    ][:5]
    return Markup(render_template("reports/_home.html", versions=versions))
