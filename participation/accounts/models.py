"""Staff users and their role assignments (residents never have an account)."""

from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db

#: Role keys. A neighbourhood manager's assignments carry the areas she is responsible for.
ROLES = ("admin", "planner", "manager", "moderator", "council", "staff")
SCOPED_ROLES = {"manager", "staff"}


class User(UserMixin, db.Model):
    """A staff member: admin, planner, neighbourhood manager, moderator, council member, staff."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    #: NULL until the invited person sets a password.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    #: Preferred UI language; NULL follows the browser.
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Copied into each :class:`UserSession` at login; a session counts only while its copy
    #: equals this. Bumped (with the rows deleted) on password change, role change, deactivation,
    #: GDPR erase and "log out everywhere": a path that only flips a flag still ends every session.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")

    roles: Mapped[list["RoleAssignment"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    def set_password(self, password: str) -> None:
        """Store a salted hash of *password*: scrypt unless ``PASSWORD_HASH_METHOD`` says otherwise.

        Only the test configuration lowers it (a cheap PBKDF2): scrypt costs ~0.1 s per hash,
        which adds up over hundreds of fixture users. Existing hashes keep their own method.
        """
        method = "scrypt"
        if has_app_context():
            method = current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt"
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        """Return True when *password* matches."""
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    #: The device session (:class:`UserSession`) this object was loaded through: set by the
    #: login and by the user loader for the current request; not a column.
    current_session = None

    def session_cookie_id(self) -> str:
        """Flask-Login's id in the session and remember cookie: this device's session token.

        (``login_manager.id_attribute`` names this method, see ``views/auth.py``; ``get_id()``
        stays Flask-Login's plain user id, which its ``==`` compares.) The raw token exists only
        in the two signed cookies; the database keeps its SHA-256, so each device's session can
        be ended on its own and a copied cookie is tied to that device's row.
        """
        token = getattr(self.current_session, "token", None)
        if not token:
            raise RuntimeError("start a device session first (accounts.sessions.start_session)")
        return token

    @property
    def role_keys(self) -> set[str]:
        """The role keys this user holds."""
        return {r.role for r in self.roles}

    def has_role(self, *roles: str) -> bool:
        """True when the user holds any of *roles*."""
        return bool(self.role_keys & set(roles))

    def scope_area_ids(self, role: str) -> set[int]:
        """Area ids a scoped role (manager, staff) is limited to."""
        return {r.area_id for r in self.roles if r.role == role and r.area_id is not None}


@event.listens_for(User.active, "set")
def _end_sessions_on_deactivation(user: User, value, oldvalue, initiator) -> None:
    """Whoever deactivates an account (admin page, GDPR erase, CLI): its sessions end at once."""
    if oldvalue is True and not value:
        user.session_generation = (user.session_generation or 0) + 1


class PasswordToken(db.Model):
    """A password link (invitation or reset): only the SHA-256 of its token is stored."""

    __tablename__ = "password_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: ``invite`` or ``reset``.
    purpose: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Set when the link was used: a link works once.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RoleAssignment(db.Model):
    """One role held by a user; scoped roles name one area each (several rows for several)."""

    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "area_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    #: For manager/staff: the area (any level; its sub-areas are included).
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))

    user: Mapped[User] = relationship(back_populates="roles")
    area = relationship("Area", lazy="joined")


class UserSession(db.Model):
    """One logged-in device (browser) of a staff user: "log out" ends only this row.

    Holds the SHA-256 of the random token in that browser's session and remember cookie, when it
    was created and last seen, and a short label ("Firefox", "Windows") — never the full
    User-Agent, never an address (issue 13 #11: no addresses next to tokens).
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 (hex) of the cookie token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The user's ``session_generation`` at login; a bump ends the session even before the row
    #: is deleted.
    generation: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Updated at most every few minutes (not a write per request); drives the idle expiry.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "Stay logged in" was ticked: valid for the remember-cookie life, not only while active.
    remember: Mapped[bool] = mapped_column(default=False)
    #: Browser and operating system names from the User-Agent ("" when not recognised).
    browser: Mapped[str] = mapped_column(String(20), default="")
    system: Mapped[str] = mapped_column(String(20), default="")

    #: The raw token, only on the object created at login (never loaded from the database).
    token = None
