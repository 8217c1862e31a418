"""Loaders with the permission check every staff view starts with."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from participation.accounts.models import User
from participation.core.permissions import allowed_scope, can, require
from participation.extensions import db
from participation.meetings.models import Body, Meeting


def body_or_404(body_id: int, permission: str = "meetings.manage") -> Body:
    """The body, if the current user holds *permission* for it (else 401/403/404)."""
    body = db.get_or_404(Body, body_id)
    require(permission, body)
    return body


def meeting_or_404(meeting_id: int, permission: str = "meetings.manage") -> Meeting:
    """The meeting, if the current user holds *permission* for its body."""
    meeting = db.get_or_404(Meeting, meeting_id)
    require(permission, meeting)
    return meeting


def visible_bodies(user, permission: str = "meetings.view") -> list[Body]:
    """Bodies the user may see on staff pages, by name."""
    bodies = db.session.scalars(select(Body).order_by(Body.name)).all()
    if allowed_scope(user, permission) is None:
        return list(bodies)
    return [b for b in bodies if can(permission, b, user)]


def staff_choices() -> list[tuple[int, str]]:
    """Staff accounts that can be responsible for a body."""
    users = db.session.scalars(select(User).order_by(User.name)).all()
    return [
        (u.id, u.name)
        for u in users
        if u.role_keys & {"admin", "planner", "manager"} and getattr(u, "active", True)
    ]


def not_found_unless(condition: bool) -> None:
    """404 unless *condition* (used for ids that must belong together)."""
    if not condition:
        abort(404)


__all__ = ["body_or_404", "meeting_or_404", "visible_bodies", "staff_choices", "current_user"]
