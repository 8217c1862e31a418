"""Home panels of the contributions package: moderation queues with counts, proxy entry forms."""

from flask import render_template
from markupsafe import Markup
from sqlalchemy import func, select

from participation.contributions.models import Contribution
from participation.core.home import register_home_panel
from participation.core.permissions import can
from participation.extensions import db
from participation.processes.models import Process


def _processes(user, permission: str, statuses=("published", "closed")) -> list[Process]:
    stmt = select(Process).where(Process.status.in_(statuses)).order_by(Process.created_at.desc())
    return [p for p in db.session.scalars(stmt) if can(permission, p, user)]


@register_home_panel(order=20)
def moderation_panel(user) -> Markup | None:
    """Moderators (and managers, planners): each queue with what waits for review."""
    if not can("contributions.moderate", user=user):
        return None
    processes = [
        p for p in _processes(user, "contributions.moderate") if p.uses("pins") or p.uses("ideas")
    ]
    counts = dict(
        db.session.execute(
            select(Contribution.process_id, func.count())
            .where(
                Contribution.needs_review.is_(True),
                Contribution.process_id.in_([p.id for p in processes]),
            )
            .group_by(Contribution.process_id)
        ).all()
    )
    rows = sorted(((p, counts.get(p.id, 0)) for p in processes), key=lambda r: -r[1])
    return Markup(render_template("home/_moderation.html", rows=rows, total=sum(counts.values())))


@register_home_panel(order=25)
def entry_panel(user) -> Markup | None:
    """Field staff: where to type in paper cards, door-step and phone input."""
    if not can("contributions.proxy_entry", user=user):
        return None
    processes = [
        p
        for p in _processes(user, "contributions.proxy_entry", ("published",))
        if p.uses("pins") or p.uses("ideas")
    ]
    return Markup(render_template("home/_entry.html", processes=processes))
