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
    #: Part of the id in every session and remember cookie (``"<id>:<generation>"``); bumping it
    #: (password change, role change, deactivation, "log out everywhere") revokes them all.
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

    def get_id(self) -> str:
        """Flask-Login's session id: ``"<id>:<session generation>"`` (revocable)."""
        return f"{self.id}:{self.session_generation or 0}"

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
