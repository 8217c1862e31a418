"""Digest queue, sent digests (one per person and day), unsubscribes and staff warning settings."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db


class MeasureNotification(db.Model):
    """Something to tell a consenting contributor in the next daily digest."""

    __tablename__ = "measure_notifications"
    __table_args__ = (Index("ix_measure_notifications_pending", "digest_id", "email_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    #: Keyed hash of the normalised address: groups one person's news without storing it again.
    email_key: Mapped[str] = mapped_column(String(64))
    #: ``outcome`` (the contribution's outcome changed) or ``measure`` (a linked measure moved).
    kind: Mapped[str] = mapped_column(String(10))
    #: Facts for the text: statuses, reason, measure id and title.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The digest that carried it; NULL while pending.
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("measure_digests.id", ondelete="SET NULL")
    )


class MeasureDigest(db.Model):
    """One digest e-mail to one person on one day; the unique key stops a second one."""

    __tablename__ = "measure_digests"
    __table_args__ = (UniqueConstraint("email_key", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email_key: Mapped[str] = mapped_column(String(64))
    #: Calendar day in Europe/Berlin.
    day: Mapped[date]
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeasureUnsubscribe(db.Model):
    """A person who unsubscribed through the link in a digest (no login needed)."""

    __tablename__ = "measure_unsubscribes"

    email_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeasureProcessSetting(db.Model):
    """Per-process feedback-loop settings (else the installation's defaults apply)."""

    __tablename__ = "measure_process_settings"

    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True
    )
    #: Contributions without an answer after this many days are warned.
    unanswered_days: Mapped[int | None]


class MeasureOwnerReport(db.Model):
    """The weekly "unanswered contributions" e-mail to a process owner, once per ISO week."""

    __tablename__ = "measure_owner_reports"

    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True
    )
    #: ISO week, e.g. ``2026-W49``.
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
