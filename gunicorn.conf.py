"""Gunicorn settings for production: ``gunicorn -c gunicorn.conf.py`` (README "Operations").

Every value can be overridden by the environment (``WEB_CONCURRENCY``, ``GUNICORN_*`` below) or
by ``GUNICORN_CMD_ARGS``. Run behind a reverse proxy that terminates TLS and set
``PARTICIPATION_TRUSTED_PROXIES=1`` so rate limits see the residents' addresses.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from participation.operations.workers import configured_workers  # noqa: E402

wsgi_app = "wsgi:app"
#: Loopback by default: the reverse proxy on the same host forwards to it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

#: ``WEB_CONCURRENCY``, else 2 × cores + 1 (between 2 and 12). ``flask doctor`` uses the same
#: number to warn about per-worker (memory) rate-limit storage.
workers = configured_workers()
#: Threads per worker: requests mostly wait on the database, so a few threads per process.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

#: A request taking longer is killed and the worker restarted (PDF exports stay well below).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
#: On SIGTERM (deploy, restart) workers finish their requests for up to this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
#: Keep-alive with the reverse proxy.
keepalive = 5
#: Recycle workers now and then so slow leaks never add up; jitter avoids all restarting at once.
#: Not too often: a new worker imports and configures the app again (1.5–3 CPU seconds on the
#: 2-core box) and starts with an empty page cache. At 2,000 that was about 1 ms of CPU per request
#: under a newspaper-link surge — as much as a cache hit itself — and the workers, started
#: together, restarted in bursts that took whole seconds of both cores (issue 15).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
#: Workers import the app themselves: no database connections are shared across fork().
preload_app = False
#: Worker heartbeat files in memory (containers often have a slow or read-only /tmp).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
#: No client address (%(h)s) and no user agent: the log must not tie a person to a private link.
#: Paths are redacted (tokens in /track/… and other private links) by participation.core.logsafe.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'

if os.environ.get("PARTICIPATION_LOG_FORMAT", "").lower() == "json":
    #: One JSON object per line for gunicorn's own logs as well (the app configures its loggers).
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "participation.operations.logjson.JsonFormatter"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            },
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            },
        },
        "root": {"level": "INFO", "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        },
    }
