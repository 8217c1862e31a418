"""``GET /readyz`` and the clean 503 page while the database is unreachable."""

import logging
import sqlite3

from flask import current_app, jsonify
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from participation.core.web import render_error
from participation.extensions import csrf, db, limiter
from participation.operations.health import readiness
from participation.operations.views import bp

log = logging.getLogger(__name__)

#: Seconds a client (or a proxy) should wait before retrying after a database outage.
RETRY_AFTER = "5"


@bp.route("/readyz")
@limiter.exempt
@csrf.exempt
def readyz():
    """Readiness probe: JSON with database, migrations and scheduler heartbeat; 503 if not ready."""
    result = readiness()
    body = {"status": "ok" if result.ready else "unavailable", "checks": result.checks}
    response = jsonify(body)
    response.status_code = 200 if result.ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _outage_page():
    # The normal template needs the user from the database too; if that fails, a plain page.
    try:
        return render_error(503)
    except Exception:  # noqa: BLE001 - anything here must still end in a 503
        return (
            "<!doctype html><html lang=de><title>503</title><h1>Kurz nicht erreichbar</h1>"
            "<p>Bitte versuchen Sie es in einer Minute noch einmal.</p></html>",
            503,
        )


def _driver_errors() -> list[type[Exception]]:
    """The drivers' own "connection lost" errors: code on a raw DBAPI connection (the cache's
    version query) sees them unwrapped by SQLAlchemy."""
    found: list[type[Exception]] = [sqlite3.OperationalError]
    try:
        import psycopg

        found.append(psycopg.OperationalError)
    except ImportError:  # pragma: no cover - PostgreSQL driver not installed
        pass
    return found


def _drop_session() -> None:
    """End the request's session without touching the dead connection again.

    A rollback on a connection the server closed raises too; left to the teardown it would turn
    this 503 into gunicorn's bare 500. Invalidate discards the connections without a round trip.
    """
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone
        try:
            db.session().invalidate()
        except Exception:  # noqa: BLE001
            log.debug("session invalidate failed", exc_info=True)
    try:
        db.session.remove()
    except Exception:  # noqa: BLE001
        log.debug("session remove failed", exc_info=True)


def database_unavailable(exc):
    """The database went away (restart, failover): 503 with Retry-After, the pool recovers.

    The pool replaces dead connections on their next checkout (``core/db.py``: a lost one at once,
    an idle one after a ping), so no restart is needed.
    """
    # the driver message tells an outage ("server closed the connection") from a schema error
    log.warning("database unavailable: %s: %s", type(exc).__name__, str(exc)[:300])
    _drop_session()
    body, _code = _outage_page()
    response = current_app.make_response((body, 503))
    response.headers["Retry-After"] = RETRY_AFTER
    response.headers["Cache-Control"] = "no-store"
    return response


for _error in (OperationalError, DisconnectionError, PoolTimeout, *_driver_errors()):
    bp.app_errorhandler(_error)(database_unavailable)
