"""Measures (Maßnahmen), their public status history, decisions and milestones."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, Float, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db

#: Status of a measure, in the order of its life (DOMAIN.md §3).
MEASURE_STATUSES = {
    "proposed": _l("Proposed"),
    "under_review": _l("Under review"),
    "adopted": _l("Decided"),
    "rejected": _l("Rejected"),
    "in_progress": _l("In progress"),
    "completed": _l("Completed"),
    "stopped": _l("Stopped"),
}
#: Allowed next statuses. Rejected measures can be reopened; completed and stopped are final.
STATUS_TRANSITIONS = {
    "proposed": ("under_review", "adopted", "rejected"),
    "under_review": ("proposed", "adopted", "rejected"),
    "adopted": ("in_progress", "completed", "stopped"),
    "rejected": ("under_review",),
    "in_progress": ("completed", "stopped"),
    "completed": (),
    "stopped": (),
}
#: Statuses that need a reason written for residents.
REASON_REQUIRED = ("rejected", "stopped")
#: What kind of change a measure brings to the existing services.
CHANGE_TYPES = {
    "new": _l("New offer"),
    "extend": _l("Extend an existing offer"),
    "combine": _l("Combine existing offers"),
    "reduce": _l("Reduce an existing offer"),
}
#: Outcome of a decision by a body or council committee.
DECISION_OUTCOMES = {
    "adopted": _l("Approved"),
    "amended": _l("Approved with changes"),
    "rejected": _l("Rejected"),
    "deferred": _l("Deferred"),
}

measure_processes = Table(
    "measure_processes",
    db.metadata,
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
)
measure_areas = Table(
    "measure_areas",
    db.metadata,
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
)
measure_goals = Table(
    "measure_goals",
    db.metadata,
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True),
    Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
)

#: Agenda items (progress reviews) about measures; the meetings package never imports this.
agenda_item_measures = Table(
    "agenda_item_measures",
    db.metadata,
    Column("agenda_item_id", ForeignKey("agenda_items.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Measure(db.Model):
    """Something the administration does (or decides not to do) in answer to participation."""

    __tablename__ = "measures"
    __table_args__ = (Index("ix_measures_map", "lon", "lat"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    #: Plain-language description for residents.
    description: Mapped[str] = mapped_column(Text, default="")
    #: ``proposed`` … ``completed`` (see :data:`MEASURE_STATUSES`); changed only by the service.
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    #: Public explanation of the latest status change (the reason for rejected/stopped).
    status_reason: Mapped[str] = mapped_column(Text, default="")
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: ``new``, ``extend``, ``combine`` or ``reduce``.
    change_type: Mapped[str] = mapped_column(String(10), default="new")
    #: Small, visible early win (recommended to show that participation has an effect).
    quick_win: Mapped[bool] = mapped_column(default=False)
    #: Percent done (0–100) when no milestones are kept; NULL: progress shown by milestones.
    progress: Mapped[int | None]
    #: Responsible unit from the stakeholder registry; ``responsible_unit`` is the fallback text.
    responsible_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL")
    )
    responsible_unit: Mapped[str] = mapped_column(String(200), default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    #: Whole euros.
    budget_planned: Mapped[int | None]
    budget_spent: Mapped[int | None]
    funding_source: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Representative point for the map layer (WGS84); NULL when the measure has no place.
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    #: Optional GeoJSON geometry (Point or Polygon) drawn on the measures layer.
    geometry: Mapped[dict | None] = mapped_column(JSON)
    #: Where it came from: ``direct``, ``meeting_decision``, ``action_item``, ``needs_statement``.
    source_type: Mapped[str] = mapped_column(String(20), default="direct")
    meeting_decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_decisions.id", ondelete="SET NULL"), index=True
    )
    action_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_items.id", ondelete="SET NULL"), index=True
    )
    needs_statement_id: Mapped[int | None] = mapped_column(
        ForeignKey("needs_statements.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Any public change (status, decision, milestone, links) bumps this: feeds and pages use it.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    processes = relationship("Process", secondary=measure_processes, lazy="selectin")
    areas = relationship("Area", secondary=measure_areas, lazy="selectin", order_by="Area.name")
    goals = relationship("Goal", secondary=measure_goals, lazy="selectin")
    responsible_actor = relationship("Actor")
    meeting_decision = relationship("Decision")
    action_item = relationship("ActionItem")
    needs_statement = relationship("NeedsStatement")
    history: Mapped[list["MeasureStatusChange"]] = relationship(
        back_populates="measure",
        order_by="MeasureStatusChange.created_at, MeasureStatusChange.id",
        cascade="all, delete-orphan",
    )
    decisions: Mapped[list["MeasureDecision"]] = relationship(
        back_populates="measure",
        order_by="MeasureDecision.decided_on, MeasureDecision.id",
        cascade="all, delete-orphan",
    )
    milestones: Mapped[list["MeasureMilestone"]] = relationship(
        back_populates="measure",
        order_by="MeasureMilestone.position, MeasureMilestone.id",
        cascade="all, delete-orphan",
    )

    @property
    def scope_areas(self):
        """Areas for permission checks: its own areas, else those of its processes."""
        if self.areas:
            return list(self.areas)
        return [a for p in self.processes for a in p.areas]

    @property
    def status_label(self) -> str:
        """Translated status."""
        return str(MEASURE_STATUSES.get(self.status, self.status))

    @property
    def change_type_label(self) -> str:
        """Translated change type."""
        return str(CHANGE_TYPES.get(self.change_type, self.change_type))

    @property
    def responsible_name(self) -> str:
        """Responsible unit as shown to residents."""
        if self.responsible_actor is not None and not self.responsible_actor.erased_at:
            return self.responsible_actor.name
        return self.responsible_unit

    @property
    def progress_percent(self) -> int | None:
        """Percent done: the explicit value, else the share of milestones done."""
        if self.status == "completed":
            return 100
        if self.progress is not None:
            return self.progress
        if self.milestones:
            done = sum(1 for m in self.milestones if m.done_on)
            return round(100 * done / len(self.milestones))
        return None

    def next_statuses(self) -> tuple[str, ...]:
        """Statuses this measure may change to."""
        return STATUS_TRANSITIONS.get(self.status, ())


class MeasureStatusChange(db.Model):
    """One public entry of a measure's status history: who, when, and why."""

    __tablename__ = "measure_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    #: NULL for the first entry (the measure was created).
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    #: Public explanation written for residents (required for rejected and stopped).
    explanation: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    measure: Mapped[Measure] = relationship(back_populates="history")
    user = relationship("User")

    @property
    def status_label(self) -> str:
        """Translated new status."""
        return str(MEASURE_STATUSES.get(self.new_status, self.new_status))


class MeasureDecision(db.Model):
    """A decision on a measure by a body or a council committee (there may be several)."""

    __tablename__ = "measure_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    #: A body from the meetings package, or NULL and ``committee`` names a council committee.
    body_id: Mapped[int | None] = mapped_column(
        ForeignKey("bodies.id", ondelete="SET NULL"), index=True
    )
    #: Name of the council committee, e.g. "Jugendhilfeausschuss" or "BVV Neukölln".
    committee: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[date]
    #: Council paper number (Drucksache), e.g. ``DS/0815/XXI``.
    reference: Mapped[str] = mapped_column(String(60), default="")
    #: Link to the council information system (ALLRIS, SessionNet, …).
    url: Mapped[str] = mapped_column(String(500), default="")
    #: ``adopted``, ``amended``, ``rejected`` or ``deferred``.
    outcome: Mapped[str] = mapped_column(String(10), default="adopted")
    votes_yes: Mapped[int | None]
    votes_no: Mapped[int | None]
    votes_abstain: Mapped[int | None]
    #: Free text on the vote, e.g. "einstimmig" or a minority opinion.
    vote_note: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    measure: Mapped[Measure] = relationship(back_populates="decisions")
    body = relationship("Body")

    @property
    def outcome_label(self) -> str:
        """Translated outcome."""
        return str(DECISION_OUTCOMES.get(self.outcome, self.outcome))

    @property
    def body_name(self) -> str:
        """Who decided, as shown to residents."""
        return self.body.name if self.body is not None else self.committee

    @property
    def has_votes(self) -> bool:
        """True when vote counts were recorded."""
        return any(v is not None for v in (self.votes_yes, self.votes_no, self.votes_abstain))


class MeasureMilestone(db.Model):
    """A dated step of a measure (e.g. "Bänke bestellt"); done when ``done_on`` is set."""

    __tablename__ = "measure_milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None]
    done_on: Mapped[date | None]
    position: Mapped[int] = mapped_column(default=0)

    measure: Mapped[Measure] = relationship(back_populates="milestones")
