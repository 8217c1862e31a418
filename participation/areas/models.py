"""Area levels (Bezirk → … → Planungsraum) and versioned areas with GeoJSON geometry."""

from datetime import date

from sqlalchemy import JSON, Float, ForeignKey, Index, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.core.i18n import localized
from participation.extensions import db


class AreaLevel(db.Model):
    """One level of the city's area hierarchy; names and order are configured per installation."""

    __tablename__ = "area_levels"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable key used by the CLI, e.g. ``bezirk``.
    key: Mapped[str] = mapped_column(String(40), unique=True)
    #: ``{"de": "Bezirk", "en": "District"}``.
    names: Mapped[dict[str, str]] = mapped_column(JSON)
    #: 1 = top level; the parent level of rank n is the level of rank n-1.
    rank: Mapped[int] = mapped_column(unique=True)

    @property
    def name(self) -> str:
        """Level name in the current language."""
        return localized(self.names)


class Area(db.Model):
    """One version of an area. A changed boundary closes the old version (``valid_to``)."""

    __tablename__ = "areas"
    __table_args__ = (
        UniqueConstraint("level_id", "code", "valid_from"),
        Index("ix_areas_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    level_id: Mapped[int] = mapped_column(ForeignKey("area_levels.id"), index=True)
    #: Official code, kept as text: leading zeros matter (``08010101``).
    code: Mapped[str] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    #: Ancestor chain of level-qualified codes, ``/1:08/2:0801/``; stable across versions, so a
    #: subtree test is a prefix test.
    path: Mapped[str] = mapped_column(String(400), index=True)
    #: GeoJSON geometry in WGS84 (lon/lat), as imported.
    geometry: Mapped[dict] = mapped_column(JSON, deferred=True)
    #: Simplified geometry (~10 m) for maps: keeps pages light.
    display_geometry: Mapped[dict] = mapped_column(JSON, deferred=True)
    min_lon: Mapped[float] = mapped_column(Float)
    min_lat: Mapped[float] = mapped_column(Float)
    max_lon: Mapped[float] = mapped_column(Float)
    max_lat: Mapped[float] = mapped_column(Float)
    population: Mapped[int | None]
    #: Date the population figure refers to.
    population_date: Mapped[date | None]
    valid_from: Mapped[date]
    #: NULL for the current version.
    valid_to: Mapped[date | None] = mapped_column(index=True)

    level: Mapped[AreaLevel] = relationship(lazy="joined")
    parent: Mapped["Area | None"] = relationship(remote_side=[id])

    @property
    def is_current(self) -> bool:
        """True for the version in force today."""
        return self.valid_to is None

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """``(min_lon, min_lat, max_lon, max_lat)``."""
        return (self.min_lon, self.min_lat, self.max_lon, self.max_lat)

    def contains_area(self, other: "Area") -> bool:
        """True when *other* is this area or lies below it in the hierarchy."""
        return other.path.startswith(self.path)

    def ancestors(self) -> list["Area"]:
        """Parent chain from the top level down to the direct parent."""
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def children(self) -> list["Area"]:
        """Current child areas, by name."""
        return db.session.scalars(
            select(Area)
            .where(Area.parent_id == self.id, Area.valid_to.is_(None))
            .order_by(Area.name)
        ).all()


def current_areas():
    """Select statement for the areas in force today."""
    return select(Area).where(Area.valid_to.is_(None))
