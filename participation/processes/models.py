"""A participation process (Beteiligungsverfahren), its phases and contribution categories."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.core.i18n import localized
from participation.extensions import db
from participation.processes.texts import Translatable

#: Participation levels (DOMAIN.md §3), lowest first.
LEVELS = {
    "information": _l("Information"),
    "consultation": _l("Consultation"),
    "cooperation": _l("Cooperation"),
    "co_decision": _l("Co-decision"),
}
LEVEL_EXPLANATIONS = {
    "information": _l("You are informed about plans and decisions."),
    "consultation": _l("Your opinion is asked for. Others decide afterwards."),
    "cooperation": _l("You work on the solution together with us."),
    "co_decision": _l("You decide, for example on a neighbourhood budget."),
}
STATUSES = {
    "draft": _l("Draft"),
    "published": _l("Running"),
    "closed": _l("Closed"),
    "archived": _l("Archived"),
}
#: Tools a process can switch on; the packages that provide them read this list.
TOOLS = {
    "pins": _l("Map with pins"),
    "ideas": _l("Ideas"),
    "survey": _l("Survey"),
    "meetings": _l("Meetings"),
}
#: Pin-method categories every new process starts with (DOMAIN.md §3 "Contribution").
DEFAULT_CATEGORIES = [
    (
        "like",
        {
            "de": "Gefällt mir",
            "en": "I like this place",
            "tr": "Burayı seviyorum",
            "ar": "أحب هذا المكان",
        },
        "#1b7837",
    ),
    (
        "avoid",
        {
            "de": "Meide ich",
            "en": "I avoid this place",
            "tr": "Buradan kaçınırım",
            "ar": "أتجنب هذا المكان",
        },
        "#5e3c99",
    ),
    (
        "missing",
        {
            "de": "Fehlt hier",
            "en": "Something is missing here",
            "tr": "Burada bir şey eksik",
            "ar": "ينقص شيء هنا",
        },
        "#b35806",
    ),
    ("idea", {"de": "Idee", "en": "Idea", "tr": "Fikir", "ar": "فكرة"}, "#2166ac"),
]

process_areas = Table(
    "process_areas",
    db.metadata,
    Column("process_id", ForeignKey("processes.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True),
)


class Process(Translatable, db.Model):
    """A bounded participation effort about one subject in one or more areas."""

    __tablename__ = "processes"
    TRANSLATABLE = (
        "title",
        "summary",
        "description",
        "scope_influence",
        "scope_decided",
        "decision_by",
        "resources",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: URL part, unique, e.g. ``spielplatz-koernerpark``.
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[str] = mapped_column(String(20), default="consultation")
    #: Scope statement (required to publish above "information").
    scope_influence: Mapped[str] = mapped_column(Text, default="")
    scope_decided: Mapped[str] = mapped_column(Text, default="")
    #: Who decides, and when.
    decision_by: Mapped[str] = mapped_column(Text, default="")
    #: Money and resources available.
    resources: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_role: Mapped[str] = mapped_column(String(160), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    tools: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: ``pre``: contributions visible after approval; ``post``: visible at once, reviewed later.
    moderation: Mapped[str] = mapped_column(String(4), default="post")
    #: Council members see stakeholder assessments marked "shared with council" only when this is
    #: on (opt-in per process); "planning team only" assessments they never see.
    council_assessments: Mapped[bool] = mapped_column(default=False, server_default=false())
    status: Mapped[str] = mapped_column(String(10), default="draft", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: ``{"en": {"title": …, "summary": …}, "tr": {…}}``; German is in the columns above
    #: (see ``processes/texts.py``).
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)

    areas = relationship("Area", secondary=process_areas, lazy="selectin", order_by="Area.name")
    phases: Mapped[list["Phase"]] = relationship(
        back_populates="process",
        cascade="all, delete-orphan",
        order_by="Phase.start_date",
        lazy="selectin",
    )
    categories: Mapped[list["Category"]] = relationship(
        back_populates="process",
        cascade="all, delete-orphan",
        order_by="Category.position",
        lazy="selectin",
    )

    @property
    def scope_areas(self):
        """Areas used for permission scope checks."""
        return self.areas

    @property
    def title_text(self) -> str:
        """Title in the current language (German fallback)."""
        return self.text("title")

    @property
    def summary_text(self) -> str:
        """Summary in the current language (German fallback)."""
        return self.text("summary")

    @property
    def description_text(self) -> str:
        """Description in the current language (German fallback)."""
        return self.text("description")

    def content_falls_back(self, lang: str | None = None) -> bool:
        """True when the process page in *lang* shows German text of the process or a phase."""
        return self.falls_back(lang) or any(p.falls_back(lang) for p in self.phases)

    @property
    def is_public(self) -> bool:
        """Visible to residents (running, closed or archived — never drafts)."""
        return self.status != "draft"

    @property
    def level_label(self) -> str:
        """Translated participation level."""
        return str(LEVELS[self.level])

    @property
    def status_label(self) -> str:
        """Translated status."""
        return str(STATUSES[self.status])

    def current_phase(self, today: date | None = None) -> "Phase | None":
        """The phase whose dates include *today* (default: today in Berlin)."""
        today = today or date.today()
        for phase in self.phases:
            if phase.start_date <= today and (phase.end_date is None or today <= phase.end_date):
                return phase
        return None

    def uses(self, tool: str) -> bool:
        """True when *tool* is switched on."""
        return tool in (self.tools or [])


class Phase(Translatable, db.Model):
    """A dated step of a process, e.g. "Ideen sammeln" from 1 March to 30 April."""

    __tablename__ = "phases"
    TRANSLATABLE = ("title", "description")

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    #: ``{"en": {"title": …, "description": …}}``; German is in the columns.
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)

    process: Mapped[Process] = relationship(back_populates="phases")

    @property
    def title_text(self) -> str:
        """Title in the current language (German fallback)."""
        return self.text("title")

    @property
    def description_text(self) -> str:
        """Description in the current language (German fallback)."""
        return self.text("description")


class Category(db.Model):
    """A contribution category of a process (pin method: like, avoid, missing, idea)."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("process_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(
        ForeignKey("processes.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(40))
    #: ``{"de": …, "en": …}``; further languages can be added without code changes.
    labels: Mapped[dict[str, str]] = mapped_column(JSON)
    #: Marker colour (hex); colour is never the only cue — labels are always shown too.
    color: Mapped[str] = mapped_column(String(7), default="#2166ac")
    position: Mapped[int] = mapped_column(default=0)

    process: Mapped[Process] = relationship(back_populates="categories")

    @property
    def label(self) -> str:
        """Label in the current language."""
        return localized(self.labels)
