"""Scheduled jobs of the core: purge delivered e-mails after the retention period."""

from participation import scheduler


def purge_mail() -> None:
    """Delete sent, failed and cancelled outbox messages older than ``MAIL_RETENTION_DAYS``."""
    from participation.core.mail import purge_delivered

    purge_delivered()


scheduler.JOBS["purge-mail"] = (purge_mail, 3600)
