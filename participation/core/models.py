"""Spine tables: audit log, mail outbox, scheduler job locks, key/value state."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, SmallInteger, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db


class AuditEntry(db.Model):
    """One staff action that changed status, content, moderation, roles or decisions."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: Acting staff member; NULL for the CLI, the scheduler or a resident.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Dotted verb such as ``process.publish`` or ``user.roles``.
    action: Mapped[str] = mapped_column(String(80), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutboxMessage(db.Model):
    """An e-mail waiting to be (or already) delivered; the sender retries failed ones."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    #: Attachments as ``[{"filename", "mimetype", "content" (base64)}]`` (e.g. calendar files).
    attachments: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    #: ``pending`` → ``sent``; ``failed`` after MAIL_MAX_ATTEMPTS.
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JobLock(db.Model):
    """Lease that lets exactly one scheduler run a job at a time."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    owner: Mapped[str | None] = mapped_column(String(120))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AppState(db.Model):
    """Small key/value state shared by all processes (e.g. the area index generation)."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class ContentVersion(db.Model):
    """A counter per kind of public content; every write that changes what pages show bumps it.

    Cached pages and fragments carry these numbers in their keys (:mod:`participation.core.cache`),
    so a change committed by one worker is seen by every worker and host on the next request.
    """

    __tablename__ = "content_versions"

    #: e.g. ``contributions`` or ``survey:12`` (see the name list in participation/core/cache.py).
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    #: One of a name's rows (``participation.core.cache.versioning.SHARDS``): on PostgreSQL a bump
    #: increments one of several rows, so concurrent writers do not queue for one row lock; the
    #: name's version is the sum of its rows (it grows with every committed bump). SQLite: 0.
    shard: Mapped[int] = mapped_column(
        SmallInteger, primary_key=True, default=0, server_default=text("0")
    )
    #: Incremented in the writer's transaction, so the bump commits (or rolls back) with the write.
    version: Mapped[int] = mapped_column(Integer, default=1)
