"""Permissions of the contributions package."""

from participation.core.permissions import register_permission

# Neighbourhood managers (and field staff for proxy entry) act only on processes in their areas.
register_permission(
    "contributions.moderate", roles=("admin", "planner", "moderator"), scoped_roles=("manager",)
)
register_permission(
    "contributions.proxy_entry", roles=("admin", "planner"), scoped_roles=("manager", "staff")
)
register_permission(
    "contributions.export", roles=("admin", "planner", "council"), scoped_roles=("manager",)
)
