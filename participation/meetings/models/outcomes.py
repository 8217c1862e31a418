"""What a meeting produces: decisions, action items and needs statements (Bedarfsanmeldungen).

The measures package builds on these tables (a measure records the decision that adopted it, and
action items and needs statements feed measures).
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db
from participation.meetings.models.meetings import AgendaItem, Meeting

OUTCOMES = {
    "adopted": _l("Adopted"),
    "rejected": _l("Rejected"),
    "deferred": _l("Deferred"),
}
ACTION_STATUSES = {
    "open": _l("Open"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}

#: Actors whose own service a decision concerns (members with a dual role get flagged).
decision_actors = Table(
    "decision_actors",
    db.metadata,
    Column("decision_id", ForeignKey("meeting_decisions.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Decision(db.Model):
    """A decision of a meeting: text, outcome, votes or consensus, minority opinion."""

    __tablename__ = "meeting_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    #: Key of :data:`OUTCOMES`.
    outcome: Mapped[str] = mapped_column(String(10), default="adopted")
    #: Votes; NULL when decided by consensus.
    votes_yes: Mapped[int | None]
    votes_no: Mapped[int | None]
    votes_abstain: Mapped[int | None]
    consensus: Mapped[bool] = mapped_column(default=False)
    minority_opinion: Mapped[str] = mapped_column(Text, default="")
    #: Quorum at the time of the decision (voting seats present or represented, and needed).
    present_voting: Mapped[int | None]
    quorum_needed: Mapped[int | None]
    quorum_met: Mapped[bool | None]
    #: Published on its own although the body's minutes are confidential.
    publish_separately: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Any change of the decision (OParl ``modified`` of its Paper and Consultation).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    concerned_actors = relationship("Actor", secondary=decision_actors, lazy="selectin")

    @property
    def outcome_label(self) -> str:
        """Translated outcome."""
        return str(OUTCOMES.get(self.outcome, self.outcome))

    @property
    def scope_areas(self):
        """Decisions use the body's scope."""
        return self.meeting.body.areas


class ActionItem(db.Model):
    """Something someone agreed to do by a date; reminders go to the owner."""

    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_decisions.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    #: Owner as shown ("Quartiersmanagement Körnerpark"); an actor or staff account when known.
    owner: Mapped[str] = mapped_column(String(200), default="")
    owner_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True
    )
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_date: Mapped[date | None] = mapped_column(index=True)
    #: Key of :data:`ACTION_STATUSES`.
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Sent markers: "due soon" and "overdue" go out once each.
    due_reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    overdue_reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship()
    decision: Mapped[Decision | None] = relationship()
    owner_actor = relationship("Actor")
    owner_user = relationship("User")

    @property
    def status_label(self) -> str:
        """Translated status."""
        return str(ACTION_STATUSES.get(self.status, self.status))

    @property
    def scope_areas(self):
        """Action items use the body's scope."""
        return self.meeting.body.areas


class NeedsStatement(db.Model):
    """A need a conference records for its area; it enters the feedback loop as a contribution."""

    __tablename__ = "needs_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="SET NULL")
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    #: What is missing.
    text: Mapped[str] = mapped_column(Text)
    #: For whom: comma-separated target groups ("Kinder unter 6, Alleinerziehende").
    target_groups: Mapped[str] = mapped_column(String(300), default="")
    #: Evidence in words: survey results, observations, linked contributions.
    evidence: Mapped[str] = mapped_column(Text, default="")
    #: The contribution created for it (``kind="meeting_item"``, ``channel="meeting"``).
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship()
    area = relationship("Area")
    contribution = relationship("Contribution")

    @property
    def target_group_list(self) -> list[str]:
        """Target groups as a list."""
        return [t.strip() for t in (self.target_groups or "").split(",") if t.strip()]

    @property
    def scope_areas(self):
        """Needs statements use the body's scope."""
        return self.meeting.body.areas
