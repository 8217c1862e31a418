"""Permissions of the accounts package."""

from participation.core.permissions import register_permission

register_permission("users.manage", roles=("admin",))
register_permission("audit.view", roles=("admin",))
