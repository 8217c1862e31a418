"""Scheduler jobs: work off queued report jobs; a monthly report per open process into the archive.

Both are idempotent: a job is claimed atomically before it runs, and the monthly run skips a
process that already has a scheduler-made version this month (so a second scheduler, or a run
every few hours, adds nothing).
"""

import logging
from datetime import UTC, datetime

from sqlalchemy import select

from participation.core.db import utcnow
from participation.extensions import db
from participation.reports.models import ReportVersion
from participation.reports.services import generate_version, run_queued
from participation.scheduler import JOBS

log = logging.getLogger(__name__)


def run_report_jobs() -> int:
    """Run queued report jobs (staff pressed "Generate")."""
    return run_queued()


def monthly_reports(now: datetime | None = None) -> int:
    """Archive this month's report of every running process once; returns how many were made."""
    from participation.processes.models import Process

    now = now or utcnow()
    month_start = datetime(now.year, now.month, 1, tzinfo=UTC)
    done = set(
        db.session.scalars(
            select(ReportVersion.process_id).where(
                ReportVersion.created_by_id.is_(None),
                ReportVersion.created_at >= month_start,
                ReportVersion.area_id.is_(None),
                ReportVersion.process_id.is_not(None),
            )
        )
    )
    made = 0
    for process in db.session.scalars(
        select(Process).where(Process.status == "published").order_by(Process.id)
    ):
        if process.id in done:
            continue
        try:
            generate_version(process, language="de")
            db.session.commit()
            made += 1
        except Exception:  # noqa: BLE001 — one broken process must not stop the others
            db.session.rollback()
            log.exception("monthly report for process %s failed", process.id)
    return made


JOBS["reports-jobs"] = (run_report_jobs, 15)
JOBS["reports-monthly"] = (monthly_reports, 6 * 3600)
