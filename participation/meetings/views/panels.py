"""Panels on the process page (public) and its staff dashboard: meetings linked to the process,
directly (``Meeting.process``) or through a body linked to the process."""

from flask import render_template
from markupsafe import Markup
from sqlalchemy import or_, select
from sqlalchemy.orm import lazyload

from participation.core.db import utcnow
from participation.core.permissions import can
from participation.extensions import db
from participation.meetings.models import Body, Meeting, body_processes
from participation.processes.panels import register_manage_panel, register_public_panel


def _meetings(process, public_only: bool) -> list[Meeting]:
    bodies = select(body_processes.c.body_id).where(body_processes.c.process_id == process.id)
    stmt = (
        select(Meeting)
        .where(
            or_(Meeting.process_id == process.id, Meeting.body_id.in_(bodies)),
            Meeting.starts_at.is_not(None),
        )
        .order_by(Meeting.starts_at)
    )
    if public_only:
        # The public panel shows the meetings' own columns only: no body, with its areas and
        # processes (and their categories, areas, phases) loaded for nothing — one query.
        stmt = stmt.where(Meeting.visibility == "public").options(lazyload("*"))
    return db.session.scalars(stmt.limit(50)).all()


@register_public_panel
def public_panel(process) -> Markup | None:
    """Upcoming public meetings (with calendar links) and the latest past ones."""
    meetings = _meetings(process, public_only=True)
    if not meetings:
        return None
    now = utcnow()
    upcoming = [m for m in meetings if m.ends_at >= now and m.status != "cancelled"]
    past = [m for m in reversed(meetings) if m.ends_at < now][:3]
    return Markup(render_template("meetings/_panel.html", upcoming=upcoming, past=past))


@register_manage_panel
def manage_panel(process) -> Markup | None:
    """Bodies linked to the process and their next meetings, for staff."""
    if not can("meetings.view", process):
        return None
    bodies = db.session.scalars(
        select(Body)
        .join(body_processes, body_processes.c.body_id == Body.id)
        .where(body_processes.c.process_id == process.id)
        .order_by(Body.name)
    ).all()
    if not bodies:
        return None
    return Markup(
        render_template(
            "meetings/manage/_panel.html", bodies=bodies, meetings=_meetings(process, False)[-5:]
        )
    )
