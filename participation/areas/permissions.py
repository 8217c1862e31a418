"""Permissions of the areas package."""

from participation.core.permissions import register_permission

register_permission("areas.manage", roles=("admin",))
