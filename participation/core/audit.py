"""Audit log writer used by every service that changes status, moderation, roles or decisions."""

from typing import Any

from flask_login import current_user

from participation.core.models import AuditEntry
from participation.extensions import db


def log_action(action: str, obj: Any = None, *, user: Any = None, **details: Any) -> AuditEntry:
    """Record *action* on *obj* by *user* (default: the logged-in user) in the current transaction.

    :param action: dotted verb, e.g. ``process.publish``.
    :param details: JSON-serialisable facts worth keeping (old/new status, reason, …).
    """
    if user is None:
        try:
            user = current_user if current_user.is_authenticated else None
        except (AttributeError, RuntimeError):  # outside a request (CLI, scheduler)
            user = None
    entry = AuditEntry(
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=getattr(obj, "id", None),
        user_id=getattr(user, "id", None),
        details=details,
    )
    db.session.add(entry)
    return entry
