"""How many gunicorn workers run: one formula for ``gunicorn.conf.py`` and ``flask doctor``."""

import os
import re


def default_workers(cores: int | None = None) -> int:
    """``2 × cores + 1`` (gunicorn's advice for I/O-bound apps), between 2 and 12."""
    cores = cores or os.cpu_count() or 1
    return max(2, min(2 * cores + 1, 12))


def configured_workers(environ: dict[str, str] | None = None) -> int:
    """Workers gunicorn will start: ``WEB_CONCURRENCY``, ``--workers`` in ``GUNICORN_CMD_ARGS``,
    else :func:`default_workers` (the value ``gunicorn.conf.py`` uses)."""
    environ = os.environ if environ is None else environ
    value = environ.get("WEB_CONCURRENCY", "").strip()
    if value.isascii() and value.isdigit():
        return int(value)
    match = re.search(r"(?:--workers[= ]|-w\s*)(\d+)", environ.get("GUNICORN_CMD_ARGS", ""))
    if match:
        return int(match.group(1))
    return default_workers()
