"""Permissions of the reports package.

Staff generate and publish; council members read drafts before they are published (DOMAIN.md §3
"Council summary": councils get it before the public). Everyone reads published versions.
"""

from participation.core.permissions import register_permission

#: Generate reports, see jobs, publish versions.
register_permission("reports.manage", roles=("admin", "planner"), scoped_roles=("manager",))
#: Read report pages and draft versions (council members read, never publish).
register_permission(
    "reports.view", roles=("admin", "planner", "council"), scoped_roles=("manager",)
)
