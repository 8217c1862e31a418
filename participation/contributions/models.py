"""Contributions of every kind, their areas at every level, supports and reports."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.extensions import db

#: What kind of input a contribution is.
KINDS = {
    "idea": _l("Idea"),
    "pin": _l("Pin on the map"),
    "survey_answer": _l("Survey answer"),
    "meeting_item": _l("Raised at a meeting"),
    #: An application to an area budget (participation/budgets); the budget page shows it.
    "budget_application": _l("Budget application"),
}
#: How it reached us (DOMAIN.md §3): lets reports show who was reached by which channel.
CHANNELS = {
    "online": _l("Online"),
    "paper": _l("Paper card"),
    "event": _l("At an event"),
    "doorstep": _l("At the door"),
    "phone": _l("By phone"),
    "survey": _l("Survey"),
    "meeting": _l("Meeting"),
}
#: Channels staff use to type in input for residents.
PROXY_CHANNELS = ("paper", "event", "doorstep", "phone")
#: Moderation state: what the public sees.
VISIBILITIES = {
    "pending": _l("Waiting for review"),
    "visible": _l("Visible"),
    "hidden": _l("Hidden"),
    #: The author withdrew it on the tracking page (participation/contributions/authoring.py).
    "withdrawn": _l("Withdrawn by the author"),
}
#: Feedback-loop outcome (issue 10), set by the measures package; shown to the resident.
#: received → in review → taken up → adopted → implemented, or not taken up (with a reason).
STATUSES = {
    "received": _l("Received"),
    "in_review": _l("Being examined"),
    "taken_up": _l("Taken up"),
    "adopted": _l("Adopted"),
    "implemented": _l("Implemented"),
    "not_taken_up": _l("Not taken up"),
}
#: Plain-language explanation of each status for residents.
STATUS_EXPLANATIONS = {
    "received": _l("We have received your contribution. It will be looked at with all others."),
    "in_review": _l("The responsible office is examining your contribution right now."),
    "taken_up": _l(
        "Your contribution was taken up in a measure. That measure has not been decided yet."
    ),
    "adopted": _l("The measure that takes up your contribution has been decided."),
    "implemented": _l("What you suggested has been carried out."),
    "not_taken_up": _l("Your contribution was not taken up. The reason is given below."),
}
#: Statuses that need a reason a resident can understand (DOMAIN.md §5.1).
REASON_REQUIRED = ("not_taken_up",)
TITLE_MAX = 120
BODY_MAX = 2000


class Contribution(db.Model):
    """One input of any kind and channel: the unit the feedback loop links to measures."""

    __tablename__ = "contributions"
    __table_args__ = (
        # Map data: bbox range scans on the visible contributions of one process.
        Index("ix_contributions_map", "process_id", "visibility", "lon", "lat"),
        # ETag of the map data: the newest change of a process is one index lookup.
        Index("ix_contributions_changes", "process_id", "updated_at"),
        # Feedback loop (measures): answered rate and overdue counts are index-only scans.
        Index("ix_contributions_feedback", "process_id", "status", "visibility", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    #: ``idea``, ``pin``, ``survey_answer`` or ``meeting_item`` (see :data:`KINDS`).
    kind: Mapped[str] = mapped_column(String(20))
    #: ``online``, ``paper``, ``event``, ``doorstep``, ``phone``, ``survey`` or ``meeting``.
    channel: Mapped[str] = mapped_column(String(20), index=True)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text, default="")
    #: WGS84 point; NULL for ideas without a place.
    lon: Mapped[float | None] = mapped_column(Float)
    lat: Mapped[float | None] = mapped_column(Float)
    #: The finest area the contribution lies in; all levels are in ``contribution_areas``.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    #: Random file name under ``<instance>/uploads/contributions/`` (never user-chosen).
    photo: Mapped[str | None] = mapped_column(String(64))
    #: ``pending`` (waiting for review), ``visible`` or ``hidden``.
    visibility: Mapped[str] = mapped_column(String(10), default="visible")
    #: Why a moderator hid it; shown to the author on the tracking page.
    hidden_reason: Mapped[str] = mapped_column(Text, default="")
    #: True while a moderator still has to look at it (new online input, or reported).
    needs_review: Mapped[bool] = mapped_column(default=False, index=True)
    #: Maintained counter of reports by residents since the last review (not recounted).
    report_count: Mapped[int] = mapped_column(default=0)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Feedback-loop status (see :data:`STATUSES`); the measures package sets it.
    status: Mapped[str] = mapped_column(String(20), default="received", index=True)
    #: Reason a resident can understand (required for ``not_taken_up``).
    status_reason: Mapped[str] = mapped_column(Text, default="")
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Contact address, stored only with consent to status e-mails.
    email: Mapped[str | None] = mapped_column(String(254))
    email_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: UI language at submission: e-mails to the author use it.
    locale: Mapped[str] = mapped_column(String(8), default="de")
    #: SHA-256 of the private tracking token; the link carries the token itself.
    tracking_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Form token that makes a double submit return the first contribution; the tracking token
    #: is derived from it with the app secret (so status e-mails can carry the link).
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: Maintained counter of "me too" supports (not recounted).
    support_count: Mapped[int] = mapped_column(default=0)
    #: Staff member who typed it in for a resident (proxy entry) or promoted it.
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Where it came from in another package, e.g. ``survey_response:12``.
    source_ref: Mapped[str | None] = mapped_column(String(80), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: Any change the public can see (moderation, status, support) bumps this: map ETags use it.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process = relationship("Process", lazy="joined", innerjoin=True)
    category = relationship("Category", lazy="joined")
    area = relationship("Area")
    entered_by = relationship("User", foreign_keys=[entered_by_id])
    areas: Mapped[list["ContributionArea"]] = relationship(
        back_populates="contribution", cascade="all, delete-orphan", lazy="selectin"
    )

    #: Set by :func:`~participation.contributions.services.create_contribution` only; the
    #: token itself is never stored.
    tracking_token = None
    #: True when ``create_contribution`` returned an earlier contribution (double submit).
    duplicate = False

    @property
    def scope_areas(self):
        """Areas used for permission checks: those of its process."""
        return self.process.areas

    @property
    def is_visible(self) -> bool:
        """True when the public may see it."""
        return self.visibility == "visible"

    @property
    def kind_label(self) -> str:
        """Translated kind."""
        return str(KINDS.get(self.kind, self.kind))

    @property
    def channel_label(self) -> str:
        """Translated channel."""
        return str(CHANNELS.get(self.channel, self.channel))

    @property
    def status_label(self) -> str:
        """Translated feedback-loop status."""
        return str(STATUSES.get(self.status, self.status))

    @property
    def status_explanation(self) -> str:
        """Plain-language meaning of the status for residents."""
        return str(STATUS_EXPLANATIONS.get(self.status, ""))

    @property
    def visibility_label(self) -> str:
        """Translated moderation state."""
        return str(VISIBILITIES.get(self.visibility, self.visibility))

    def area_chain(self) -> list:
        """Areas of every level, top level first (e.g. Neukölln … Körnerpark)."""
        return sorted((link.area for link in self.areas), key=lambda a: a.level.rank)


class ContributionArea(db.Model):
    """The area a contribution lies in, at one level: filters and reports are one join."""

    __tablename__ = "contribution_areas"
    __table_args__ = (Index("ix_contribution_areas_area", "area_id", "contribution_id"),)

    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True
    )
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id"), primary_key=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("area_levels.id"), index=True)

    contribution: Mapped[Contribution] = relationship(back_populates="areas")
    area = relationship("Area", lazy="joined")


class Support(db.Model):
    """One "me too" from one browser; the unique constraint makes it count once."""

    __tablename__ = "contribution_supports"
    __table_args__ = (
        UniqueConstraint("contribution_id", "token_hash"),
        Index("ix_contribution_supports_network", "contribution_id", "network_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(ForeignKey("contributions.id", ondelete="CASCADE"))
    #: SHA-256 of (contribution id, browser token): no IP, not linkable across contributions.
    token_hash: Mapped[str] = mapped_column(String(64))
    #: Keyed hash of the client's network (/24 IPv4, /48 IPv6): limits supports per network.
    network_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Report(db.Model):
    """A resident's report of a contribution (once per browser), with an optional reason."""

    __tablename__ = "contribution_reports"
    __table_args__ = (UniqueConstraint("contribution_id", "token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: Keyed hash of the reporter's network (/24, /48), never the address: a hold needs reports
    #: from several distinct networks within a window.
    network_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


# The precomputed map clusters listen to Contribution writes (imported here so that they are
# registered wherever the models are).
from participation.contributions import clusters as _clusters  # noqa: E402, F401, I001
