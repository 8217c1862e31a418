"""Goal tree (impact-oriented steering): level names come from the installation's config."""

from datetime import date, datetime

from flask import current_app
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.core.i18n import current_language
from participation.extensions import db


def goal_levels() -> list[dict[str, str]]:
    """Configured level names, top first: ``[{"de": "Leitziel", "en": "Guiding goal"}, …]``.

    ``MEASURES_GOAL_LEVELS`` is a comma list; each entry is ``German|English`` (English optional).
    """
    raw = current_app.config.get("MEASURES_GOAL_LEVELS") or "Leitziel,Handlungsziel,Maßnahmenziel"
    levels = []
    for entry in raw.split(","):
        de, _sep, en = entry.strip().partition("|")
        if de:
            levels.append({"de": de.strip(), "en": (en or de).strip()})
    return levels


class Goal(db.Model):
    """A SMART goal in the tree (Leitziel → Handlungsziel → Maßnahmenziel); not a measure."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), index=True
    )
    #: 0 for the top level; the name of the level comes from :func:`goal_levels`.
    depth: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    #: What should be different, in plain words (the "S" of SMART).
    statement: Mapped[str] = mapped_column(Text, default="")
    #: How it is measured; free text until an indicators package exists.
    indicator: Mapped[str] = mapped_column(Text, default="")
    baseline: Mapped[str] = mapped_column(String(200), default="")
    target: Mapped[str] = mapped_column(String(200), default="")
    deadline: Mapped[date | None]
    #: Area the goal applies to (any level); NULL for the whole installation.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    #: Target groups as a list of short labels (e.g. "Kinder", "Alleinerziehende").
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    area = relationship("Area")
    parent: Mapped["Goal | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Goal"]] = relationship(
        back_populates="parent", order_by="Goal.position, Goal.id", cascade="all, delete-orphan"
    )

    @property
    def scope_areas(self):
        """Areas for permission checks (a goal without an area is only for global roles)."""
        return [self.area] if self.area is not None else []

    @property
    def is_complete(self) -> bool:
        """SMART enough to steer by: an indicator and a deadline are given."""
        return bool(self.indicator.strip()) and self.deadline is not None

    @property
    def level_label(self) -> str:
        """Configured name of this goal's level in the current language."""
        levels = goal_levels()
        names = levels[min(self.depth, len(levels) - 1)] if levels else {}
        return names.get(current_language()) or names.get("de", "")
