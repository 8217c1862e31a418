"""Indicator catalogue (Kennzahlen), values per area and period, and goals' indicator links.

An empty source value is *suppressed* (the statistics office hid it for data protection): it is
stored as a row with ``suppressed = True`` and ``value = NULL``, never as 0, so pages can say
"not published" instead of pretending there is nothing.
"""

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.db import UTCDateTime, utcnow
from participation.core.i18n import localized
from participation.extensions import db

#: Polarity codes: how to read a higher value (never turned into "good"/"bad" colours).
POLARITIES = ("higher_better", "higher_worse", "neutral")
#: Kinds of value: counts are summed when aggregating, everything else is averaged (weighted).
KINDS = ("count", "share", "rate", "ratio", "change")


class Indicator(db.Model):
    """One indicator of the catalogue, e.g. ``child_poverty`` (share of children in poverty)."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable key used by imports and goals, e.g. ``unemployment``.
    code: Mapped[str] = mapped_column(String(60), unique=True)
    #: ``{"de": "Arbeitslosigkeit", "en": "Unemployment"}``.
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    #: Plain-language definition per language: what is counted, out of whom.
    definitions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: Display unit: ``%``, ``residents``, ``m²``, ``rooms``, ``pp`` (percentage points) …
    unit: Mapped[str] = mapped_column(String(20), default="")
    #: See :data:`KINDS`; decides the aggregation rule (sum for counts, weighted mean otherwise).
    kind: Mapped[str] = mapped_column(String(10), default="share")
    #: See :data:`POLARITIES`.
    polarity: Mapped[str] = mapped_column(String(14), default="neutral")
    source: Mapped[str] = mapped_column(Text, default="")
    topic: Mapped[str] = mapped_column(String(60), default="")
    licence: Mapped[str] = mapped_column(String(200), default="")
    #: The source itself calls the figures estimates (pages label them so).
    is_estimate: Mapped[bool] = mapped_column(default=False)
    #: A share of all residents: the profile shows "about N residents" beside it.
    share_of_residents: Mapped[bool] = mapped_column(default=False)
    #: Shown among the key indicators of the area profile.
    is_key: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def name(self) -> str:
        """Name in the current language."""
        return localized(self.names)

    @property
    def definition(self) -> str:
        """Plain-language definition in the current language."""
        return localized(self.definitions or {}) if self.definitions else ""


class IndicatorValue(db.Model):
    """The value of one indicator for one area and one period (e.g. ``2020``)."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("indicator_id", "area_id", "period"),
        # Profile and city mean: all values of an area / of an indicator in a period.
        Index("ix_indicator_values_area", "area_id", "indicator_id", "period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    area_id: Mapped[int] = mapped_column(ForeignKey("areas.id", ondelete="CASCADE"))
    #: Reference period as text: ``2020``, ``2020-H1``; sorts chronologically.
    period: Mapped[str] = mapped_column(String(20))
    #: NULL exactly when ``suppressed``.
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    #: For aggregated values: the residents of the units that entered the mean.
    denominator: Mapped[float | None] = mapped_column(Float)
    #: The source left the value empty (data protection): shown as "not published", never 0.
    suppressed: Mapped[bool] = mapped_column(default=False)
    #: Derived or modelled rather than counted (e.g. computed from a two-year change).
    is_estimate: Mapped[bool] = mapped_column(default=False)
    #: ``source`` (as imported) or ``aggregated`` (computed from smaller units).
    method: Mapped[str] = mapped_column(String(12), default="source")
    #: For aggregated values: ``{"units": n, "suppressed_units": m}``.
    detail: Mapped[dict | None] = mapped_column(JSON)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    indicator: Mapped[Indicator] = relationship(lazy="joined")
    area = relationship("Area")


class GoalIndicator(db.Model):
    """Which indicator measures a goal (measures package), with baseline and target.

    Kept here so that ``measures`` never imports ``indicators``; one indicator per goal.
    """

    __tablename__ = "goal_indicators"

    goal_id: Mapped[int] = mapped_column(
        ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True
    )
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("indicators.id", ondelete="CASCADE"), index=True
    )
    #: Area whose values count; NULL uses the goal's area.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    baseline_period: Mapped[str] = mapped_column(String(20), default="")
    #: NULL: taken from the stored value of ``baseline_period``.
    baseline_value: Mapped[float | None] = mapped_column(Float)
    target_value: Mapped[float | None] = mapped_column(Float)
    target_period: Mapped[str] = mapped_column(String(20), default="")

    indicator: Mapped[Indicator] = relationship(lazy="joined")
    area = relationship("Area")
