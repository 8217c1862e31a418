"""Permissions of the budgets package (managers act only on budgets of their areas)."""

from participation.core.permissions import register_permission

#: Budget setup, eligibility, scoring, allocation, paper ballots and spending.
register_permission("budgets.manage", roles=("admin", "planner"), scoped_roles=("manager",))
