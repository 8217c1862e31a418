"""Writes on staff accounts: create, invite, roles, passwords, login bookkeeping."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from participation.accounts.models import ROLES, SCOPED_ROLES, PasswordToken, RoleAssignment, User
from participation.accounts.sessions import end_all_sessions
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.mail import queue_mail
from participation.extensions import db


def find_user(email: str) -> User | None:
    """Look a user up by e-mail, case-insensitively."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(
    email: str, name: str, password: str | None = None, roles=(), areas=(), actor=None
) -> User:
    """Create a staff account (password optional: invited users set their own)."""
    if find_user(email):
        raise ServiceError(_("There is already an account for %(email)s.", email=email), "email")
    user = User(email=email.strip().lower(), name=name.strip())
    if password:
        user.set_password(password)
    db.session.add(user)
    set_roles(user, roles, areas, actor=actor, log=False)
    db.session.flush()
    log_action("user.create", user, user=actor, roles=sorted(roles))
    return user


def set_roles(user: User, roles, areas=(), actor=None, log: bool = True) -> None:
    """Replace the user's roles; scoped roles (manager, staff) get one row per area."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ServiceError(_("Unknown role: %(role)s", role=", ".join(sorted(unknown))), "roles")
    if set(roles) & SCOPED_ROLES and not areas:
        raise ServiceError(_("Neighbourhood managers and staff need at least one area."), "roles")
    before = {(r.role, r.area_id) for r in user.roles}
    user.roles = []
    db.session.flush()
    for role in roles:
        if role in SCOPED_ROLES:
            user.roles.extend(RoleAssignment(role=role, area_id=a.id) for a in areas)
        else:
            user.roles.append(RoleAssignment(role=role))
    if before and before != {(r.role, r.area_id) for r in user.roles}:
        revoke_sessions(user, actor, "roles")  # open sessions must not keep the old rights
    if log:
        log_action(
            "user.roles", user, user=actor, roles=sorted(roles), areas=[a.code for a in areas]
        )


def update_user(user: User, roles, areas, active: bool, actor: User) -> None:
    """Change roles, areas and the active flag from the admin page; every change is audit-logged.

    Administrators can neither remove their own admin role nor deactivate themselves (somebody
    must be left who can undo it).
    """
    if user.id == actor.id and "admin" not in roles:
        raise ServiceError(_("You cannot remove your own administrator role."), "roles")
    set_roles(user, roles, areas, actor=actor)
    active = bool(active) or user.id == actor.id
    if active != user.active:
        user.active = active
        log_action("user.activate" if active else "user.deactivate", user, user=actor)
        if not active:
            revoke_sessions(user, actor, "deactivated")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_token(user: User, purpose: str = "reset") -> str:
    """A new random link token for setting a password; only its SHA-256 is stored.

    The token itself exists only in the e-mail (whose stored copy is redacted once sent).
    """
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordToken(
            user_id=user.id,
            token_hash=_token_hash(token),
            purpose=purpose,
            expires_at=utcnow() + timedelta(seconds=current_app.config["PASSWORD_TOKEN_MAX_AGE"]),
        )
    )
    db.session.flush()
    return token


def user_from_token(token: str) -> User | None:
    """The user a valid, unexpired, unused token belongs to, else None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(
        select(PasswordToken).where(PasswordToken.token_hash == _token_hash(token))
    )
    if row is None or row.used_at is not None or row.expires_at <= utcnow():
        return None
    user = db.session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return user


def _use_tokens(user: User) -> None:
    """A new password makes every open link of this user unusable (each link works once)."""
    now = utcnow()
    db.session.execute(
        update(PasswordToken)
        .where(PasswordToken.user_id == user.id, PasswordToken.used_at.is_(None))
        .values(used_at=now)
    )


def _link(token: str) -> str:
    return current_app.config["BASE_URL"] + url_for("accounts.reset_password", token=token)


def invite_user(email: str, name: str, roles, areas, actor) -> User:
    """Create an account without password and e-mail a link to set one."""
    user = create_user(email, name, roles=roles, areas=areas, actor=actor)
    db.session.flush()
    body = render_template(
        "accounts/mail/invite.txt",
        user=user,
        actor=actor,
        link=_link(password_token(user, "invite")),
    )
    queue_mail(user.email, _("Your access to %(site)s", site=current_app.config["SITE_NAME"]), body)
    return user


def request_password_reset(email: str) -> None:
    """Queue a reset link if the account exists; says nothing either way (no account probing)."""
    user = find_user(email)
    if user is None or not user.active:
        return
    body = render_template("accounts/mail/reset.txt", user=user, link=_link(password_token(user)))
    queue_mail(user.email, _("Reset your password"), body)
    log_action("user.reset_requested", user, user=user)


def change_password(user: User, password: str) -> None:
    """Set a new password (the reset token stops working, every open session ends)."""
    user.set_password(password)
    _use_tokens(user)
    revoke_sessions(user, user, "password")
    log_action("user.password_set", user, user=user)


def revoke_sessions(user: User, actor=None, reason: str = "logout_everywhere") -> None:
    """End every device session and remember cookie of *user*, this device's included."""
    end_all_sessions(user)
    log_action("user.sessions_revoked", user, user=actor, reason=reason)


def record_login(user: User) -> None:
    """Remember when the user last logged in."""
    user.last_login_at = utcnow()
