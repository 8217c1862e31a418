"""The analysis per process: dated assessments, coverage requirements, invitation lists."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db
from participation.stakeholders.models.registry import Actor

ATTITUDES = {
    -2: _l("strongly opposes"),
    -1: _l("rather opposes"),
    0: _l("neutral"),
    1: _l("rather supports"),
    2: _l("strongly supports"),
}
GOALS_CONSIDER = {"": _l("not assessed"), "yes": _l("yes"), "partly": _l("partly"), "no": _l("no")}

invitation_list_members = Table(
    "invitation_list_members",
    db.metadata,
    Column("list_id", ForeignKey("invitation_lists.id", ondelete="CASCADE"), primary_key=True),
    Column("actor_id", ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Assessment(db.Model):
    """One dated assessment of an actor in a process; all dates are kept to show movement.

    Saving again on the same date corrects that day's assessment (one row per actor and date).
    """

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("process_id", "actor_id", "assessed_on"),
        Index("ix_assessments_process_date", "process_id", "assessed_on"),
        CheckConstraint("influence BETWEEN 0 AND 4", name="influence_range"),
        CheckConstraint("interest BETWEEN 0 AND 4", name="interest_range"),
        CheckConstraint("attitude BETWEEN -2 AND 2", name="attitude_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    assessed_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: 0 (none) … 4 (decisive).
    influence: Mapped[int]
    #: True: decides or vetoes itself; False: influences through others.
    influence_direct: Mapped[bool] = mapped_column(default=True)
    #: 0 (none) … 4 (very high).
    interest: Mapped[int]
    #: −2 strongly opposes … +2 strongly supports.
    attitude: Mapped[int] = mapped_column(default=0)
    success_critical: Mapped[bool] = mapped_column(default=False)
    #: Why the actor has a stake.
    legitimate_interest: Mapped[str] = mapped_column(Text, default="")
    #: Do the process goals take their interests into account? yes / partly / no / "".
    goals_consider: Mapped[str] = mapped_column(String(8), default="")
    #: Access to target groups and resources.
    access_text: Mapped[str] = mapped_column(Text, default="")
    #: Plans *and* would deliver the service: conflict of interest.
    dual_role: Mapped[bool] = mapped_column(default=False)
    #: Who suggested bringing this actor in ("who else should be at the table?").
    nominated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL")
    )
    #: inform / consult / involve / collaborate / empower (see :mod:`.strategy`).
    strategy: Mapped[str] = mapped_column(String(12))
    #: True when the strategy differs from the quadrant's suggestion; then a reason is required.
    strategy_overridden: Mapped[bool] = mapped_column(default=False)
    override_reason: Mapped[str] = mapped_column(Text, default="")
    #: ``team`` (planning team only) or ``council`` (shared with council members, if the process
    #: opted in): attitude and reasoning about council factions are confidential by default.
    visibility: Mapped[str] = mapped_column(String(10), default="team", server_default="team")

    actor: Mapped[Actor] = relationship(foreign_keys=[actor_id], lazy="joined")
    nominated_by: Mapped[Actor | None] = relationship(foreign_keys=[nominated_by_id])
    process = relationship("Process")

    @property
    def scope_areas(self):
        """Assessments use the process's scope."""
        return self.process.areas

    @property
    def attitude_label(self) -> str:
        """Translated attitude."""
        return str(ATTITUDES[self.attitude])


class CoverageRequirement(db.Model):
    """How many assessed actors of a category a process needs; process NULL = the default list.

    A process with its own rows uses only those (``min_count`` 0 = not needed there).
    """

    __tablename__ = "coverage_requirements"
    __table_args__ = (UniqueConstraint("process_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(40))
    min_count: Mapped[int] = mapped_column(default=1)


class InvitationList(db.Model):
    """A named list of actors to invite, made from a matrix selection (used by meetings)."""

    __tablename__ = "invitation_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    #: The matrix filters that produced the list, for the record.
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    members: Mapped[list[Actor]] = relationship(
        secondary=invitation_list_members, order_by=Actor.name, lazy="selectin"
    )
    process = relationship("Process")

    @property
    def scope_areas(self):
        """Lists use the process's scope."""
        return self.process.areas if self.process else []
