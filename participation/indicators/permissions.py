"""Permissions of the indicators package."""

from participation.core.permissions import register_permission

#: Catalogue and CSV imports (the whole installation's statistics).
register_permission("indicators.manage", roles=("admin", "planner"))
#: Internal extras of the area profile ("needs attention") and the representation check.
register_permission(
    "indicators.view_internal",
    roles=("admin", "planner", "council", "moderator"),
    scoped_roles=("manager", "staff"),
)
