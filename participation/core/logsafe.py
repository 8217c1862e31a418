"""Request logs without personal data: no client addresses, no tokens from private links.

A tracking link (``/track/<token>``), a password link or an invitation code in a log file is as
good as the link itself, and an address next to it ties a resident to a contribution. The filter
below rewrites the records of the request loggers (Werkzeug's development server, gunicorn's
access log) before any handler formats them.
"""

import ipaddress
import logging
import re

#: Path segments that look like secrets: 16+ URL-safe characters (tokens are 22–43), or any
#: segment after a known token prefix.
_TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_-]{16,}(?=[/?#\s\"]|$)")
_AFTER_PREFIX = re.compile(
    r"(/(?:track|password/set|rsvp|invitation|invite|t|i|unsubscribe)/)[^/?#\s\"]+"
)
_SECRET_QUERY = re.compile(r"([?&](?:token|code|key|t|email)=)[^&#\s\"]*", re.IGNORECASE)
_ADDRESS = re.compile(r"(?<![\w.:])[0-9A-Fa-f.:]*[.:][0-9A-Fa-f.:]*(?![\w.:])")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
REDACTED = "[redacted]"


def redact_url(text: str) -> str:
    """*text* with token segments and secret query values replaced by ``[redacted]``."""
    text = _AFTER_PREFIX.sub(lambda m: m.group(1) + REDACTED, text)
    text = _TOKEN_SEGMENT.sub(_token_or_slug, text)
    return _SECRET_QUERY.sub(lambda m: m.group(1) + REDACTED, text)


def _token_or_slug(match: re.Match) -> str:
    segment = match.group(0)
    # "spielplatz-koernerpark" is a slug (lower case words with dashes); tokens are not.
    return segment if _SLUG.fullmatch(segment) else REDACTED


def redact_line(text: str) -> str:
    """A whole log line: URLs redacted and IPv4/IPv6 addresses removed."""
    return _ADDRESS.sub(_drop_address, redact_url(text))


def _drop_address(match: re.Match) -> str:
    candidate = match.group(0)
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return candidate  # a time (08:12:45), a version (1.1): not an address
    return "-"


class RedactingFilter(logging.Filter):
    """Rewrite a request log record in place (always lets it through)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact the message and its arguments (tuple or gunicorn's atoms dict)."""
        if isinstance(record.args, dict):
            atoms = dict(record.args)
            for key in ("h", "{x-forwarded-for}i", "{x-real-ip}i"):
                if key in atoms:
                    atoms[key] = "-"
            for key in ("r", "U", "q", "{referer}i", "f"):
                if isinstance(atoms.get(key), str):
                    atoms[key] = redact_url(atoms[key])
            record.args = atoms
        elif record.args:
            record.args = tuple(
                redact_line(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = redact_line(record.msg)
        return True


REQUEST_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def install() -> None:
    """Attach the filter to the request loggers once (idempotent)."""
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())
