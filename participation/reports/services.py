"""Writes of the reports package: queue and run generation jobs, archive versions, publish.

The archive is immutable: :func:`archive_version` inserts a version with its PDF and hash once;
nothing here (or anywhere, see the ``before_update`` guard in models.py) changes them later.
Publication is a separate, audited step by staff.

Jobs run either in the scheduler (``reports-jobs``, every 15 s) or, when no scheduler is alive
(development without ``make run``), in a background thread started by the page that queued the job
(:func:`start_background`). Both call :func:`run_job`, which claims a job with an atomic
``UPDATE … WHERE state = 'queued'``, so a job never runs twice.
"""

import hashlib
import logging
import threading
from datetime import date, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, update

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.reports.models import LANGUAGES, ReportJob, ReportVersion

log = logging.getLogger(__name__)
#: A scheduler heartbeat younger than this means the scheduler will pick the job up.
SCHEDULER_ALIVE_SECONDS = 150


def _check_scope(process, area, start: date | None, end: date | None, language: str) -> None:
    if process is None and area is None:
        raise ServiceError(_("Choose a process or an area."), field="process_id")
    if area is not None and process is None and not (start and end):
        raise ServiceError(_("An area report needs a start and an end date."), field="start")
    if start and end and end < start:
        raise ServiceError(_("The end date lies before the start date."), field="end")
    if language not in LANGUAGES:
        raise ServiceError(_("Choose German or English."), field="language")


def queue_job(process=None, area=None, start=None, end=None, language="de", user=None) -> ReportJob:
    """Queue the generation of a report; returns the job (flushed)."""
    _check_scope(process, area, start, end, language)
    job = ReportJob(
        process_id=process.id if process else None,
        area_id=area.id if area else None,
        period_start=start,
        period_end=end,
        language=language,
        created_by_id=getattr(user, "id", None),
        message=_("Waiting to start"),
    )
    db.session.add(job)
    db.session.flush()
    log_action("report.queue", job, user=user, language=language)
    return job


def build_pdf(process=None, area=None, start=None, end=None, language="de", progress=None):
    """Gather the figures and render the PDF in *language*; returns ``(data, pdf bytes)``."""
    from participation.reports.data import gather
    from participation.reports.pdf import render_pdf

    report = progress or (lambda _p, _s: None)
    with force_locale(language):
        report(10, _("Counting contributions"))
        data = gather(process, area, start, end, language)
        report(50, _("Writing the report"))
        pdf = render_pdf(data, report)
    return data, pdf


def archive_version(
    *,
    title: str,
    pdf: bytes,
    process=None,
    area=None,
    start=None,
    end=None,
    language="de",
    user=None,
) -> ReportVersion:
    """Insert an immutable draft version with its SHA-256 (flushed, audited)."""
    version = ReportVersion(
        process_id=process.id if process else None,
        area_id=area.id if area else None,
        period_start=start,
        period_end=end,
        language=language,
        title=title[:300],
        created_by_id=getattr(user, "id", None),
        state="draft",
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        pdf=pdf,
    )
    db.session.add(version)
    db.session.flush()
    log_action("report.archive", version, user=user, sha256=version.sha256, size=version.size)
    return version


def generate_version(
    process=None, area=None, start=None, end=None, language="de", user=None, progress=None
) -> ReportVersion:
    """Build and archive a report in one go (CLI, scheduler, demo)."""
    _check_scope(process, area, start, end, language)
    data, pdf = build_pdf(process, area, start, end, language, progress)
    return archive_version(
        title=data.title,
        pdf=pdf,
        process=process,
        area=area,
        start=start,
        end=end,
        language=language,
        user=user,
    )


def publish_version(version: ReportVersion, user) -> ReportVersion:
    """Publish a draft version (public archive, OParl); logged. Publishing twice is refused."""
    if version.state == "published":
        raise ServiceError(_("This version is already published."))
    version.state = "published"
    version.published_at = utcnow()
    version.published_by_id = getattr(user, "id", None)
    db.session.flush()
    log_action("report.publish", version, user=user, sha256=version.sha256)
    try:
        from participation.core.cache import bump

        bump("reports")
    except ImportError:  # pragma: no cover — the cache module is part of core
        pass
    return version


def _set(job_id: int, **values) -> None:
    """Store job progress in its own short transaction so the polling page sees it at once."""
    db.session.execute(update(ReportJob).where(ReportJob.id == job_id).values(**values))
    db.session.commit()


def run_job(job_id: int) -> bool:
    """Claim a queued job and run it to ``done`` or ``failed``; False when already claimed."""
    claimed = db.session.execute(
        update(ReportJob)
        .where(ReportJob.id == job_id, ReportJob.state == "queued")
        .values(state="running", started_at=utcnow(), progress=5)
    )
    db.session.commit()
    if claimed.rowcount != 1:
        return False
    job = db.session.get(ReportJob, job_id)
    from participation.areas.models import Area
    from participation.processes.models import Process

    process = db.session.get(Process, job.process_id) if job.process_id else None
    area = db.session.get(Area, job.area_id) if job.area_id else None
    user = None
    if job.created_by_id:
        from participation.accounts.models import User

        user = db.session.get(User, job.created_by_id)
    try:

        def progress(percent: int, step: str) -> None:
            _set(job_id, progress=percent, message=str(step))

        version = generate_version(
            process, area, job.period_start, job.period_end, job.language, user, progress
        )
        version_id = version.id
        db.session.commit()
        with force_locale(job.language):
            done = _("Finished")
        _set(
            job_id,
            state="done",
            progress=100,
            version_id=version_id,
            message=done,
            finished_at=utcnow(),
        )
    except Exception as exc:  # noqa: BLE001 — a failed report must not kill the scheduler
        db.session.rollback()
        log.exception("report job %s failed", job_id)
        with force_locale(job.language):
            message = _("The report could not be generated (%(error)s).", error=type(exc).__name__)
        _set(job_id, state="failed", message=message, finished_at=utcnow())
    return True


#: A job still "running" after this long lost its worker (process killed, restart).
STALE_AFTER = timedelta(minutes=15)


def fail_stale_jobs(now=None) -> int:
    """Mark jobs whose worker died as failed, so their page stops polling and says so."""
    now = now or utcnow()
    stale = list(
        db.session.scalars(
            select(ReportJob).where(
                ReportJob.state == "running", ReportJob.started_at < now - STALE_AFTER
            )
        )
    )
    for job in stale:
        with force_locale(job.language):
            message = _("The report could not be generated (%(error)s).", error="timeout")
        _set(job.id, state="failed", message=message, finished_at=now)
    return len(stale)


def run_queued(limit: int = 5) -> int:
    """Run up to *limit* queued jobs, oldest first (the scheduler calls this)."""
    fail_stale_jobs()
    ids = list(
        db.session.scalars(
            select(ReportJob.id)
            .where(ReportJob.state == "queued")
            .order_by(ReportJob.id)
            .limit(limit)
        )
    )
    return sum(1 for job_id in ids if run_job(job_id))


def scheduler_alive() -> bool:
    """True when a scheduler wrote its heartbeat recently (it will pick queued jobs up)."""
    try:
        from participation.operations.health import heartbeat_age
    except ImportError:  # pragma: no cover
        return False
    age = heartbeat_age()
    return age is not None and age < SCHEDULER_ALIVE_SECONDS


def start_background(job_id: int) -> threading.Thread | None:
    """Run *job_id* in a thread of this process unless a scheduler will (development, tests)."""
    if current_app.config.get("REPORTS_RUN_INLINE"):
        run_job(job_id)
        return None
    if scheduler_alive():
        return None
    app = current_app._get_current_object()

    def work() -> None:
        with app.app_context():
            try:
                run_job(job_id)
            finally:
                db.session.remove()

    thread = threading.Thread(target=work, name=f"report-job-{job_id}", daemon=True)
    thread.start()
    return thread


def _register_audit_labels() -> None:
    from flask_babel import lazy_gettext as _l

    from participation.core.audit_labels import register_action_labels

    register_action_labels(
        {
            "report.queue": _l("Council report requested"),
            "report.archive": _l("Council report archived"),
            "report.publish": _l("Council report published"),
        }
    )


_register_audit_labels()
