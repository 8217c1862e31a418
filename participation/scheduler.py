"""One APScheduler process (``flask scheduler run``) running plain job functions under DB locks.

The lock is a lease row per job: an UPDATE that only succeeds when the lease has expired, which is
atomic on SQLite and PostgreSQL alike, so a second scheduler started by mistake skips the job
instead of sending every e-mail twice.
"""

import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from participation.core.db import utcnow
from participation.core.models import JobLock
from participation.extensions import db

log = logging.getLogger(__name__)


def _deliver_mail() -> None:
    from participation.core.delivery import deliver_pending

    deliver_pending()


def _heartbeat() -> None:
    from participation.operations.health import write_heartbeat

    write_heartbeat()


#: name → (function, interval in seconds). Modules add their jobs from their ``tasks.py``.
#: ``heartbeat`` lets ``/readyz`` and ``flask doctor`` see that a scheduler is running.
JOBS: dict[str, tuple[Callable[[], None], int]] = {
    "deliver-mail": (_deliver_mail, 30),
    "heartbeat": (_heartbeat, 60),
}

OWNER = f"{socket.gethostname()}:{os.getpid()}"


def acquire_lock(name: str, owner: str = OWNER, seconds: int | None = None) -> bool:
    """Take the lease for job *name*; False when another live scheduler holds it."""
    seconds = seconds or current_app.config["SCHEDULER_LOCK_SECONDS"]
    now = utcnow()
    if db.session.get(JobLock, name) is None:
        try:
            db.session.add(JobLock(name=name))
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
    result = db.session.execute(
        update(JobLock)
        .where(JobLock.name == name)
        .where((JobLock.locked_until.is_(None)) | (JobLock.locked_until < now))
        .values(owner=owner, locked_until=now + timedelta(seconds=seconds))
    )
    db.session.commit()
    return result.rowcount == 1


def release_lock(name: str, owner: str = OWNER) -> None:
    """Give the lease back and record the run."""
    db.session.execute(
        update(JobLock)
        .where(JobLock.name == name, JobLock.owner == owner)
        .values(locked_until=None, last_run_at=utcnow())
    )
    db.session.commit()


def run_job(name: str, owner: str = OWNER) -> bool:
    """Run job *name* once if its lock can be taken; return whether it ran."""
    func, _ = JOBS[name]
    if not acquire_lock(name, owner):
        log.info("job %s skipped: locked by another scheduler", name)
        return False
    try:
        func()
    finally:
        db.session.rollback()
        release_lock(name, owner)
    return True


def run_forever() -> None:
    """Start the blocking scheduler with every registered job."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    app = current_app._get_current_object()
    scheduler = BlockingScheduler(timezone="Europe/Berlin")

    def wrapped(job_name: str) -> None:
        with app.app_context():
            try:
                run_job(job_name)
            except Exception:  # keep the scheduler alive; the error is logged
                log.exception("job %s failed", job_name)

    for job_name, (_, interval) in JOBS.items():
        scheduler.add_job(
            wrapped,
            "interval",
            seconds=interval,
            args=[job_name],
            id=job_name,
            max_instances=1,
            coalesce=True,
            next_run_time=utcnow(),
        )
    log.info("scheduler %s running jobs: %s", OWNER, ", ".join(JOBS))
    scheduler.start()
