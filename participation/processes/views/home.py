"""Home panels of the processes package: the processes a person runs, or may read."""

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from participation.core.home import register_home_panel
from participation.core.permissions import can
from participation.extensions import db
from participation.processes.models import Process
from participation.processes.queries import managed_processes


@register_home_panel(order=10)
def processes_panel(user) -> Markup | None:
    """Planners, managers and admins: the processes they manage (managers: in their areas)."""
    if not can("process.create", user=user):
        return None
    return Markup(
        render_template(
            "home/_processes.html", processes=managed_processes(user), manage=True, user=user
        )
    )


@register_home_panel(order=30)
def readable_processes_panel(user) -> Markup | None:
    """Council members, moderators and field staff: the processes they may read internally."""
    if can("process.create", user=user) or not can("process.view_internal", user=user):
        return None
    processes = [
        p
        for p in db.session.scalars(
            select(Process).where(Process.status != "draft").order_by(Process.created_at.desc())
        )
        if can("process.view_internal", p, user)
    ]
    return Markup(
        render_template("home/_processes.html", processes=processes, manage=False, user=user)
    )


@register_home_panel(order=90)
def administration_panel(user) -> Markup | None:
    """Admins: users, area levels and imports, audit log."""
    if not (can("users.manage", user=user) or can("areas.manage", user=user)):
        return None
    return Markup(render_template("home/_admin.html", user=user))
