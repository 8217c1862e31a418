"""Permissions of the stakeholders package, and the scope rule for actors.

Council members see names and the matrix, never a person's contact data. A neighbourhood manager
sees and edits actors that are active in (at least one of) her areas: an actor such as an AWO
district branch is often active in several districts, and each district's manager works with it.
Assessments and invitation lists use the process's scope (all process areas must be hers).
"""

from typing import Any

from flask import abort
from flask_login import current_user

from participation.core.permissions import allowed_scope, can, register_permission

register_permission(
    "stakeholders.view", roles=("admin", "planner", "council"), scoped_roles=("manager",)
)
register_permission("stakeholders.contacts", roles=("admin", "planner"), scoped_roles=("manager",))
register_permission("stakeholders.manage", roles=("admin", "planner"), scoped_roles=("manager",))
#: Taxonomy and default coverage list apply to the whole installation: no scoped role.
register_permission("stakeholders.configure", roles=("admin", "planner"))


def can_actor(name: str, actor: Any, user: Any = None) -> bool:
    """True when *user* holds *name* for *actor*: globally, or for one of the actor's areas."""
    user = current_user if user is None else user
    if not getattr(user, "is_authenticated", False) or not can(name, user=user):
        return False
    scope = allowed_scope(user, name)
    if scope is None:
        return True
    return any(a.path.startswith(p) for a in actor.areas for p in scope)


def can_see_contact(actor: Any, user: Any = None) -> bool:
    """Organisations' contact data is business data (view suffices); persons' needs contacts."""
    if not actor.is_person:
        return can_actor("stakeholders.view", actor, user)
    return can_actor("stakeholders.contacts", actor, user)


def council_reader(process: Any, user: Any = None) -> bool:
    """True for someone who may read a process's stakeholder analysis but not work on it
    (council members): they see only assessments shared with the council, and only when the
    process opted in (``Process.council_assessments``)."""
    user = current_user if user is None else user
    return can("stakeholders.view", process, user) and not can("stakeholders.manage", process, user)


def require_actor(name: str, actor: Any) -> None:
    """Abort with 401/403 unless the current user holds *name* for *actor*."""
    if not current_user.is_authenticated:
        abort(401)
    if not can_actor(name, actor):
        abort(403)
