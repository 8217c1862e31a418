"""Applications (no account) with cost lines, scores, conflicts of interest, residents' ballots,
allocations and spending."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.budgets.models.budgets import Budget
from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db

APPLICATION_STATUSES = {
    "submitted": _l("Received"),
    "eligible": _l("Eligible"),
    "not_eligible": _l("Not eligible"),
    "funded": _l("Funded"),
    "partly_funded": _l("Partly funded"),
    "not_funded": _l("Not funded"),
    "withdrawn": _l("Withdrawn"),
}


class Application(db.Model):
    """A project application; the applicant follows it through a private tracking link."""

    __tablename__ = "budget_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), index=True)
    #: The same input as a contribution (``budget_application``) when the budget has a process.
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="SET NULL")
    )
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    target_groups: Mapped[str] = mapped_column(String(300), default="")
    #: When it happens, in words ("Samstag, 12. Juni 2027").
    when_text: Mapped[str] = mapped_column(String(200), default="")
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    #: Whole euros: the sum of the cost lines.
    amount_requested: Mapped[int] = mapped_column(default=0)
    applicant_name: Mapped[str] = mapped_column(String(200))
    #: Key of :data:`~participation.budgets.models.APPLICANT_TYPES`.
    applicant_type: Mapped[str] = mapped_column(String(12), default="resident")
    #: The applying organisation in the stakeholder registry (for conflicts of interest).
    applicant_actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True
    )
    #: Contact address, stored only with consent.
    email: Mapped[str | None] = mapped_column(String(254))
    email_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locale: Mapped[str] = mapped_column(String(8), default="de")
    #: Stored file name of the attachment (re-encoded photo or checked PDF) in the upload folder.
    attachment: Mapped[str | None] = mapped_column(String(80))
    #: SHA-256 of the private tracking token (the token itself is never stored).
    tracking_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Random salt; the token is HMAC(secret key, salt), so e-mails can carry the link while a
    #: copy of the database alone does not reveal it.
    token_salt: Mapped[str] = mapped_column(String(40))
    #: Key of :data:`APPLICATION_STATUSES`.
    status: Mapped[str] = mapped_column(String(14), default="submitted", index=True)
    #: Shown to the applicant: why not eligible / not funded.
    reason: Mapped[str] = mapped_column(Text, default="")
    #: Measure the funded project became.
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measures.id", ondelete="SET NULL"))
    #: Use report (Verwendungsnachweis) by the applicant.
    use_report: Mapped[str] = mapped_column(Text, default="")
    use_report_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Photos of the use report (stored file names).
    report_photos: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    budget: Mapped[Budget] = relationship()
    applicant_actor = relationship("Actor")
    measure = relationship("Measure")
    cost_lines: Mapped[list["CostLine"]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="CostLine.position"
    )
    allocation: Mapped["Allocation | None"] = relationship(
        back_populates="application", uselist=False
    )

    @property
    def scope_areas(self):
        """Permission scope: the budget's area."""
        return [self.budget.area]

    @property
    def status_label(self) -> str:
        """Translated status."""
        return str(APPLICATION_STATUSES.get(self.status, self.status))

    @property
    def granted(self) -> int:
        """Amount allocated (0 when none)."""
        return self.allocation.amount if self.allocation else 0


class CostLine(db.Model):
    """One line of the cost plan (item, amount); the use report adds the actual cost."""

    __tablename__ = "budget_cost_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("budget_applications.id", ondelete="CASCADE"), index=True
    )
    item: Mapped[str] = mapped_column(String(200))
    amount: Mapped[int]
    #: Actual cost from the use report; NULL until reported.
    actual: Mapped[int | None]
    position: Mapped[int] = mapped_column(default=0)

    application: Mapped[Application] = relationship(back_populates="cost_lines")


class Score(db.Model):
    """A voting member's score of one application on one criterion."""

    __tablename__ = "budget_scores"
    __table_args__ = (UniqueConstraint("application_id", "membership_id", "criterion_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("budget_applications.id", ondelete="CASCADE"), index=True
    )
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("body_memberships.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("budget_criteria.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[int]
    #: Staff account that entered the score for the member.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Conflict(db.Model):
    """A member who may not score an application: declared, or found in the stakeholder registry."""

    __tablename__ = "budget_conflicts"
    __table_args__ = (UniqueConstraint("application_id", "membership_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("budget_applications.id", ondelete="CASCADE"), index=True
    )
    membership_id: Mapped[int] = mapped_column(
        ForeignKey("body_memberships.id", ondelete="CASCADE"), index=True
    )
    #: ``declared`` by the member or ``registry`` (member belongs to the applying organisation).
    source: Mapped[str] = mapped_column(String(10), default="declared")
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    membership = relationship("participation.meetings.models.bodies.Membership")


class VoteCode(db.Model):
    """An invitation code for a representative vote (only its hash is stored)."""

    __tablename__ = "budget_vote_codes"
    __table_args__ = (UniqueConstraint("budget_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Ballot(db.Model):
    """One vote set; ``voter_key`` (hash of code or browser token) makes it one per voter."""

    __tablename__ = "budget_ballots"
    __table_args__ = (UniqueConstraint("budget_id", "voter_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), index=True)
    #: Hash of the invitation code or browser token; random for paper ballots.
    voter_key: Mapped[str] = mapped_column(String(64))
    #: ``online`` or ``paper`` (entered by staff after a Kiezkassenversammlung).
    channel: Mapped[str] = mapped_column(String(10), default="online")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    choices: Mapped[list["BallotChoice"]] = relationship(cascade="all, delete-orphan")


class BallotChoice(db.Model):
    """One project chosen on a ballot (counted with GROUP BY)."""

    __tablename__ = "budget_ballot_choices"

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("budget_ballots.id", ondelete="CASCADE"), primary_key=True
    )
    application_id: Mapped[int] = mapped_column(
        ForeignKey("budget_applications.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Allocation(db.Model):
    """Money granted to an application (partial funding allowed), by a decision or the vote."""

    __tablename__ = "budget_allocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("budget_applications.id", ondelete="CASCADE"), unique=True
    )
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), index=True)
    #: Whole euros.
    amount: Mapped[int]
    #: The body's decision (meetings package); NULL when the residents' vote decided alone.
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_decisions.id", ondelete="SET NULL")
    )
    #: ``body`` or ``vote``.
    source: Mapped[str] = mapped_column(String(6), default="body")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="allocation")
    decision = relationship("Decision")


class SpendingEntry(db.Model):
    """Money spent on a funded project, or paid back (receipts stay with the office)."""

    __tablename__ = "budget_spending"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("budget_applications.id", ondelete="CASCADE"), index=True
    )
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), index=True)
    #: ``spent`` or ``payback`` (money not used or misused, returned to the budget).
    kind: Mapped[str] = mapped_column(String(8), default="spent")
    spent_on: Mapped[date]
    amount: Mapped[int]
    note: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
