"""``flask doctor``: one line per misconfiguration with its fix; non-zero exit gates a deploy.

Each check returns :class:`Finding` objects; ``ok`` lines say what was verified, problem lines
say what to change. The checks only read configuration and the database (the SMTP check opens a
connection with a short timeout and sends ``NOOP``; nothing is sent).
"""

import os
import smtplib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from config import DEV_SECRET_KEY
from participation.extensions import db
from participation.operations import health
from participation.operations.workers import configured_workers

#: Shorter secrets can be brute-forced offline from one signed cookie.
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class Finding:
    """One line of the report: *ok* or a problem with its *fix*."""

    ok: bool
    check: str
    message: str
    fix: str = ""

    def line(self) -> str:
        """``ok   check: message`` or ``FAIL check: message → fix``."""
        if self.ok:
            return f"ok   {self.check}: {self.message}"
        return f"FAIL {self.check}: {self.message} → {self.fix}"


def _production() -> bool:
    return current_app.config["ENV_NAME"] == "production"


def check_secret() -> list[Finding]:
    """The session/cookie signing key must not be the development one (nor short) in production."""
    key = current_app.config.get("SECRET_KEY") or ""
    if not _production():
        return [Finding(True, "secret key", "not production: development key allowed")]
    if key == DEV_SECRET_KEY or len(key) < MIN_SECRET_LENGTH:
        return [
            Finding(
                False,
                "secret key",
                "development or short secret key in production",
                "set PARTICIPATION_SECRET_KEY to a random value of 32+ characters, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'",
            )
        ]
    return [Finding(True, "secret key", "set")]


def check_base_url() -> list[Finding]:
    """Links in e-mails must be https in production (tracking and password links)."""
    url = current_app.config.get("BASE_URL") or ""
    if _production() and urlsplit(url).scheme != "https":
        return [
            Finding(
                False,
                "base URL",
                f"{url or '(empty)'} is not https",
                "set PARTICIPATION_BASE_URL=https://your-host (links in e-mails use it)",
            )
        ]
    return [Finding(True, "base URL", url)]


def check_smtp() -> list[Finding]:
    """The SMTP server answers (short timeout) when mail goes out by SMTP."""
    cfg = current_app.config
    if cfg["MAIL_BACKEND"] != "smtp":
        return [Finding(True, "smtp", f"mail backend {cfg['MAIL_BACKEND']!r}: no SMTP used")]
    host, port = cfg["MAIL_SMTP_HOST"], cfg["MAIL_SMTP_PORT"]
    try:
        with smtplib.SMTP(host, port, timeout=cfg["DOCTOR_SMTP_TIMEOUT"]) as smtp:
            code, _ = smtp.noop()
        if code != 250:
            raise smtplib.SMTPException(f"NOOP answered {code}")
    except (OSError, smtplib.SMTPException) as exc:
        return [
            Finding(
                False,
                "smtp",
                f"{host}:{port} unreachable ({type(exc).__name__}: {exc})",
                "check PARTICIPATION_SMTP_HOST/PARTICIPATION_SMTP_PORT and the firewall; "
                "mail stays queued in the outbox until it works",
            )
        ]
    return [Finding(True, "smtp", f"{host}:{port} answers")]


def check_rate_limit_storage() -> list[Finding]:
    """``memory://`` counts per worker: with several workers every limit is multiplied."""
    storage = current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    explicit = "WEB_CONCURRENCY" in os.environ or "GUNICORN_CMD_ARGS" in os.environ
    workers = configured_workers()
    if storage.startswith("memory") and workers > 1 and (_production() or explicit):
        return [
            Finding(
                False,
                "rate limits",
                f"memory storage with {workers} workers (each counts alone)",
                "set PARTICIPATION_RATELIMIT_STORAGE_URI=redis://host:6379/0 "
                "(or run one worker: WEB_CONCURRENCY=1)",
            )
        ]
    return [Finding(True, "rate limits", f"storage {storage.split('://')[0]}, {workers} worker(s)")]


def check_tiles() -> list[Finding]:
    """OpenStreetMap's public tile servers are not for production use (tile usage policy)."""
    host = urlsplit(current_app.config.get("TILE_URL") or "").hostname or ""
    if _production() and host.endswith("openstreetmap.org"):
        return [
            Finding(
                False,
                "map tiles",
                f"public OSM tiles ({host}) in production",
                "set PARTICIPATION_TILE_URL to your own or a contracted tile server "
                "(and PARTICIPATION_TILE_ATTRIBUTION)",
            )
        ]
    return [Finding(True, "map tiles", host or "(none)")]


def check_database() -> list[Finding]:
    """The database answers and its schema is at the head of the migrations."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        db.session.rollback()
        return [
            Finding(
                False,
                "database",
                f"unreachable ({type(exc).__name__})",
                "check PARTICIPATION_DATABASE_URL and that the database server runs",
            )
        ]
    found = [Finding(True, "database", db.engine.url.get_backend_name() + " reachable")]
    current, heads = health.database_revisions(), health.script_heads()
    if current != heads:
        found.append(
            Finding(
                False,
                "migrations",
                f"database at {', '.join(current) or 'none'}, code at {', '.join(heads)}",
                "run: flask --app wsgi db upgrade",
            )
        )
    else:
        found.append(Finding(True, "migrations", f"at head {', '.join(heads)}"))
    return found


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError:
        return False
    return True


def check_instance() -> list[Finding]:
    """Photos, mail files and the SQLite database live under the instance folder."""
    cfg = current_app.config
    folders = [Path(cfg["INSTANCE_DIR"]), Path(cfg["INSTANCE_DIR"]) / "uploads"]
    if cfg["MAIL_BACKEND"] == "file":
        folders.append(Path(cfg["MAIL_FILE_DIR"]))
    bad = [str(f) for f in folders if not _writable(f)]
    if bad:
        return [
            Finding(
                False,
                "instance folder",
                f"not writable: {', '.join(bad)}",
                "give the app's user write access (chown) or set PARTICIPATION_INSTANCE_DIR",
            )
        ]
    return [Finding(True, "instance folder", f"{folders[0]} writable")]


def check_scheduler() -> list[Finding]:
    """A scheduler (``flask scheduler run``) wrote its heartbeat recently."""
    max_age = current_app.config["SCHEDULER_HEARTBEAT_MAX_AGE"]
    try:
        age = health.heartbeat_age()
    except SQLAlchemyError:
        db.session.rollback()
        age = None
    if age is None or age > max_age:
        seen = "never" if age is None else f"{int(age)} s ago"
        return [
            Finding(
                False,
                "scheduler",
                f"no heartbeat within {max_age} s (last: {seen}); e-mails are not delivered",
                "run exactly one `flask --app wsgi scheduler run` (systemd unit or container)",
            )
        ]
    return [Finding(True, "scheduler", f"heartbeat {int(age)} s ago")]


CHECKS: list[Callable[[], list[Finding]]] = [
    check_secret,
    check_base_url,
    check_database,
    check_instance,
    check_rate_limit_storage,
    check_tiles,
    check_smtp,
    check_scheduler,
]


def run_checks() -> list[Finding]:
    """Every check in order; a check that crashes is reported as a problem, not a traceback."""
    found: list[Finding] = []
    for check in CHECKS:
        try:
            found.extend(check())
        except (OSError, SQLAlchemyError, ValueError) as exc:
            db.session.rollback()
            name = check.__name__.removeprefix("check_")
            found.append(Finding(False, name, f"check failed: {exc}", "see the message"))
    return found
