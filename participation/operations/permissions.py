"""Permissions of the operations package: data subject requests are the administrator's."""

from participation.core.permissions import register_permission

register_permission("operations.gdpr", roles=("admin",))
