"""Budgets (Kiezkasse, Verfügungsfonds, Sozialraumbudget), their decision tiers and criteria,
and the split of a city-wide pot over areas."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db

#: Pillars a capped area budget may fund.
PILLARS = {
    "quartiersbudget": _l("Neighbourhood budget (milieu work)"),
    "kooperatives_projekt": _l("Cooperative project"),
    "verfuegungsfonds": _l("Disposition fund"),
}
#: Entitlement-funded case work: never in a capped budget (the service refuses it with this
#: reason) — a legal entitlement cannot run out because a fund is used up.
ENTITLEMENT_PILLARS = {
    "hilfen_zur_erziehung": _l("Educational support (Hilfen zur Erziehung)"),
    "eingliederungshilfe": _l("Integration assistance (Eingliederungshilfe)"),
    "legal_entitlement": _l("Other legal entitlement"),
}
ALLOCATION_MODES = {
    "body": _l("Scoring and decision by the body"),
    "vote": _l("Residents' vote"),
    "vote_then_body": _l("Residents' vote, confirmed by the body"),
}
APPLICANT_TYPES = {
    "resident": _l("Resident"),
    "initiative": _l("Initiative"),
    "club": _l("Club or association"),
    "commercial": _l("Commercial firm"),
}
BALLOT_KINDS = {
    "knapsack": _l("Choose projects until the budget is used"),
    "approval": _l("Approve as many projects as you like"),
}
VOTE_ACCESS = {
    "codes": _l("Invitation codes (representative vote)"),
    "browser": _l("One vote per browser"),
}


class Budget(db.Model):
    """A fixed sum for one area and period, distributed by published criteria."""

    __tablename__ = "budgets"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: The administrative unit the budget belongs to (budgets attach to fixed areas).
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), index=True)
    #: Process whose feedback loop the applications join (as contributions); optional.
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="SET NULL"), index=True
    )
    #: Administering body (meetings package); NULL for a pure residents' vote.
    body_id: Mapped[int | None] = mapped_column(
        ForeignKey("bodies.id", ondelete="SET NULL"), index=True
    )
    #: Period label, e.g. ``2027``.
    period: Mapped[str] = mapped_column(String(20))
    #: Whole euros.
    amount: Mapped[int]
    funding_source: Mapped[str] = mapped_column(String(200), default="")
    #: Key of :data:`PILLARS`.
    pillar: Mapped[str] = mapped_column(String(30), default="quartiersbudget")
    #: Key of :data:`ALLOCATION_MODES`.
    allocation_mode: Mapped[str] = mapped_column(String(20), default="body")
    #: Whole euros; NULL = up to the whole budget.
    max_per_application: Mapped[int | None]
    #: Keys of :data:`APPLICANT_TYPES` that may apply.
    applicant_types: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: ["resident", "initiative", "club"]
    )
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    #: Residents' vote: window, ballot kind, access.
    vote_opens_on: Mapped[date | None]
    vote_closes_on: Mapped[date | None]
    ballot_kind: Mapped[str] = mapped_column(String(10), default="knapsack")
    vote_access: Mapped[str] = mapped_column(String(10), default="browser")
    #: Set when the first application arrives; criteria change only with a body decision then.
    criteria_frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Share of a city-wide split this budget came from (documented formula), optional.
    split_share_id: Mapped[int | None] = mapped_column(
        ForeignKey("budget_split_shares.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    area = relationship("Area", lazy="joined")
    process = relationship("Process")
    body = relationship("Body")
    split_share = relationship("CitySplitShare")
    tiers: Mapped[list["DecisionTier"]] = relationship(
        back_populates="budget", cascade="all, delete-orphan", order_by="DecisionTier.position"
    )
    criteria: Mapped[list["Criterion"]] = relationship(
        back_populates="budget", cascade="all, delete-orphan", order_by="Criterion.position"
    )
    criteria_history: Mapped[list["CriterionChange"]] = relationship(
        cascade="all, delete-orphan", order_by="CriterionChange.id"
    )

    @property
    def scope_areas(self):
        """Permission scope: the budget's area."""
        return [self.area]

    @property
    def pillar_label(self) -> str:
        """Translated pillar."""
        return str(PILLARS.get(self.pillar, self.pillar))

    @property
    def mode_label(self) -> str:
        """Translated allocation mode."""
        return str(ALLOCATION_MODES.get(self.allocation_mode, self.allocation_mode))

    @property
    def uses_vote(self) -> bool:
        """True when residents vote."""
        return self.allocation_mode in ("vote", "vote_then_body")

    def window_open(self, on: date | None = None) -> bool:
        """True while applications are taken."""
        on = on or date.today()
        return self.opens_on <= on <= self.closes_on

    def vote_open(self, on: date | None = None) -> bool:
        """True while the residents' vote runs."""
        on = on or date.today()
        return bool(
            self.uses_vote
            and self.vote_opens_on
            and self.vote_closes_on
            and self.vote_opens_on <= on <= self.vote_closes_on
        )

    def tier_for(self, amount: int) -> "DecisionTier | None":
        """The tier that decides an application of *amount* euros."""
        for tier in self.tiers:
            if tier.up_to is None or amount <= tier.up_to:
                return tier
        return None


class DecisionTier(db.Model):
    """Who decides applications up to an amount (e.g. up to 500 € the neighbourhood management)."""

    __tablename__ = "budget_tiers"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), index=True)
    #: Upper bound in whole euros (inclusive); NULL = everything above the previous tier.
    up_to: Mapped[int | None]
    #: Who decides, in words ("Quartiersmanagement", "Runder Tisch", "Bezirksverordnete").
    decider: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    budget: Mapped[Budget] = relationship(back_populates="tiers")


class Criterion(db.Model):
    """A published, weighted criterion with a plain-language description and a scale 0…max."""

    __tablename__ = "budget_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Relative weight (positive integer).
    weight: Mapped[int] = mapped_column(default=1)
    #: Scores run from 0 to this value.
    scale_max: Mapped[int] = mapped_column(default=5)
    position: Mapped[int] = mapped_column(default=0)

    budget: Mapped[Budget] = relationship(back_populates="criteria")


class CriterionChange(db.Model):
    """History of criteria changes; after the freeze each needs a decision of the body."""

    __tablename__ = "budget_criterion_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id", ondelete="CASCADE"), index=True)
    #: What changed, in words (shown on the public page).
    summary: Mapped[str] = mapped_column(Text)
    #: The body's decision that allowed the change (required once criteria are frozen).
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_decisions.id", ondelete="SET NULL")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decision = relationship("Decision")


class CitySplit(db.Model):
    """A city-wide pot split over areas by population with a minimum and maximum per area.

    Rounding: whole euros by the largest-remainder method (Hamilton), so the shares add up to
    exactly the pot; ties in the remainder go to the larger population, then the area code.
    """

    __tablename__ = "budget_splits"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    period: Mapped[str] = mapped_column(String(20))
    pot: Mapped[int]
    min_per_area: Mapped[int] = mapped_column(default=0)
    #: NULL = no maximum.
    max_per_area: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    shares: Mapped[list["CitySplitShare"]] = relationship(
        cascade="all, delete-orphan", order_by="CitySplitShare.id"
    )


class CitySplitShare(db.Model):
    """One area's share of a city-wide split, with the population it was computed from."""

    __tablename__ = "budget_split_shares"

    id: Mapped[int] = mapped_column(primary_key=True)
    split_id: Mapped[int] = mapped_column(
        ForeignKey("budget_splits.id", ondelete="CASCADE"), index=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"))
    population: Mapped[int] = mapped_column(default=0)
    amount: Mapped[int]

    area = relationship("Area")
