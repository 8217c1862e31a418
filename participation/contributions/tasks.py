"""Scheduled job: delete contact e-mails once a process has been archived for a while."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from participation.contributions.models import Contribution
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.extensions import db
from participation.processes.models import Process
from participation.scheduler import JOBS


def purge_contact_emails() -> int:
    """Remove e-mail addresses of contributions to processes archived longer than the retention.

    The retention is ``CONTRIBUTIONS_EMAIL_RETENTION_DAYS`` (30 by default). Commits; returns the
    number of addresses deleted.
    """
    days = current_app.config["CONTRIBUTIONS_EMAIL_RETENTION_DAYS"]
    cutoff = utcnow() - timedelta(days=days)
    archived = select(Process.id).where(Process.status == "archived", Process.archived_at < cutoff)
    result = db.session.execute(
        update(Contribution)
        .where(Contribution.process_id.in_(archived), Contribution.email.is_not(None))
        .values(email=None, email_consent_at=None),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount:
        log_action("contribution.purge_emails", None, user=None, count=result.rowcount)
    db.session.commit()
    return result.rowcount


JOBS["contributions-purge-emails"] = (purge_contact_emails, 6 * 3600)
