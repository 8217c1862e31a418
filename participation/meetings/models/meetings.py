"""Meetings, series and agenda items (invitations, registrations, attendance: ``attendance``)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Column,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db
from participation.meetings.models.bodies import Body

#: Meetings happen in Berlin time (DOMAIN.md §5.7); stored in UTC, shown and exported in this zone.
BERLIN = ZoneInfo("Europe/Berlin")

FORMATS = {"in_person": _l("In person"), "online": _l("Online"), "hybrid": _l("Hybrid")}
VISIBILITIES = {
    "public": _l("Public"),
    "members": _l("Members only"),
    "confidential": _l("Confidential"),
}
STATUSES = {
    "polling": _l("Date being found"),
    "scheduled": _l("Scheduled"),
    "cancelled": _l("Cancelled"),
}
MINUTES_STATUSES = {
    "draft": _l("Draft"),
    "approved": _l("Approved by the chair"),
    "published": _l("Published"),
}
AGENDA_KINDS = {
    "information": _l("Information"),
    "discussion": _l("Discussion"),
    "decision": _l("Decision"),
    "needs": _l("Needs statement"),
    "budget": _l("Budget allocation"),
    "progress": _l("Progress review of measures"),
    "report_back": _l("Report-back"),
    "mediation": _l("Mediation referral"),
}

agenda_item_contributions = Table(
    "agenda_item_contributions",
    db.metadata,
    Column("agenda_item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "contribution_id",
        ForeignKey("contributions.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class MeetingSeries(db.Model):
    """A recurring set of meetings of one body; each occurrence stays editable on its own."""

    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    #: ``months`` (every :attr:`interval_months`) or ``custom`` (the dates in :attr:`dates`).
    rule: Mapped[str] = mapped_column(String(10), default="months")
    interval_months: Mapped[int] = mapped_column(default=6)
    #: Custom occurrence dates (ISO strings), for ``rule == "custom"``.
    dates: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    body: Mapped[Body] = relationship()


class Meeting(db.Model):
    """One meeting of a body: time, place, access, visibility, calendar identity and minutes."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_body_start", "body_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"))
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="SET NULL"), index=True
    )
    #: Process the meeting belongs to (its page shows the meeting), optional.
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: UTC instants; NULL while a date poll is still open.
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Key of :data:`FORMATS`.
    format: Mapped[str] = mapped_column(String(10), default="in_person")
    venue_name: Mapped[str] = mapped_column(String(200), default="")
    venue_address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    step_free: Mapped[bool] = mapped_column(default=False)
    hearing_loop: Mapped[bool] = mapped_column(default=False)
    childcare: Mapped[bool] = mapped_column(default=False)
    #: Languages spoken or interpreted, free text ("Deutsch, Türkisch, Arabisch").
    languages: Mapped[str] = mapped_column(String(200), default="")
    #: Seats for registered residents; NULL = no limit.
    capacity: Mapped[int | None]
    online_url: Mapped[str] = mapped_column(String(500), default="")
    #: Key of :data:`VISIBILITIES`.
    visibility: Mapped[str] = mapped_column(String(12), default="members")
    #: Residents may register on the public page.
    registration_open: Mapped[bool] = mapped_column(default=False)
    #: Key of :data:`STATUSES`.
    status: Mapped[str] = mapped_column(String(10), default="scheduled", index=True)
    #: Calendar UID: made once, never regenerated on edit (clients match updates by it).
    uid: Mapped[str] = mapped_column(String(120), unique=True)
    #: iCalendar SEQUENCE: grows with every change of time or place and with a cancellation.
    sequence: Mapped[int] = mapped_column(default=0)
    #: Number of residents present (no names).
    public_attendees: Mapped[int | None]
    #: Leadership present (mayor, department heads), shown in the documentation.
    leadership_present: Mapped[str] = mapped_column(Text, default="")
    #: Key of :data:`MINUTES_STATUSES`.
    minutes_status: Mapped[str] = mapped_column(String(10), default="draft")
    minutes_summary: Mapped[str] = mapped_column(Text, default="")
    minutes_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    minutes_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Sent markers of the scheduler jobs: each reminder goes out once.
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Any change public pages or feeds show: ETags use it.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    body: Mapped[Body] = relationship(lazy="joined")
    series: Mapped[MeetingSeries | None] = relationship()
    process = relationship("Process")
    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )

    @property
    def scope_areas(self):
        """Meetings use the body's scope."""
        return self.body.areas

    @property
    def is_public(self) -> bool:
        """Shown on public pages and feeds (public visibility, date fixed)."""
        return self.visibility == "public" and self.starts_at is not None

    @property
    def local_start(self) -> datetime | None:
        """Start in Berlin time."""
        return self.starts_at.astimezone(BERLIN) if self.starts_at else None

    @property
    def local_end(self) -> datetime | None:
        """End in Berlin time."""
        return self.ends_at.astimezone(BERLIN) if self.ends_at else None

    @property
    def format_label(self) -> str:
        """Translated format."""
        return str(FORMATS.get(self.format, self.format))

    @property
    def visibility_label(self) -> str:
        """Translated visibility."""
        return str(VISIBILITIES.get(self.visibility, self.visibility))

    @property
    def status_label(self) -> str:
        """Translated status."""
        return str(STATUSES.get(self.status, self.status))

    @property
    def minutes_status_label(self) -> str:
        """Translated minutes status."""
        return str(MINUTES_STATUSES.get(self.minutes_status, self.minutes_status))


class AgendaItem(db.Model):
    """A typed, ordered agenda item with duration, presenter, linked input and its minutes."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    #: Key of :data:`AGENDA_KINDS`.
    kind: Mapped[str] = mapped_column(String(12), default="information")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    duration_minutes: Mapped[int | None]
    presenter: Mapped[str] = mapped_column(String(200), default="")
    #: Minutes of this item (what was said).
    minutes: Mapped[str] = mapped_column(Text, default="")
    #: False = closed session (nichtöffentlicher Teil: personnel, private persons, contracts):
    #: public pages, files and feeds show only "Nichtöffentlicher Tagesordnungspunkt" and the
    #: position, never title, description, minutes, linked contributions or decisions.
    public: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Any change of the item (OParl ``modified``; the meeting's changes with it).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    contributions = relationship("Contribution", secondary=agenda_item_contributions)

    @property
    def kind_label(self) -> str:
        """Translated kind."""
        return str(AGENDA_KINDS.get(self.kind, self.kind))
