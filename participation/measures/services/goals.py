"""The goal tree: create, edit and delete SMART goals (a goal is not a measure)."""

from flask_babel import gettext as _

from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.core.permissions import can
from participation.extensions import db
from participation.measures.models import Goal, goal_levels
from participation.measures.services.common import bump_public, clean

GOAL_FIELDS = ("title", "statement", "indicator", "baseline", "target", "deadline")


def _check(user, area) -> None:
    # Managers keep goals for their own areas; goals for the whole installation need a planner.
    if area is None and not can("measures.configure", user=user):
        raise ServiceError(_("Please choose one of your areas for this goal."), "area")
    if area is not None and not (
        can("measures.configure", user=user) or can("measures.manage", _Scope(area), user)
    ):
        raise ServiceError(_("Please choose one of your areas for this goal."), "area")


class _Scope:
    """An object whose scope is one area (for :func:`can`)."""

    def __init__(self, area):
        self.scope_areas = [area]


def create_goal(user, *, parent: Goal | None = None, area=None, target_groups=(), **fields) -> Goal:
    """Add a goal below *parent* (or at the top); the depth may not exceed the configured levels.

    :raises ServiceError: no title, too deep, or an area outside the user's scope.
    """
    title = clean(fields.get("title"), "title", 200)
    if len(title) < 3:
        raise ServiceError(_("Please give the goal a title."), "title")
    depth = 0 if parent is None else parent.depth + 1
    if depth >= len(goal_levels()):
        raise ServiceError(_("Goals cannot be nested deeper than the configured levels."), "parent")
    _check(user, area)
    goal = Goal(
        parent=parent,
        depth=depth,
        title=title,
        statement=clean(fields.get("statement"), "statement"),
        indicator=clean(fields.get("indicator"), "indicator"),
        baseline=clean(fields.get("baseline"), "baseline", 200),
        target=clean(fields.get("target"), "target", 200),
        deadline=fields.get("deadline"),
        area=area,
        target_groups=[t.strip() for t in target_groups if t and t.strip()],
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(goal)
    db.session.flush()
    log_action("goal.create", goal, user=user, title=goal.title)
    bump_public()
    return goal


def update_goal(goal: Goal, user, *, area=None, target_groups=(), **fields) -> Goal:
    """Change a goal's texts, deadline, area and target groups."""
    title = clean(fields.get("title"), "title", 200)
    if len(title) < 3:
        raise ServiceError(_("Please give the goal a title."), "title")
    _check(user, area)
    goal.title = title
    for name in ("statement", "indicator"):
        setattr(goal, name, clean(fields.get(name), name))
    for name in ("baseline", "target"):
        setattr(goal, name, clean(fields.get(name), name, 200))
    goal.deadline = fields.get("deadline")
    goal.area = area
    goal.target_groups = [t.strip() for t in target_groups if t and t.strip()]
    log_action("goal.update", goal, user=user)
    bump_public()
    return goal


def delete_goal(goal: Goal, user) -> None:
    """Delete a goal and its sub-goals (measures keep existing, they lose the reference)."""
    log_action("goal.delete", goal, user=user, title=goal.title)
    db.session.delete(goal)
    bump_public()


def parse_target_groups(text: str | list[str] | None) -> list[str]:
    """Comma-separated target groups as a list.

    A list is the goal's own groups: the edit form is bound to the goal, and a POST without the
    field keeps the object's value (the authorization matrix's empty form gave a 500 here).
    """
    parts = text if isinstance(text, list | tuple) else (text or "").split(",")
    return [t.strip() for t in parts if isinstance(t, str) and t.strip()]
