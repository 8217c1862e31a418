"""Contribution ↔ measure links, themes (Bündelung), outcomes and reusable reason templates."""

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.core.i18n import localized
from participation.extensions import db

#: Contributions the feedback loop counts, links and answers: not hidden by moderation and not
#: withdrawn by their author.
OPEN_VISIBILITIES = ("visible", "pending")


class ContributionLink(db.Model):
    """A contribution taken up in a measure. Linking is not accepting (DOMAIN.md §5.1)."""

    __tablename__ = "contribution_links"
    __table_args__ = (
        UniqueConstraint("contribution_id", "measure_id"),
        Index("ix_contribution_links_measure", "measure_id", "contribution_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"))
    #: Short public rationale ("Der Wunsch nach Schatten wird mit Sonnensegeln umgesetzt").
    rationale: Mapped[str] = mapped_column(Text, default="")
    #: Set when the link came with the contribution's theme (removed with the theme link).
    via_theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("themes.id", ondelete="SET NULL"), index=True
    )
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    measure = relationship("Measure")
    contribution = relationship("Contribution")
    linked_by = relationship("User")


class Theme(db.Model):
    """Similar contributions bundled under one name; linked and answered like one contribution."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: Outcome of the theme (same vocabulary as a contribution); members follow it.
    status: Mapped[str] = mapped_column(String(20), default="received")
    status_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process = relationship("Process")
    members: Mapped[list["ThemeMember"]] = relationship(
        back_populates="theme", cascade="all, delete-orphan"
    )
    links: Mapped[list["ThemeLink"]] = relationship(
        back_populates="theme", cascade="all, delete-orphan"
    )

    @property
    def scope_areas(self):
        """Areas for permission checks: those of its process."""
        return self.process.areas


class ThemeMember(db.Model):
    """A contribution in a theme; a contribution belongs to at most one theme."""

    __tablename__ = "theme_members"

    theme_id: Mapped[int] = mapped_column(
        ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True
    )
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True, unique=True
    )
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    theme: Mapped[Theme] = relationship(back_populates="members")
    contribution = relationship("Contribution")


class ThemeLink(db.Model):
    """A theme taken up in a measure; every member gets a :class:`ContributionLink` with it."""

    __tablename__ = "theme_links"
    __table_args__ = (UniqueConstraint("theme_id", "measure_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"))
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    rationale: Mapped[str] = mapped_column(Text, default="")
    linked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    theme: Mapped[Theme] = relationship(back_populates="links")
    measure = relationship("Measure")


class ReasonTemplate(db.Model):
    """A reusable, editable resident-readable reason for "not taken up"."""

    __tablename__ = "reason_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    #: ``{"de": …, "en": …}``; the chosen text is copied into the answer and can be edited there.
    texts: Mapped[dict[str, str]] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def text(self) -> str:
        """Text in the current language."""
        return localized(self.texts)


class ContributionOutcome(db.Model):
    """Feedback-loop facts about one contribution that the contributions table does not keep."""

    __tablename__ = "contribution_outcomes"

    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True
    )
    #: True once a planner set the outcome by hand: it no longer follows the linked measures.
    explicit: Mapped[bool] = mapped_column(default=False)
    #: First status beyond "received" (for "days to an answer").
    first_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Days from submission to the first answer; kept so the median is one ordered query.
    answer_days: Mapped[float | None] = mapped_column(Float, index=True)


class OutcomeChange(db.Model):
    """One step of a contribution's outcome, for its timeline (official answers are marked)."""

    __tablename__ = "outcome_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    old_status: Mapped[str] = mapped_column(String(20))
    new_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: Written by staff as an answer to the resident (shown as "official answer").
    official: Mapped[bool] = mapped_column(default=False)
    #: ``staff``, ``measure`` (followed a linked measure) or ``theme`` (followed its theme).
    source: Mapped[str] = mapped_column(String(10), default="staff")
    measure_id: Mapped[int | None] = mapped_column(ForeignKey("measures.id", ondelete="SET NULL"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
