"""Permissions of the measures package (managers act only on measures inside their areas)."""

from participation.core.permissions import register_permission

#: Measures, links, themes, answers and decisions.
register_permission("measures.manage", roles=("admin", "planner"), scoped_roles=("manager",))
#: Read the internal feedback-loop pages (council members read, do not change).
register_permission(
    "measures.view", roles=("admin", "planner", "council", "moderator"), scoped_roles=("manager",)
)
#: Goal tree and reason templates of the whole installation.
register_permission("measures.configure", roles=("admin", "planner"))
