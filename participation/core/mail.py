"""Mail outbox: services queue messages in the transaction; a sender delivers them later.

Queuing in the database means a resident's or manager's action is never lost to a mail server that
is down: the sender retries with back-off. Backends: ``file`` (development: one ``.eml`` file per
message in ``MAIL_FILE_DIR``) and ``smtp`` (production).
"""

import base64
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, g
from sqlalchemy import select

from participation.core.db import utcnow
from participation.core.models import OutboxMessage
from participation.extensions import db


def queue_mail(
    recipient: str, subject: str, body: str, attachments: list[dict[str, str]] | None = None
) -> OutboxMessage:
    """Add a message to the outbox in the current transaction.

    :param attachments: ``{"filename", "mimetype", "content"}`` with *content* as text or bytes.
    """
    stored = []
    for att in attachments or []:
        content = att["content"]
        raw = content.encode() if isinstance(content, str) else content
        stored.append(
            {
                "filename": att["filename"],
                "mimetype": att["mimetype"],
                "content": base64.b64encode(raw).decode(),
            }
        )
    msg = OutboxMessage(recipient=recipient, subject=subject, body_text=body, attachments=stored)
    db.session.add(msg)
    g.mail_queued = True  # lets the after-request hook deliver at once in development
    return msg


def build_email(msg: OutboxMessage) -> EmailMessage:
    """Turn an outbox row into a MIME message."""
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = msg.recipient
    email["Subject"] = msg.subject
    email["Message-ID"] = make_msgid(domain="participation.local")
    email.set_content(msg.body_text)
    for att in msg.attachments or []:
        maintype, subtype = att["mimetype"].split("/", 1)
        email.add_attachment(
            base64.b64decode(att["content"]),
            maintype=maintype,
            subtype=subtype.split(";")[0],
            filename=att["filename"],
        )
    return email


def _send_file(email: EmailMessage, msg: OutboxMessage) -> None:
    folder = current_app.config["MAIL_FILE_DIR"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{msg.id:06d}.eml").write_bytes(bytes(email))


def _send_smtp(email: EmailMessage, msg: OutboxMessage) -> None:
    cfg = current_app.config
    with smtplib.SMTP(cfg["MAIL_SMTP_HOST"], cfg["MAIL_SMTP_PORT"], timeout=20) as smtp:
        if cfg["MAIL_SMTP_STARTTLS"]:
            smtp.starttls()
        if cfg["MAIL_SMTP_USER"]:
            smtp.login(cfg["MAIL_SMTP_USER"], cfg["MAIL_SMTP_PASSWORD"] or "")
        smtp.send_message(email)


BACKENDS = {"file": _send_file, "smtp": _send_smtp}


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Send due messages, backing off on failures; returns ``(sent, failed)`` and commits."""
    backend = BACKENDS[current_app.config["MAIL_BACKEND"]]
    max_attempts = current_app.config["MAIL_MAX_ATTEMPTS"]
    now = utcnow()
    due = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = failed = 0
    for msg in due:
        msg.attempts += 1
        try:
            backend(build_email(msg), msg)
        except (OSError, smtplib.SMTPException) as exc:
            failed += 1
            msg.last_error = str(exc)[:2000]
            if msg.attempts >= max_attempts:
                msg.status = "failed"
            else:
                msg.next_attempt_at = now + timedelta(minutes=2**msg.attempts)
        else:
            sent += 1
            msg.status = "sent"
            msg.sent_at = utcnow()
        db.session.commit()
    return sent, failed


def deliver_after_request(response):
    """After a request that queued mail, deliver at once when ``MAIL_DELIVER_INLINE`` is on."""
    if g.get("mail_queued") and current_app.config["MAIL_DELIVER_INLINE"]:
        g.mail_queued = False
        db.session.rollback()  # the view committed already; drop anything uncommitted
        deliver_pending()
    return response
