"""Device sessions of staff users (issue 13 #6): one row per logged-in browser.

"Abmelden" ends this device only; "Auf allen anderen Geräten abmelden" and the end button per
device on the account page end the others; a password change or reset, a role change,
deactivation, GDPR erase and "log out everywhere" end them all. The browser holds a random token
(in the signed session cookie and, with "stay logged in", the remember cookie); the table holds
its SHA-256. A session is valid while its row exists, its generation equals the user's, and it
has not expired (:func:`expires_at`).
"""

import hashlib
import logging
import re
import secrets
from datetime import datetime, timedelta

from flask import current_app, g
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from participation.accounts.models import User, UserSession
from participation.core.audit import log_action
from participation.core.audit_labels import register_action_labels
from participation.core.db import utcnow
from participation.extensions import db

log = logging.getLogger(__name__)

#: ``last_seen_at`` is written at most this often per device (not on every request).
TOUCH_INTERVAL = timedelta(minutes=5)
#: Without "stay logged in", a session ends after this many hours without a request
#: (``SESSION_IDLE_HOURS``), e.g. a browser left open on a shared computer.
DEFAULT_IDLE_HOURS = 12

# (pattern, name), first match wins: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = [
    (re.compile(r"Edg(e|A|iOS)?/"), "Edge"),
    (re.compile(r"OPR/|Opera"), "Opera"),
    (re.compile(r"SamsungBrowser/"), "Samsung Internet"),
    (re.compile(r"Firefox/|FxiOS/"), "Firefox"),
    (re.compile(r"Chromium/"), "Chromium"),
    (re.compile(r"Chrome/|CriOS/"), "Chrome"),
    (re.compile(r"Version/[\d.]+.*Safari/"), "Safari"),
]
_SYSTEMS = [
    (re.compile(r"Windows"), "Windows"),
    (re.compile(r"iPhone"), "iPhone"),
    (re.compile(r"iPad"), "iPad"),
    (re.compile(r"Android"), "Android"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Macintosh|Mac OS X"), "macOS"),
    (re.compile(r"Linux"), "Linux"),
]


def device_names(user_agent: str | None) -> tuple[str, str]:
    """``(browser, system)`` names from a User-Agent header ("" when not recognised).

    Only these two short names are kept: the full header is a fingerprint.
    """
    agent = (user_agent or "")[:512]

    def first(patterns) -> str:
        return next((name for pattern, name in patterns if pattern.search(agent)), "")

    return first(_BROWSERS), first(_SYSTEMS)


def token_hash(token: str) -> str:
    """The stored form of a session token."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()  # (any cookie text)


def start_session(user: User, user_agent: str | None = None, remember: bool = False) -> str:
    """A new device session for *user* (at login); returns the raw token (flushed, not committed).

    The token (256 random bits) goes into the cookies only; ``user.current_session`` is set so
    that Flask-Login's ``login_user`` puts it there.
    """
    token = secrets.token_urlsafe(32)
    browser, system = device_names(user_agent)
    now = utcnow()
    row = UserSession(
        user_id=user.id,
        token_hash=token_hash(token),
        generation=user.session_generation or 0,
        created_at=now,
        last_seen_at=now,
        remember=bool(remember),
        browser=browser,
        system=system,
    )
    db.session.add(row)
    db.session.flush()
    row.token = token
    user.current_session = row
    return token


def _idle() -> timedelta:
    return timedelta(hours=current_app.config.get("SESSION_IDLE_HOURS") or DEFAULT_IDLE_HOURS)


def expires_at(row: UserSession) -> datetime:
    """When *row* stops counting: idle time after the last request, or the remember-cookie life
    after login when "stay logged in" was ticked (whichever is later)."""
    end = row.last_seen_at + _idle()
    if row.remember:
        end = max(end, row.created_at + current_app.config["REMEMBER_COOKIE_DURATION"])
    return end


def load_session_user(token: str) -> User | None:
    """The user of a valid session *token*, with ``current_session`` set; else None.

    One indexed query (user and session row joined) on every request of a logged-in user.
    ``last_seen_at`` is written at most every :data:`TOUCH_INTERVAL`, after the view
    (:func:`touch_after_request`), never in the middle of the view's own transaction.
    """
    if not token or len(token) > 100:
        return None
    found = db.session.execute(
        select(User, UserSession)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == token_hash(token))
    ).first()
    if found is None:
        return None
    user, row = found
    now = utcnow()
    if not user.active or row.generation != (user.session_generation or 0):
        return None
    if expires_at(row) <= now:
        return None
    if now - row.last_seen_at >= TOUCH_INTERVAL:
        g.touch_session_id = row.id  # written after the view, see touch_after_request
    row.token = token
    user.current_session = row
    return user


def touch_after_request(response):
    """After a request whose session was last seen long enough ago: store ``last_seen_at``.

    The view has committed its work by now; anything left uncommitted would be rolled back at
    the end of the request anyway, so it is dropped first (as ``core.mail`` does), and the
    update runs in a short transaction of its own.
    """
    session_id = g.pop("touch_session_id", None)
    if session_id is None or response.is_streamed:
        # a streamed body (CSV) still reads through the session: the next request touches it
        return response
    db.session.rollback()
    try:
        db.session.execute(
            update(UserSession).where(UserSession.id == session_id).values(last_seen_at=utcnow()),
            execution_options={"synchronize_session": False},
        )
        db.session.commit()
    except SQLAlchemyError:  # bookkeeping only: the page itself was fine (next request retries)
        db.session.rollback()
        log.warning("could not store last_seen_at of session %s", session_id, exc_info=True)
    return response


def active_sessions(user: User) -> list[UserSession]:
    """The user's devices that are still logged in, most recently active first."""
    rows = db.session.scalars(
        select(UserSession)
        .where(
            UserSession.user_id == user.id,
            UserSession.generation == (user.session_generation or 0),
        )
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).all()
    now = utcnow()
    return [row for row in rows if expires_at(row) > now]


def end_current_session(user: User) -> None:
    """ "Abmelden": delete this device's row (copies of its cookies stop working too)."""
    row = user.current_session
    if row is not None and row.id is not None:
        db.session.execute(delete(UserSession).where(UserSession.id == row.id))
        user.current_session = None


def end_device(user: User, session_id: int) -> bool:
    """End one of *user*'s device sessions; False when it was not (or no longer) logged in."""
    result = db.session.execute(
        delete(UserSession).where(UserSession.id == session_id, UserSession.user_id == user.id)
    )
    if result.rowcount:
        log_action("user.device_logged_out", user, user=user, session=session_id)
    return bool(result.rowcount)


def end_other_sessions(user: User) -> int:
    """End every device session of *user* but the current one; returns how many ended."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    current = user.current_session
    if current is not None and current.id is not None:
        query = query.where(UserSession.id != current.id)
    count = db.session.execute(query).rowcount
    log_action("user.other_devices_logged_out", user, user=user, count=count)
    return count


def end_all_sessions(user: User) -> None:
    """Delete every device session of *user* and bump the generation (no audit entry)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    user.session_generation = (user.session_generation or 0) + 1
    user.current_session = None


def purge_expired_sessions() -> int:
    """Delete expired sessions and those of an older generation; commits; returns the count.

    A row is expired when it is idle beyond ``SESSION_IDLE_HOURS`` and, for "stay logged in",
    also older than the remember-cookie life — the same rule as :func:`expires_at`.
    """
    now = utcnow()
    idle_cutoff = now - _idle()
    remember_cutoff = now - current_app.config["REMEMBER_COOKIE_DURATION"]
    stale_generation = select(User.id).where(
        User.id == UserSession.user_id, User.session_generation != UserSession.generation
    )
    result = db.session.execute(
        delete(UserSession).where(
            or_(
                and_(
                    UserSession.last_seen_at < idle_cutoff,
                    or_(~UserSession.remember, UserSession.created_at < remember_cutoff),
                ),
                stale_generation.exists(),
            )
        ),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    return result.rowcount


register_action_labels(
    {
        "user.sessions_revoked": _l("Logged out on all devices"),
        "user.device_logged_out": _l("One device logged out"),
        "user.other_devices_logged_out": _l("Logged out on all other devices"),
    }
)
