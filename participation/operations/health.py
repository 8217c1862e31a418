"""Readiness facts shared by ``GET /readyz`` and ``flask doctor``.

Every check is cheap (one small query each) and returns no personal data, so a load balancer may
poll it every few seconds.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from participation.core.db import utcnow
from participation.core.models import AppState
from participation.extensions import db

ROOT = Path(__file__).resolve().parent.parent.parent
#: AppState key the scheduler writes its last sign of life into (ISO timestamp, UTC).
HEARTBEAT_KEY = "scheduler.heartbeat"


@lru_cache(maxsize=1)
def script_heads() -> tuple[str, ...]:
    """Head revision(s) of the migration scripts shipped with this code (read once per process)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(ROOT / "migrations"))
    return tuple(sorted(ScriptDirectory.from_config(config).get_heads()))


def database_revisions() -> tuple[str, ...]:
    """Revision(s) recorded in the database's ``alembic_version`` table (empty: none)."""
    try:
        rows = db.session.execute(text("SELECT version_num FROM alembic_version")).scalars()
        return tuple(sorted(rows))
    except SQLAlchemyError:
        db.session.rollback()
        return ()


def write_heartbeat() -> None:
    """Record that the scheduler is alive (the scheduler calls this every minute)."""
    stamp = utcnow().isoformat()
    row = db.session.get(AppState, HEARTBEAT_KEY)
    if row is None:
        db.session.add(AppState(key=HEARTBEAT_KEY, value=stamp))
    else:
        row.value = stamp
    db.session.commit()


def heartbeat_age() -> float | None:
    """Seconds since the scheduler's last heartbeat; ``None`` when it never wrote one."""
    row = db.session.get(AppState, HEARTBEAT_KEY)
    if row is None:
        return None
    try:
        stamp = datetime.fromisoformat(row.value)
    except ValueError:
        return None
    return max(0.0, (utcnow() - stamp).total_seconds())


@dataclass
class Readiness:
    """Outcome of :func:`readiness`: the JSON body and whether the app can serve."""

    ready: bool
    checks: dict


def readiness() -> Readiness:
    """Database reachable, migrations at head, scheduler heartbeat age.

    A stale heartbeat makes the app "not ready" only with ``READYZ_REQUIRE_SCHEDULER``: by default
    a stopped scheduler (no mail delivered) should not take every web worker out of the load
    balancer; ``flask doctor`` and the ``scheduler`` entry report it instead.
    """
    checks: dict = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = {"ok": True}
    except SQLAlchemyError as exc:
        db.session.rollback()
        checks["database"] = {"ok": False, "error": type(exc).__name__}
        return Readiness(False, checks)
    current, heads = database_revisions(), script_heads()
    checks["migrations"] = {"ok": current == heads, "current": list(current), "head": list(heads)}
    max_age = current_app.config["SCHEDULER_HEARTBEAT_MAX_AGE"]
    try:
        age = heartbeat_age()
    except SQLAlchemyError:
        db.session.rollback()
        age = None
    fresh = age is not None and age <= max_age
    checks["scheduler"] = {
        "ok": fresh,
        "heartbeat_age_seconds": None if age is None else round(age, 1),
        "max_age_seconds": max_age,
        "required": current_app.config["READYZ_REQUIRE_SCHEDULER"],
    }
    ready = checks["database"]["ok"] and checks["migrations"]["ok"]
    if current_app.config["READYZ_REQUIRE_SCHEDULER"]:
        ready = ready and fresh
    return Readiness(ready, checks)
