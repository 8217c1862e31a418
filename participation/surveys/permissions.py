"""Permissions of the surveys package (scope: the areas of the survey's process)."""

from participation.core.permissions import register_permission

register_permission("surveys.manage", roles=("admin", "planner"), scoped_roles=("manager",))
# Staff entry of paper questionnaires and door-step interviews.
register_permission("surveys.enter", roles=("admin", "planner"), scoped_roles=("manager", "staff"))
# Internal results with all filters (council members read them before the public).
register_permission(
    "surveys.results", roles=("admin", "planner", "council"), scoped_roles=("manager",)
)
