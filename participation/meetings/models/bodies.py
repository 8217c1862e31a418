"""Bodies (Gremien) and their memberships, with the rules of procedure a meeting relies on."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db

BODY_TYPES = {
    "sozialraumkonferenz": _l("Social-space conference"),
    "planungsraumkonferenz": _l("Planning-area conference"),
    "stadtteilkonferenz": _l("District conference"),
    "runder_tisch": _l("Round table"),
    "steuerungsgruppe": _l("Steering group"),
    "arbeitsgruppe": _l("Working group"),
    "beirat": _l("Advisory board"),
    "buergerforum": _l("Citizens' forum"),
    "other": _l("Other body"),
}
DECISION_RULES = {
    "majority": _l("Simple majority"),
    "two_thirds": _l("Two-thirds majority"),
    "unanimity": _l("Unanimity"),
    "consensus": _l("Consensus"),
}
ROLES = {
    "chair": _l("Chair"),
    "deputy_chair": _l("Deputy chair"),
    "member": _l("Member"),
    "advisory": _l("Advisory member"),
    "guest": _l("Guest"),
}

body_areas = Table(
    "body_areas",
    db.metadata,
    Column("body_id", ForeignKey("bodies.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True, index=True),
)

body_processes = Table(
    "body_processes",
    db.metadata,
    Column("body_id", ForeignKey("bodies.id", ondelete="CASCADE"), primary_key=True),
    Column("process_id", ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
)


class Body(db.Model):
    """A conference, round table, steering group or board with standing membership."""

    __tablename__ = "bodies"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL part of the public body page, unique, e.g. ``srk-koernerpark``.
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: Key of :data:`BODY_TYPES`.
    type: Mapped[str] = mapped_column(String(30), default="sozialraumkonferenz")
    description: Mapped[str] = mapped_column(Text, default="")
    #: Mandate in words, and optionally the council paper that set the body up.
    mandate: Mapped[str] = mapped_column(Text, default="")
    council_reference: Mapped[str] = mapped_column(String(120), default="")
    #: Key of :data:`DECISION_RULES`.
    decision_rule: Mapped[str] = mapped_column(String(12), default="majority")
    #: Share of voting seats (in percent) that must be present (or represented by a deputy)
    #: for a decision; 0 = no quorum rule.
    quorum_percent: Mapped[int] = mapped_column(default=50)
    #: Residents may attend meetings (public meetings get a page with registration).
    public_attendance: Mapped[bool] = mapped_column(default=True)
    #: Minutes are visible to members only; decisions can still be published.
    minutes_confidential: Mapped[bool] = mapped_column(default=False)
    #: In date polls, answers of voting members rank before those of advisory members.
    poll_voting_first: Mapped[bool] = mapped_column(default=False)
    #: Usual rhythm in months (e.g. 6), NULL when irregular; :attr:`cadence_note` explains.
    cadence_months: Mapped[int | None]
    cadence_note: Mapped[str] = mapped_column(String(200), default="")
    #: Responsible staff: owner and deputy (both accounts).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deputy_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: ``active`` or ``dissolved``.
    status: Mapped[str] = mapped_column(String(10), default="active")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    areas = relationship("Area", secondary=body_areas, lazy="selectin", order_by="Area.name")
    processes = relationship("Process", secondary=body_processes, lazy="selectin")
    owner = relationship("User", foreign_keys=[owner_id])
    deputy_owner = relationship("User", foreign_keys=[deputy_owner_id])

    @property
    def scope_areas(self):
        """Areas used for permission scope checks."""
        return self.areas

    @property
    def type_label(self) -> str:
        """Translated body type."""
        return str(BODY_TYPES.get(self.type, self.type))

    @property
    def decision_rule_label(self) -> str:
        """Translated decision rule."""
        return str(DECISION_RULES.get(self.decision_rule, self.decision_rule))

    def current_memberships(self, on: date | None = None) -> list:
        """Memberships in force on *on* (default: today), chair first."""
        on = on or date.today()
        order = list(ROLES)
        rows = [m for m in self.memberships if m.is_current(on)]
        return sorted(rows, key=lambda m: (order.index(m.role), m.actor.name.casefold()))


class Membership(db.Model):
    """A seat of an actor in a body, dated; ended seats stay as history."""

    __tablename__ = "body_memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("bodies.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    #: Key of :data:`ROLES`.
    role: Mapped[str] = mapped_column(String(12), default="member")
    #: Voting seat (True) or advisory seat (False).
    voting: Mapped[bool] = mapped_column(default=True)
    #: The seat this membership deputises for ("Stellvertretung von").
    deputy_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("body_memberships.id", ondelete="SET NULL")
    )
    #: Citizen seat filled by the lottery (see :class:`SeatLottery`).
    by_lottery: Mapped[bool] = mapped_column(default=False)
    start_date: Mapped[date] = mapped_column(default=date.today)
    #: NULL while the seat is held.
    end_date: Mapped[date | None]
    note: Mapped[str] = mapped_column(String(300), default="")
    #: The member consented to be named in open data (OParl Person and Membership); seats held
    #: by organisations default to public when the seat is added, persons' seats never do.
    public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Any change of the seat (OParl ``modified``).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    body: Mapped[Body] = relationship(back_populates="memberships")
    actor = relationship("Actor", lazy="joined")

    @property
    def scope_areas(self):
        """Memberships use the body's scope."""
        return self.body.areas

    @property
    def role_label(self) -> str:
        """Translated role."""
        return str(ROLES.get(self.role, self.role))

    def is_current(self, on: date | None = None) -> bool:
        """True when the seat is held on *on* (default: today)."""
        on = on or date.today()
        return self.start_date <= on and (self.end_date is None or on <= self.end_date)


# Declared after both classes: the stakeholders package has a ``Membership`` class too, so the
# string form would be ambiguous in the shared registry.
Membership.deputy_of = relationship(Membership, remote_side=[Membership.id])
Body.memberships = relationship(
    Membership, back_populates="body", cascade="all, delete-orphan", order_by=Membership.id
)
