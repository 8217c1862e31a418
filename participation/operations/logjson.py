"""``PARTICIPATION_LOG_FORMAT=json``: one JSON object per log line, for log collectors.

Messages pass through the same redaction as the request log (:mod:`participation.core.logsafe`):
no client addresses, no tokens from private links. Gunicorn's access log records (``args`` is its
dict of atoms) become fields: method, path, status, bytes, duration.
"""

import json
import logging
import sys
from datetime import UTC, datetime

from flask import Flask
from flask.logging import default_handler

from participation.core.logsafe import redact_line, redact_url

_MARK = "_participation_json"


class JsonFormatter(logging.Formatter):
    """Format a record as one line of JSON (UTF-8, no newlines inside)."""

    def format(self, record: logging.LogRecord) -> str:
        """``{"time", "level", "logger", "message", …}``; exceptions as ``exception`` text."""
        entry: dict = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
        }
        atoms = record.args if isinstance(record.args, dict) else None
        if atoms is not None and "s" in atoms and "m" in atoms:  # gunicorn access log
            entry.update(
                message="request",
                method=atoms.get("m"),
                path=redact_url(str(atoms.get("U", ""))),
                query=redact_url("?" + str(atoms.get("q", ""))) if atoms.get("q") else "",
                status=_int(atoms.get("s")),
                bytes=_int(atoms.get("B")),
                duration_ms=round(_int(atoms.get("D")) / 1000, 1),
            )
        else:
            entry["message"] = redact_line(record.getMessage())
        if record.exc_info:
            entry["exception"] = redact_line(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def json_handler(stream=None) -> logging.Handler:
    """A stream handler (stderr by default) with :class:`JsonFormatter`."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter())
    setattr(handler, _MARK, True)
    return handler


def configure_logging(app: Flask) -> None:
    """Switch the root logger to JSON lines when ``LOG_FORMAT`` is ``json`` (idempotent)."""
    if app.config.get("LOG_FORMAT") != "json":
        return
    root = logging.getLogger()
    if not any(getattr(h, _MARK, False) for h in root.handlers):
        for handler in list(root.handlers):
            root.removeHandler(handler)
        root.addHandler(json_handler())
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    app.logger.removeHandler(default_handler)  # propagate to the JSON root handler instead
