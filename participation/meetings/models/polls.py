"""Date polls (no account): slots, participants with personal links, yes / if need be / no."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db
from participation.meetings.models.bodies import Membership
from participation.meetings.models.meetings import BERLIN, Meeting

ANSWERS = {"yes": _l("Yes"), "maybe": _l("If need be"), "no": _l("No")}
POLL_STATUSES = {"open": _l("Open"), "closed": _l("Closed")}


class DatePoll(db.Model):
    """The poll that finds the date of one meeting; closing it fixes the date."""

    __tablename__ = "date_polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    #: Answers can be changed until then.
    respond_by: Mapped[datetime] = mapped_column(UTCDateTime)
    #: ``open`` or ``closed``.
    status: Mapped[str] = mapped_column(String(8), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()
    slots: Mapped[list["PollSlot"]] = relationship(
        back_populates="poll",
        cascade="all, delete-orphan",
        order_by="PollSlot.starts_at",
    )
    participants: Mapped[list["PollParticipant"]] = relationship(
        back_populates="poll", cascade="all, delete-orphan", order_by="PollParticipant.id"
    )

    @property
    def scope_areas(self):
        """Polls use the body's scope."""
        return self.meeting.body.areas

    @property
    def chosen_slot(self) -> "PollSlot | None":
        """The confirmed slot, if any."""
        return next((s for s in self.slots if s.chosen), None)

    def accepts_answers(self, now: datetime | None = None) -> bool:
        """True while the poll is open and the respond-by date has not passed."""
        return self.status == "open" and (now or utcnow()) <= self.respond_by


class PollSlot(db.Model):
    """A proposed date and time."""

    __tablename__ = "poll_slots"

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(
        ForeignKey("date_polls.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The slot the manager confirmed when closing the poll.
    chosen: Mapped[bool] = mapped_column(default=False)

    poll: Mapped[DatePoll] = relationship(back_populates="slots")

    @property
    def local_start(self) -> datetime:
        """Start in Berlin time."""
        return self.starts_at.astimezone(BERLIN)

    @property
    def local_end(self) -> datetime:
        """End in Berlin time."""
        return self.ends_at.astimezone(BERLIN)


class PollParticipant(db.Model):
    """Someone asked for availability; answers through a personal link (token derived)."""

    __tablename__ = "poll_participants"
    __table_args__ = (UniqueConstraint("poll_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("date_polls.id", ondelete="CASCADE"))
    membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("body_memberships.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    #: Holds a voting seat (ranks first when the body says so).
    voting: Mapped[bool] = mapped_column(default=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Sent markers of the invitation and of the reminder to non-responders.
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    poll: Mapped[DatePoll] = relationship(back_populates="participants")
    membership: Mapped[Membership | None] = relationship()
    answers: Mapped[list["PollAnswer"]] = relationship(
        back_populates="participant", cascade="all, delete-orphan"
    )


class PollAnswer(db.Model):
    """One participant's answer for one slot."""

    __tablename__ = "poll_answers"
    __table_args__ = (UniqueConstraint("participant_id", "slot_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("poll_participants.id", ondelete="CASCADE")
    )
    slot_id: Mapped[int] = mapped_column(
        ForeignKey("poll_slots.id", ondelete="CASCADE"), index=True
    )
    #: Key of :data:`ANSWERS`.
    answer: Mapped[str] = mapped_column(String(5))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participant: Mapped[PollParticipant] = relationship(back_populates="answers")
    slot: Mapped[PollSlot] = relationship()
