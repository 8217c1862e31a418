"""Permissions of the processes package."""

from participation.core.permissions import register_permission

# Neighbourhood managers manage processes only when all of the process's areas are theirs.
register_permission("process.create", roles=("admin", "planner"), scoped_roles=("manager",))
register_permission("process.manage", roles=("admin", "planner"), scoped_roles=("manager",))
register_permission(
    "process.view_internal",
    roles=("admin", "planner", "council", "moderator"),
    scoped_roles=("manager", "staff"),
)
