"""Outbox delivery: claim a message, hand it to the backend, remember the hand-over, mark it sent.

Delivery over SMTP cannot be made exactly-once in general: the relay may accept a message and the
sender die before it has recorded that. What this module does about it:

- **No two senders take the same row.** A message is *claimed* before it is sent: one UPDATE that
  only succeeds while the row is still pending and due, and moves its next attempt
  ``MAIL_CLAIM_SECONDS`` ahead. A scheduler and a web worker delivering inline (development), or
  two schedulers, can never both send it. A sender that dies leaves a claim that expires: the
  message is retried after that time, so nothing is lost.
- **A crash after the relay's "250 queued" does not send again.** Right after the backend
  returns, the message's id is appended to a *hand-over journal* (``MAIL_JOURNAL``, a small file
  in the instance folder: outbox ids and Message-IDs only, no addresses) with a plain ``write()``
  — that survives a killed process, and is fsynced before the database commit. Every run starts
  by marking journalled rows that are still pending as sent. A duplicate now needs the process
  to die in the microseconds between reading the relay's answer and that write (or the relay's
  answer to be lost on the wire); the retry then carries the same Message-ID.
- **One SMTP connection per run**, not per message (STARTTLS and login once); a failed message
  closes it, the next one reconnects.
"""

import os
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update

from participation.core.db import utcnow
from participation.core.mail import MailBuildError, build_email
from participation.core.models import OutboxMessage
from participation.extensions import db

#: The journal is emptied once it holds this many bytes and every id in it is settled.
JOURNAL_MAX_BYTES = 256 * 1024


class _Smtp:
    """A lazily opened SMTP connection reused for one delivery run."""

    def __init__(self) -> None:
        self.conn: smtplib.SMTP | None = None

    def send(self, email: EmailMessage, _msg: OutboxMessage) -> None:
        cfg = current_app.config
        if self.conn is None:
            conn = smtplib.SMTP(cfg["MAIL_SMTP_HOST"], cfg["MAIL_SMTP_PORT"], timeout=20)
            try:
                if cfg["MAIL_SMTP_STARTTLS"]:
                    conn.starttls()
                if cfg["MAIL_SMTP_USER"]:
                    conn.login(cfg["MAIL_SMTP_USER"], cfg["MAIL_SMTP_PASSWORD"] or "")
            except Exception:
                _close(conn)
                raise
            self.conn = conn
        try:
            self.conn.send_message(email)
        except smtplib.SMTPRecipientsRefused:
            raise  # the connection is still usable
        except Exception:
            self.close()
            raise

    def close(self) -> None:
        if self.conn is not None:
            _close(self.conn)
            self.conn = None


def _close(conn: smtplib.SMTP) -> None:
    try:
        conn.quit()
    except (smtplib.SMTPException, OSError):
        conn.close()


class _Files:
    """Development backend: one ``.eml`` per message, named by its id (a retry overwrites it)."""

    def send(self, email: EmailMessage, msg: OutboxMessage) -> None:
        folder = current_app.config["MAIL_FILE_DIR"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{msg.id:06d}.eml").write_bytes(bytes(email))

    def close(self) -> None:
        pass


BACKENDS = {"file": _Files, "smtp": _Smtp}


# ------------------------------------------------------------------------------ journal
def _journal_path() -> Path:
    cfg = current_app.config
    return Path(cfg.get("MAIL_JOURNAL") or Path(cfg["INSTANCE_DIR"]) / "mail-handover.journal")


def _journal_append(msg: OutboxMessage, email: EmailMessage) -> None:
    """Record that the backend accepted *msg*; a plain write first, the fsync after it."""
    path = _journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = f"{msg.id} {email['Message-ID']}\n".encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)  # in the kernel now: a SIGKILL from here on cannot lose it
        os.fsync(fd)  # and on disk: a power cut cannot either
    finally:
        os.close(fd)


def _journal_ids() -> set[int]:
    try:
        text = _journal_path().read_text("ascii", errors="replace")
    except FileNotFoundError:
        return set()
    ids = set()
    for line in text.splitlines():
        first = line.split(" ", 1)[0]
        if first.isascii() and first.isdecimal():  # a torn last line is skipped
            ids.add(int(first))
    return ids


def reconcile_journal() -> int:
    """Mark journalled messages that are still pending as sent (a sender died before its commit).

    Returns how many were settled that way; empties a journal whose ids are all settled once it
    has grown past :data:`JOURNAL_MAX_BYTES`. Commits.
    """
    ids = _journal_ids()
    if not ids:
        return 0
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "pending")
        .values(status="sent", sent_at=utcnow(), last_error=None)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    path = _journal_path()
    if path.stat().st_size > JOURNAL_MAX_BYTES:
        path.write_bytes(b"")
    if result.rowcount:
        current_app.logger.warning(
            "outbox: %s message(s) were handed over before a crash; not sent again",
            result.rowcount,
        )
    return result.rowcount


# ------------------------------------------------------------------------------ delivery
def _claim(msg_id: int, now) -> bool:
    """Take message *msg_id* for this sender; False when another sender has it (or it is done)."""
    lease = timedelta(seconds=current_app.config["MAIL_CLAIM_SECONDS"])
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == msg_id,
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= now,
        )
        .values(next_attempt_at=now + lease, attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Send due messages, backing off on failures; returns ``(sent, failed)`` and commits.

    Never raises for one message: a row that cannot be built is marked failed at once, any other
    error is retried with back-off, so one bad message cannot stop the others.
    """
    reconcile_journal()
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    now = utcnow()
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    backend = BACKENDS[current_app.config["MAIL_BACKEND"]]()
    sent = failed = 0
    try:
        for msg_id in due:
            if not _claim(msg_id, now):
                continue
            msg = db.session.get(OutboxMessage, msg_id, populate_existing=True)
            outcome = _deliver_one(backend, msg, now, max_attempts)
            sent += outcome == "sent"
            failed += outcome == "failed"
            db.session.commit()
    finally:
        backend.close()
    return sent, failed


def _deliver_one(backend, msg: OutboxMessage, now, max_attempts: int) -> str:
    """Build and hand over one claimed message; set its state (the caller commits)."""
    try:
        email = build_email(msg)
    except MailBuildError as exc:
        msg.status, msg.last_error = "failed", str(exc)[:2000]
        current_app.logger.warning("outbox message %s cannot be built: %s", msg.id, exc)
        return "failed"
    try:
        backend.send(email, msg)
    except Exception as exc:  # noqa: BLE001  (any backend error: retry, never block the queue)
        msg.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if isinstance(exc, smtplib.SMTPRecipientsRefused) or msg.attempts >= max_attempts:
            msg.status = "failed"
        else:
            msg.next_attempt_at = now + timedelta(minutes=2**msg.attempts)
        return "failed"
    _journal_append(msg, email)
    msg.status, msg.sent_at = "sent", utcnow()
    return "sent"
