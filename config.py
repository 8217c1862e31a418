"""Configuration classes read from the environment (``PARTICIPATION_*`` variables).

Safe defaults for development; :class:`ProductionConfig` refuses to start with the development
secret key (see :func:`participation.create_app`).
"""

import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET_KEY = "dev-only-not-secret"


def env(name: str, default: str | None = None) -> str | None:
    """Return the environment variable ``PARTICIPATION_<name>`` or *default*."""
    return os.environ.get(f"PARTICIPATION_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean ``PARTICIPATION_<name>`` ("1", "true", "yes" are true)."""
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Defaults shared by every environment; each value can be overridden by the environment."""

    ENV_NAME = "development"
    SECRET_KEY = env("SECRET_KEY", DEV_SECRET_KEY)
    INSTANCE_DIR = Path(env("INSTANCE_DIR", str(BASE_DIR / "instance")))
    SQLALCHEMY_DATABASE_URI = env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'participation.db'}")
    #: No ping on every checkout: ``participation/core/db.py`` pings a server connection only
    #: after it rested in the pool (``PING_IDLE_SECONDS``) and replaces one the driver knows lost.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": False}

    SITE_NAME = env("SITE_NAME", "Beteiligung Berlin")
    #: Public base URL used in e-mails and calendar files (no trailing slash).
    BASE_URL = env("BASE_URL", "http://127.0.0.1:5000")
    #: OParl 1.1 (participation/api): the one Body of this installation and its contact.
    OPARL_BODY_NAME = env("OPARL_BODY_NAME", "Bezirksamt Neukölln von Berlin")
    OPARL_BODY_SHORT_NAME = env("OPARL_BODY_SHORT_NAME", "Neukölln")
    OPARL_BODY_AGS = env("OPARL_BODY_AGS", "11000000")
    OPARL_CONTACT_EMAIL = env("OPARL_CONTACT_EMAIL", "")
    #: When the OParl interface went live (``created`` of System and Body), ISO date-time.
    OPARL_SINCE = env("OPARL_SINCE", "2026-12-01T00:00:00+00:00")
    #: JSON list of ``{"id", "name", "startDate", "endDate"}``; empty: the Berlin example.
    OPARL_LEGISLATIVE_TERMS = env("OPARL_LEGISLATIVE_TERMS", "")

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "locales")
    #: Languages offered in the switcher (German first: the default and the source of all texts);
    #: a further one only needs a catalogue in locales/ (README "Languages").
    LANGUAGES = [
        code.strip()
        for code in (env("LANGUAGES", "de,en,tr,ar") or "de,en,tr,ar").split(",")
        if code.strip()
    ]

    # Mail: "file" writes .eml files into MAIL_FILE_DIR (development); "smtp" sends for real.
    MAIL_BACKEND = env("MAIL_BACKEND", "file")
    MAIL_FILE_DIR = Path(env("MAIL_FILE_DIR", str(INSTANCE_DIR / "mail")))
    MAIL_FROM = env("MAIL_FROM", "Beteiligung <beteiligung@example.org>")
    MAIL_SMTP_HOST = env("SMTP_HOST", "localhost")
    MAIL_SMTP_PORT = int(env("SMTP_PORT", "587") or 587)
    MAIL_SMTP_USER = env("SMTP_USER")
    MAIL_SMTP_PASSWORD = env("SMTP_PASSWORD")
    MAIL_SMTP_STARTTLS = env_bool("SMTP_STARTTLS", True)
    MAIL_MAX_ATTEMPTS = int(env("MAIL_MAX_ATTEMPTS", "5") or 5)
    #: A sender claims a message for this long before sending it; a sender that dies mid-run
    #: leaves the claim, and the message is retried when it has expired.
    MAIL_CLAIM_SECONDS = int(env("MAIL_CLAIM_SECONDS", "120") or 120)
    #: Hand-over journal: ids of messages the relay accepted, written before the database
    #: commit, so a sender killed in between does not send them again (no addresses in it).
    #: Default: ``mail-handover.journal`` in the instance folder.
    MAIL_JOURNAL = env("MAIL_JOURNAL")
    #: Sent/failed messages (they hold addresses and private links) are deleted after this.
    MAIL_RETENTION_DAYS = int(env("MAIL_RETENTION_DAYS", "7") or 7)
    #: Deliver queued mail right after the request that queued it (file backend in development).
    MAIL_DELIVER_INLINE = env_bool("MAIL_DELIVER_INLINE", True)

    RATELIMIT_STORAGE_URI = env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = env("LOGIN_RATE_LIMIT", "10 per minute")
    #: werkzeug method for new password hashes. Deliberately not read from the environment:
    #: production always uses scrypt; only TestingConfig lowers it.
    PASSWORD_HASH_METHOD = "scrypt"

    WTF_CSRF_TIME_LIMIT = None  # a resident filling a long form must not lose it to a timeout
    MAX_CONTENT_LENGTH = int(env("MAX_UPLOAD_BYTES", str(40 * 1024 * 1024)) or 0)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    #: "Stay logged in" lasts this many days (Flask-Login's default is a year); revoked earlier by
    #: a password change, role change, deactivation or "log out everywhere".
    REMEMBER_COOKIE_DURATION = timedelta(days=int(env("REMEMBER_DAYS", "14") or 14))
    #: A staff session without "stay logged in" ends after this many hours without a request
    #: (its device row in ``user_sessions`` then no longer counts and is purged).
    SESSION_IDLE_HOURS = int(env("SESSION_IDLE_HOURS", "12") or 12)
    #: "basic": a session whose browser/address fingerprint changes is no longer "fresh".
    #: ("strong" would also wipe every anonymous resident session that holds a language choice
    #: or a CSRF token and send a cookie-deletion header on each response.)
    SESSION_PROTECTION = "basic"

    #: Map tiles: resident pages load nothing else from a third-party host.
    TILE_URL = env("TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    TILE_ATTRIBUTION = env(
        "TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OSM</a>'
    )
    AREA_ATTRIBUTION = env(
        "AREA_ATTRIBUTION", "Geodaten: Amt für Statistik Berlin-Brandenburg, CC-BY"
    )
    #: Small-cell suppression threshold for participation data (DOMAIN.md §3: < 5 is suppressed).
    SUPPRESSION_K = int(env("SUPPRESSION_K", "5") or 5)
    #: Author in the council report PDF's metadata (empty: "Beteiligungsbüro" in the report's
    #: language).
    REPORT_AUTHOR = env("REPORT_AUTHOR", "")
    PASSWORD_TOKEN_MAX_AGE = 60 * 60 * 24 * 3  # invitations and resets: three days

    # Contributions (pin method): spam defence, moderation, retention of contact e-mails.
    CONTRIBUTIONS_SUBMIT_RATE_LIMIT = env(
        "CONTRIBUTIONS_SUBMIT_RATE_LIMIT", "10 per minute;100 per day"
    )
    CONTRIBUTIONS_ACTION_RATE_LIMIT = env("CONTRIBUTIONS_ACTION_RATE_LIMIT", "30 per minute")
    CONTRIBUTIONS_MIN_FILL_SECONDS = int(env("CONTRIBUTIONS_MIN_FILL_SECONDS", "3") or 3)
    #: A reported contribution stays visible (queued for a moderator) unless reports come from
    #: this many distinct networks (hashed /24 or /48) within the window since the last review.
    CONTRIBUTIONS_REPORT_THRESHOLD = int(env("CONTRIBUTIONS_REPORT_THRESHOLD", "3") or 3)
    CONTRIBUTIONS_REPORT_WINDOW_HOURS = int(env("CONTRIBUTIONS_REPORT_WINDOW_HOURS", "24") or 24)
    #: "Me too" from one network counts at most this often per contribution (a household).
    CONTRIBUTIONS_SUPPORTS_PER_NETWORK = int(env("CONTRIBUTIONS_SUPPORTS_PER_NETWORK", "5") or 5)
    #: Supports and reports per hashed network (on top of the per-address action limit).
    CONTRIBUTIONS_NETWORK_RATE_LIMIT = env("CONTRIBUTIONS_NETWORK_RATE_LIMIT", "60 per hour")
    CONTRIBUTIONS_EMAIL_RETENTION_DAYS = int(env("CONTRIBUTIONS_EMAIL_RETENTION_DAYS", "30") or 30)

    # Surveys: submissions per address; life of the results page cache.
    SURVEY_SUBMIT_RATE_LIMIT = env("SURVEY_SUBMIT_RATE_LIMIT", "20 per minute;300 per day")
    #: Requests that carry an invitation code (GET or POST), per hashed client network.
    SURVEY_CODE_RATE_LIMIT = env("SURVEY_CODE_RATE_LIMIT", "10 per minute;60 per day")
    SURVEY_RESULTS_CACHE_SECONDS = int(env("SURVEY_RESULTS_CACHE_SECONDS", "60") or 60)

    # Meetings: RSVP limit per address, reminder timing of the scheduler jobs.
    MEETINGS_RSVP_RATE_LIMIT = env("MEETINGS_RSVP_RATE_LIMIT", "20 per minute")
    MEETINGS_REMINDER_HOURS = int(env("MEETINGS_REMINDER_HOURS", "48") or 48)
    MEETINGS_RSVP_REMINDER_DAYS = int(env("MEETINGS_RSVP_REMINDER_DAYS", "7") or 7)
    MEETINGS_POLL_REMINDER_DAYS = int(env("MEETINGS_POLL_REMINDER_DAYS", "2") or 2)
    MEETINGS_MINUTES_REMINDER_DAYS = int(env("MEETINGS_MINUTES_REMINDER_DAYS", "14") or 14)
    MEETINGS_ACTION_DUE_DAYS = int(env("MEETINGS_ACTION_DUE_DAYS", "3") or 3)

    #: Proxies in front of the app whose ``X-Forwarded-For/-Proto/-Host`` are trusted (werkzeug
    #: ProxyFix). 0: the headers are ignored (direct exposure; a client could fake them). Behind
    #: one load balancer: 1. Rate limits key on the client address this yields.
    TRUSTED_PROXIES = int(env("TRUSTED_PROXIES", "0") or 0)

    # Measures (feedback loop): goal level names per installation ("de|en" per level), warnings.
    MEASURES_GOAL_LEVELS = env(
        "MEASURES_GOAL_LEVELS",
        "Leitziel|Guiding goal,Handlungsziel|Action goal,Maßnahmenziel|Measure goal",
    )
    #: Contributions without an answer after this many days are warned (per process overridable).
    MEASURES_UNANSWERED_DAYS = int(env("MEASURES_UNANSWERED_DAYS", "21") or 21)

    # Caches (participation/core/cache.py): keyed on content versions in the database.
    #: Redis for a cache shared by all workers and hosts; empty: a bounded LRU per process.
    CACHE_REDIS_URL = env("CACHE_REDIS_URL", "")
    CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "participation:")
    #: Entries per worker process in the embedded LRU (pages are 10-60 KB).
    CACHE_MAX_ENTRIES = int(env("CACHE_MAX_ENTRIES", "512") or 512)
    #: Upper bound for an entry's life; correctness does not depend on it (versions do).
    CACHE_DEFAULT_SECONDS = int(env("CACHE_DEFAULT_SECONDS", "3600") or 3600)
    #: Life of a cached page: bounds how late a time-based change shows ("open until 18:00").
    CACHE_PAGE_SECONDS = int(env("CACHE_PAGE_SECONDS", "300") or 300)
    CACHE_ENABLED = env_bool("CACHE_ENABLED", True)

    #: Lease of a job lock: a scheduler killed mid-run blocks its job for at most this long.
    SCHEDULER_LOCK_SECONDS = int(env("SCHEDULER_LOCK_SECONDS", "300") or 300)

    # Operations (participation/operations/, README "Operations").
    #: The scheduler writes a heartbeat every minute; older than this counts as "not running".
    SCHEDULER_HEARTBEAT_MAX_AGE = int(env("SCHEDULER_HEARTBEAT_MAX_AGE", "180") or 180)
    #: ``/readyz`` answers 503 when the heartbeat is stale only if this is on (mail stops, pages
    #: still work: by default the web workers stay in the load balancer).
    READYZ_REQUIRE_SCHEDULER = env_bool("READYZ_REQUIRE_SCHEDULER", False)
    #: "text" (default) or "json": one JSON object per log line, tokens redacted.
    LOG_FORMAT = (env("LOG_FORMAT", "text") or "text").lower()
    #: Who residents write to about their data (shown on /privacy), e.g. the data protection
    #: officer's address.
    PRIVACY_CONTACT = env("PRIVACY_CONTACT", "")
    #: Seconds ``flask doctor`` waits for the SMTP server.
    DOCTOR_SMTP_TIMEOUT = float(env("DOCTOR_SMTP_TIMEOUT", "3") or 3)
    #: Folder of the PostgreSQL client programs used by ``flask backup``/``restore`` when they
    #: are not on PATH (Debian: /usr/lib/postgresql/<version>/bin).
    PG_BIN_DIR = env("PG_BIN_DIR", "")
    #: Open-data files for ``flask seed-demo`` (plain or .gz); the repository carries them.
    SEED_DATA_DIR = Path(env("SEED_DATA_DIR", str(BASE_DIR / "data")))


class DevelopmentConfig(Config):
    """Local development on SQLite; mail as files in ``instance/mail``."""

    DEBUG = False


class TestingConfig(Config):
    """Pytest: per-test database given by the fixtures, rate limits on (tests check them)."""

    ENV_NAME = "testing"
    TESTING = True
    WTF_CSRF_ENABLED = False
    SECRET_KEY = "testing-secret"
    #: One PBKDF2 round instead of scrypt (~0.1 s per hash): hundreds of fixture users per run.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1"


class ProductionConfig(Config):
    """Production: SMTP, hardened cookies, refuses to run with the development secret key."""

    ENV_NAME = "production"
    MAIL_BACKEND = env("MAIL_BACKEND", "smtp")
    MAIL_DELIVER_INLINE = env_bool("MAIL_DELIVER_INLINE", False)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    """Pick the config class from *name* or ``PARTICIPATION_ENV`` (default development)."""
    return CONFIGS[(name or env("ENV", "development") or "development").lower()]
