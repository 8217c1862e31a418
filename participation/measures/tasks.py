"""Scheduled jobs: the daily digest to contributors, the weekly "unanswered" e-mail to owners."""

from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from participation.accounts.models import User
from participation.contributions.models import Contribution
from participation.core.db import utcnow
from participation.core.mail import queue_mail
from participation.extensions import db
from participation.measures.models import OPEN_VISIBILITIES, MeasureOwnerReport
from participation.measures.notify import berlin_today, send_digests
from participation.measures.stats import unanswered_days
from participation.processes.models import Process
from participation.scheduler import JOBS


def digest_job() -> None:
    """Send today's digests (at most one per person and day)."""
    send_digests()


def weekly_owner_reports(now=None) -> int:
    """Tell each process owner once per ISO week about contributions still without an answer.

    The owner is the person who created the process (else its contact e-mail). Returns the number
    of e-mails queued; commits.
    """
    now = now or utcnow()
    year, week, _day = berlin_today(now).isocalendar()
    week_key = f"{year}-W{week:02d}"
    sent = 0
    processes = db.session.scalars(
        select(Process).where(Process.status.in_(("published", "closed")))
    ).all()
    for process in processes:
        days = unanswered_days(process)
        cutoff = now - timedelta(days=days)
        overdue = (
            select(Contribution)
            .where(
                Contribution.process_id == process.id,
                Contribution.visibility.in_(OPEN_VISIBILITIES),
                Contribution.status == "received",
                Contribution.created_at < cutoff,
            )
            .order_by(Contribution.created_at)
        )
        count = db.session.scalar(select(func.count()).select_from(overdue.subquery())) or 0
        if not count:
            continue
        owner = db.session.get(User, process.created_by_id) if process.created_by_id else None
        recipient = owner.email if owner is not None and owner.active else process.contact_email
        if not recipient:
            continue
        try:
            with db.session.begin_nested():
                db.session.add(MeasureOwnerReport(process_id=process.id, week=week_key))
                db.session.flush()
        except IntegrityError:  # sent this week already
            continue
        items = db.session.scalars(overdue.limit(20)).all()
        locale = (owner.locale if owner is not None else None) or current_app.config[
            "BABEL_DEFAULT_LOCALE"
        ]
        with force_locale(locale):
            body = render_template(
                "measures/mail/owner_weekly.txt",
                process=process,
                count=count,
                days=days,
                items=items,
                link=f"{current_app.config['BASE_URL']}/manage/processes/{process.id}/feedback"
                "?status=received",
            )
            subject = _("Contributions without an answer: %(title)s", title=process.title_text)
        queue_mail(recipient, subject, body)
        sent += 1
    db.session.commit()
    return sent


JOBS["measures-digest"] = (digest_job, 15 * 60)
JOBS["measures-owner-weekly"] = (weekly_owner_reports, 6 * 3600)
