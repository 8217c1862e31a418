"""Permissions of the meetings package.

Neighbourhood managers run bodies and meetings in their areas only (a body's scope is its areas);
planners and admins everywhere; council members read internal pages (minutes drafts, RSVPs).
"""

from participation.core.permissions import register_permission

register_permission(
    "meetings.view", roles=("admin", "planner", "council"), scoped_roles=("manager",)
)
register_permission("meetings.manage", roles=("admin", "planner"), scoped_roles=("manager",))
