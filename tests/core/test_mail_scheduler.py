"""Mail outbox retries, and the scheduler lock that stops two schedulers doubling a job."""

import socket
from datetime import timedelta

from participation import scheduler
from participation.core.db import utcnow
from participation.core.delivery import deliver_pending
from participation.core.mail import queue_mail
from participation.core.models import OutboxMessage
from participation.extensions import db


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_smtp_failure_is_retried_then_marked_failed(app):
    app.config.update(
        MAIL_BACKEND="smtp",
        MAIL_SMTP_HOST="127.0.0.1",
        MAIL_SMTP_PORT=_closed_port(),
        MAIL_MAX_ATTEMPTS=2,
    )
    msg = queue_mail(
        "petra@example.org",
        "Einladung",
        "Hallo",
        attachments=[
            {
                "filename": "termin.ics",
                "mimetype": "text/calendar",
                "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            }
        ],
    )
    db.session.commit()
    assert deliver_pending() == (0, 1)
    assert msg.status == "pending" and msg.attempts == 1 and msg.next_attempt_at > utcnow()
    assert deliver_pending() == (0, 0)  # backing off: not due yet
    msg.next_attempt_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert deliver_pending() == (0, 1)
    assert msg.status == "failed" and msg.last_error


def test_file_backend_writes_eml_with_attachment(app):
    msg = queue_mail(
        "petra@example.org",
        "Einladung",
        "Hallo Petra",
        attachments=[
            {
                "filename": "termin.ics",
                "mimetype": "text/calendar",
                "content": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
            }
        ],
    )
    db.session.commit()
    assert deliver_pending() == (1, 0)
    eml = (app.config["MAIL_FILE_DIR"] / f"{msg.id:06d}.eml").read_text()
    assert "To: petra@example.org" in eml and 'filename="termin.ics"' in eml
    assert db.session.get(OutboxMessage, msg.id).sent_at is not None


def test_second_scheduler_skips_a_locked_job(app):
    ran = []
    scheduler.JOBS["test-job"] = (lambda: ran.append(1), 60)
    try:
        assert scheduler.acquire_lock("test-job", owner="host-a:1")
        assert scheduler.run_job("test-job", owner="host-b:2") is False  # A holds the lease
        assert ran == []
        scheduler.release_lock("test-job", owner="host-a:1")
        assert scheduler.run_job("test-job", owner="host-b:2") is True
        assert ran == [1]
        # an expired lease (a crashed scheduler) is taken over
        assert scheduler.acquire_lock("test-job", owner="host-a:1", seconds=-1)
        assert scheduler.acquire_lock("test-job", owner="host-b:2")
    finally:
        del scheduler.JOBS["test-job"]


def test_scheduler_cli_runs_mail_job(runner):
    queue_mail("a@example.org", "Test", "Text")
    db.session.commit()
    result = runner.invoke(args=["scheduler", "run-once", "deliver-mail"])
    assert result.output.strip() == "ran"
    db.session.expire_all()
    assert db.session.query(OutboxMessage).one().status == "sent"
