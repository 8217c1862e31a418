"""Who comes to a meeting: invitations with RSVP, public registrations, attendance."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db
from participation.meetings.models.bodies import Membership
from participation.meetings.models.meetings import Meeting

RESPONSES = {
    "pending": _l("No answer yet"),
    "accepted": _l("Accepted"),
    "tentative": _l("Tentative"),
    "declined": _l("Declined"),
    "deputy": _l("Sends a deputy"),
}
ATTENDANCE = {
    "present": _l("Present"),
    "excused": _l("Excused"),
    "deputy": _l("Represented by deputy"),
    "absent": _l("Absent"),
}
REGISTRATION_STATUSES = {
    "confirmed": _l("Confirmed"),
    "waitlist": _l("Wait list"),
    "cancelled": _l("Cancelled"),
}


class Invitation(db.Model):
    """An invitation of one person (member, selected stakeholder or e-mail) with its RSVP."""

    __tablename__ = "meeting_invitations"
    __table_args__ = (UniqueConstraint("meeting_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("body_memberships.id", ondelete="SET NULL"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254))
    #: Key of :data:`RESPONSES`.
    response: Mapped[str] = mapped_column(String(10), default="pending")
    note: Mapped[str] = mapped_column(Text, default="")
    #: Name of the deputy a member sends.
    deputy_name: Mapped[str] = mapped_column(String(200), default="")
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: SEQUENCE of the last calendar file mailed to this person; NULL = not sent yet.
    sent_sequence: Mapped[int | None]
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when the invitation was withdrawn (METHOD:CANCEL mailed).
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Sent markers: reminder before the meeting, and to those who have not answered.
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    nonresponse_reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship()
    membership: Mapped[Membership | None] = relationship()
    actor = relationship("Actor")

    @property
    def response_label(self) -> str:
        """Translated response."""
        return str(RESPONSES.get(self.response, self.response))


class Registration(db.Model):
    """A resident's registration for a public meeting (no account); wait list past capacity."""

    __tablename__ = "meeting_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    #: Optional: only for confirmations and a place freed on the wait list.
    email: Mapped[str | None] = mapped_column(String(254))
    #: Number of persons (the resident plus companions).
    persons: Mapped[int] = mapped_column(default=1)
    #: Accessibility needs in the resident's words (step-free access, interpreter, childcare…).
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")
    #: Key of :data:`REGISTRATION_STATUSES`.
    status: Mapped[str] = mapped_column(String(10), default="confirmed")
    #: Form token: a double submit returns the first registration.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship()


class Attendance(db.Model):
    """Whether a member was present, excused, represented by a deputy or absent."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("body_memberships.id", ondelete="CASCADE"), index=True
    )
    #: Key of :data:`ATTENDANCE`.
    status: Mapped[str] = mapped_column(String(10), default="present")
    deputy_name: Mapped[str] = mapped_column(String(200), default="")

    meeting: Mapped[Meeting] = relationship()
    membership: Mapped[Membership] = relationship()

    @property
    def status_label(self) -> str:
        """Translated status."""
        return str(ATTENDANCE.get(self.status, self.status))
