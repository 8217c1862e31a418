"""One permission helper for every view, template and service.

Each domain package registers its permissions with :func:`register_permission`: which roles hold it
everywhere, and which roles hold it only inside their areas. An object is "inside" when every one of
its ``scope_areas`` lies in (or equals) an area assigned to the user for that role.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import abort
from flask_login import current_user


@dataclass(frozen=True)
class Permission:
    """Roles that hold a permission globally, and roles that hold it within their areas."""

    name: str
    roles: frozenset[str]
    scoped_roles: frozenset[str]


PERMISSIONS: dict[str, Permission] = {}


def register_permission(
    name: str, roles: Iterable[str] = ("admin",), scoped_roles: Iterable[str] = ()
) -> None:
    """Declare *name*; ``admin`` should normally be among *roles*."""
    PERMISSIONS[name] = Permission(name, frozenset(roles), frozenset(scoped_roles))


def user_scope_paths(user: Any, role: str) -> list[str]:
    """Area paths the user's *role* is limited to."""
    return [r.area.path for r in user.roles if r.role == role and r.area is not None]


def covers(scope_paths: list[str], areas: Iterable[Any]) -> bool:
    """True when every area lies inside one of *scope_paths* (and there is at least one area)."""
    areas = list(areas)
    return bool(areas) and all(any(a.path.startswith(p) for p in scope_paths) for a in areas)


def can(name: str, obj: Any = None, user: Any = None) -> bool:
    """Return True when *user* (default: current user) holds permission *name* for *obj*.

    Without *obj*, a scoped role counts when the user holds it for any area (e.g. a neighbourhood
    manager may create processes, but only in her areas — the service checks those).
    """
    user = current_user if user is None else user
    if not getattr(user, "is_authenticated", False):
        return False
    perm = PERMISSIONS[name]
    held = user.role_keys
    if held & perm.roles:
        return True
    for role in held & perm.scoped_roles:
        paths = user_scope_paths(user, role)
        if obj is None and paths:
            return True
        if obj is not None and covers(paths, getattr(obj, "scope_areas", [])):
            return True
    return False


def require(name: str, obj: Any = None) -> None:
    """Abort with 401 (not logged in) or 403 (not allowed) unless :func:`can` says yes."""
    if not current_user.is_authenticated:
        abort(401)
    if not can(name, obj):
        abort(403)


def allowed_scope(user: Any, name: str) -> list[str] | None:
    """Area paths within which *user* holds *name*: ``None`` means everywhere."""
    perm = PERMISSIONS[name]
    if user.role_keys & perm.roles:
        return None
    paths: list[str] = []
    for role in user.role_keys & perm.scoped_roles:
        paths += user_scope_paths(user, role)
    return paths
