"""JSON log lines (``PARTICIPATION_LOG_FORMAT=json``) and the gunicorn configuration."""

import io
import json
import logging
import runpy
import sys
from pathlib import Path

from participation.core.logsafe import RedactingFilter
from participation.operations.logjson import JsonFormatter, configure_logging, json_handler

ROOT = Path(__file__).resolve().parent.parent.parent
TOKEN = "Zq3vX9_aB7cD1eF5gH2jK4"


def _capture(logger_name: str):
    stream = io.StringIO()
    handler = json_handler(stream)
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    return stream, lambda: logger.removeHandler(handler)


def test_werkzeug_request_line_is_json_without_address_or_token():
    stream, done = _capture("werkzeug")
    logger = logging.getLogger("werkzeug")
    old_level, old_disabled = logger.level, logger.disabled
    logger.setLevel(logging.INFO)
    logger.disabled = False  # alembic's fileConfig (migrations in other tests) disables it
    try:
        logger.info(
            '%s - - [01/Dec/2026 09:00:00] "%s" %s -',
            "203.0.113.7",
            f"GET /track/{TOKEN} HTTP/1.1",
            "200",
        )
    finally:
        logger.setLevel(old_level)
        logger.disabled = old_disabled
        done()
    entry = json.loads(stream.getvalue().strip())
    assert entry["logger"] == "werkzeug" and entry["level"] == "INFO"
    assert TOKEN not in entry["message"] and "203.0.113.7" not in entry["message"]
    assert "/track/[redacted]" in entry["message"]


def test_gunicorn_access_record_becomes_fields():
    atoms = {
        "h": "203.0.113.7",
        "m": "POST",
        "U": f"/track/{TOKEN}",
        "q": f"code={TOKEN}",
        "s": "303",
        "B": 512,
        "D": 12345,
        "r": f"POST /track/{TOKEN}?code={TOKEN} HTTP/1.1",
        "t": "[01/Dec/2026:09:00:00 +0000]",
        "b": "512",
        "M": "12",
    }
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '%(t)s "%(r)s" %(s)s', atoms, None
    )
    RedactingFilter().filter(record)
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["method"] == "POST" and entry["status"] == 303 and entry["bytes"] == 512
    assert entry["path"] == "/track/[redacted]"
    assert entry["query"] == "?code=[redacted]"
    assert entry["duration_ms"] == 12.3
    assert TOKEN not in line and "203.0.113.7" not in line


def test_exceptions_are_one_json_line(app):
    try:
        raise ValueError(f"bad link /password/set/{TOKEN}")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert "ValueError" in entry["exception"] and TOKEN not in entry["exception"]


def test_configure_logging_switches_the_root_logger_once(app):
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        app.config["LOG_FORMAT"] = "json"
        configure_logging(app)
        configure_logging(app)
        marked = [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]
        assert len(marked) == 1
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in before:
            root.addHandler(handler)


def test_gunicorn_conf_has_documented_defaults(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setenv("PARTICIPATION_LOG_FORMAT", "json")
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert conf["wsgi_app"] == "wsgi:app"
    assert 2 <= conf["workers"] <= 12
    assert conf["timeout"] == 30 and conf["graceful_timeout"] == 30
    assert "%(h)s" not in conf["access_log_format"]  # no client addresses
    formatter = conf["logconfig_dict"]["formatters"]["json"]["()"]
    assert formatter == "participation.operations.logjson.JsonFormatter"
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 3
