"""Mail outbox: services queue messages in the transaction; a sender delivers them later.

Queuing in the database means a resident's or manager's action is never lost to a mail server that
is down: the sender retries with back-off. Backends: ``file`` (development: one ``.eml`` file per
message in ``MAIL_FILE_DIR``) and ``smtp`` (production); delivery itself is in
:mod:`participation.core.delivery`.
"""

import base64
import re
import unicodedata
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import urlsplit

from flask import current_app, g
from sqlalchemy import delete, func, select

from participation.core.db import utcnow
from participation.core.models import OutboxMessage
from participation.extensions import db

#: A deliberately plain address rule: one @, no spaces, quotes, brackets or control characters.
ADDRESS_RE = re.compile(
    r"^[^@\s\"<>(),;:\\\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z]{2,63}$"
)
SUBJECT_MAX = 300
FILENAME_MAX = 120


class MailBuildError(ValueError):
    """An outbox row cannot become a valid message (bad address, attachment); never retried."""


def clean_header(text: str | None, limit: int = SUBJECT_MAX) -> str:
    """Return *text* fit for a header: line breaks and tabs become spaces, control chars go.

    User text (a pin title, a file name) ends up in subjects; a CR/LF in it would either inject a
    header or make the e-mail library raise, which used to block the whole outbox.
    """
    text = "" if text is None else str(text)
    out = []
    for ch in text:
        if ch in "\r\n\t\v\f\u2028\u2029\x85":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return re.sub(r" {2,}", " ", "".join(out)).strip()[:limit]


def valid_address(address: str | None) -> bool:
    """True for a plain ``local@domain.tld`` address of at most 254 characters."""
    return bool(address) and len(address) <= 254 and ADDRESS_RE.match(address) is not None


def _clean_filename(name: str | None) -> str:
    cleaned = clean_header(name, FILENAME_MAX).replace("/", "_").replace("\\", "_")
    return cleaned.strip(". ") or "attachment"


def queue_mail(
    recipient: str, subject: str, body: str, attachments: list[dict[str, str]] | None = None
) -> OutboxMessage:
    """Add a message to the outbox in the current transaction.

    :param attachments: ``{"filename", "mimetype", "content"}`` with *content* as text or bytes.

    Subject and attachment names are cleaned of line breaks and control characters; a message
    to an invalid address is stored as failed (never raises, never blocks the queue).
    """
    stored = []
    for att in attachments or []:
        content = att["content"]
        raw = content.encode() if isinstance(content, str) else content
        stored.append(
            {
                "filename": _clean_filename(att["filename"]),
                "mimetype": att["mimetype"],
                "content": base64.b64encode(raw).decode(),
            }
        )
    recipient = clean_header(recipient, 254)
    msg = OutboxMessage(
        recipient=recipient,
        subject=clean_header(subject),
        body_text=body,
        attachments=stored,
        status="pending",
        attempts=0,
    )
    if not valid_address(recipient):
        msg.status, msg.last_error = "failed", "invalid recipient address"
    db.session.add(msg)
    g.mail_queued = True  # lets the after-request hook deliver at once in development
    return msg


def build_email(msg: OutboxMessage) -> EmailMessage:
    """Turn an outbox row into a MIME message; headers are cleaned again (rows may predate it).

    :raises MailBuildError: the row cannot become a valid message (it will never be sent).
    """
    recipient = clean_header(msg.recipient, 254)
    if not valid_address(recipient):
        raise MailBuildError("invalid recipient address")
    try:
        email = EmailMessage()
        email["From"] = current_app.config["MAIL_FROM"]
        email["To"] = recipient
        email["Subject"] = clean_header(msg.subject)
        # One Message-ID per outbox row, not per attempt: if the scheduler dies between the
        # relay's "250 queued" and the commit, the retry is recognisably the same message.
        email["Message-ID"] = _message_id(msg)
        email.set_content(msg.body_text or "")
        for att in msg.attachments or []:
            maintype, subtype, params = split_mimetype(att["mimetype"])
            email.add_attachment(
                base64.b64decode(att["content"], validate=True),
                maintype=clean_header(maintype, 40),
                subtype=clean_header(subtype, 80),
                filename=_clean_filename(att.get("filename")),
                params=params,
            )
        bytes(email)  # serialise once here: a policy error must surface now, not in the backend
    except (ValueError, TypeError, KeyError, AttributeError, LookupError) as exc:
        raise MailBuildError(f"cannot build message: {exc}") from exc
    return email


def _message_id(msg: OutboxMessage) -> str:
    if msg.id is None:
        return make_msgid(domain="participation.local")
    host = urlsplit(current_app.config.get("BASE_URL") or "").hostname or "participation.local"
    stamp = int(msg.created_at.timestamp()) if msg.created_at else 0
    return f"<outbox-{msg.id}-{stamp}@{host}>"


def split_mimetype(mimetype: str) -> tuple[str, str, dict[str, str]]:
    """``"text/calendar; method=REQUEST; charset=UTF-8"`` → maintype, subtype, parameters.

    The parameters go into the attachment's Content-Type: Outlook reads a calendar file's
    ``method=`` from there, not from the file. Keys are lower-cased; values are cleaned headers.
    """
    kind, *parts = [p.strip() for p in mimetype.split(";")]
    maintype, subtype = kind.split("/", 1)
    params = {}
    for part in parts:
        key, sep, value = part.partition("=")
        if sep and key.strip():
            params[clean_header(key.strip().lower(), 40)] = clean_header(value.strip('" '), 80)
    return maintype, subtype, params


REDACTED = "[redacted]"
#: Rows in these states are never sent again and may be purged after the retention period.
DONE_STATES = ("sent", "failed", "cancelled")


def _eml_path(msg_id: int):
    return current_app.config["MAIL_FILE_DIR"] / f"{msg_id:06d}.eml"


def forget_recipient(address: str) -> int:
    """Redact every stored message to *address* ("forget my e-mail", GDPR erasure).

    Pending messages are cancelled (consent was withdrawn), every row loses address, subject,
    text and attachments, and the development backend's ``.eml`` files are deleted. Flushes;
    the caller commits. Returns the number of messages redacted.
    """
    address = (address or "").strip().lower()
    if not address:
        return 0
    rows = db.session.scalars(
        select(OutboxMessage).where(func.lower(OutboxMessage.recipient) == address)
    ).all()
    for msg in rows:
        if msg.status == "pending":
            msg.status = "cancelled"
        msg.recipient = msg.subject = msg.body_text = REDACTED
        msg.attachments = []
        msg.last_error = None
        _eml_path(msg.id).unlink(missing_ok=True)
    db.session.flush()
    return len(rows)


def purge_delivered(days: int | None = None) -> int:
    """Delete messages sent, failed or cancelled more than *days* ago (``MAIL_RETENTION_DAYS``).

    Their copies hold addresses and private links (tracking, password, RSVP); after the
    retention period nobody needs them. The ``.eml`` files go with them. Commits.
    """
    days = current_app.config["MAIL_RETENTION_DAYS"] if days is None else days
    cutoff = utcnow() - timedelta(days=days)
    ids = db.session.scalars(
        select(OutboxMessage.id).where(
            OutboxMessage.status.in_(DONE_STATES), OutboxMessage.created_at < cutoff
        )
    ).all()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(chunk)))
        for msg_id in chunk:
            _eml_path(msg_id).unlink(missing_ok=True)
    db.session.commit()
    return len(ids)


def deliver_after_request(response):
    """After a request that queued mail, deliver at once when ``MAIL_DELIVER_INLINE`` is on."""
    if g.get("mail_queued") and current_app.config["MAIL_DELIVER_INLINE"]:
        g.mail_queued = False
        db.session.rollback()  # the view committed already; drop anything uncommitted
        from participation.core.delivery import deliver_pending

        deliver_pending()
    return response
