"""Selecting contributions for bulk work: by filter (category, area, status, words, unlinked)
and/or by a box drawn on the map; the same selection is counted, listed, previewed and applied."""

from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from participation.contributions.models import STATUSES, Contribution, ContributionArea
from participation.core.params import parse_int
from participation.extensions import db
from participation.measures.models import OPEN_VISIBILITIES, ContributionLink, ThemeMember

PAGE_SIZE = 50
MAX_IDS = 20_000  # one bulk step; more is refused with a message (filter further)


def _float(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -180 <= number <= 180 else None


@dataclass
class Selection:
    """What the planner filtered by; ``ids`` are ticked checkboxes (then only those count)."""

    category: int | None = None
    area: int | None = None
    status: str | None = None
    q: str = ""
    unlinked: bool = False
    bbox: tuple[float, float, float, float] | None = None
    ids: list[int] = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> "Selection":
        """Read the selection from query or form arguments, ignoring junk."""
        category, area, status = args.get("category", ""), args.get("area", ""), args.get("status")
        box = [_float(args.get(k)) for k in ("west", "south", "east", "north")]
        bbox = None
        if all(v is not None for v in box):
            west, south, east, north = box
            bbox = (min(west, east), min(south, north), max(west, east), max(south, north))
        ids = [n for n in map(parse_int, args.getlist("ids")) if n is not None][:MAX_IDS]
        if args.get("scope") == "all":  # "all matching" wins over ticked boxes
            ids = []
        return cls(
            parse_int(category),
            parse_int(area),
            status if status in STATUSES else None,
            (args.get("q") or "").strip()[:100],
            args.get("unlinked") in ("1", "y", "on"),
            bbox,
            ids,
        )

    def as_args(self) -> dict[str, str]:
        """Filter arguments for links and hidden fields (ticked ids are sent separately)."""
        values: dict[str, str] = {}
        if self.category is not None:
            values["category"] = str(self.category)
        if self.area is not None:
            values["area"] = str(self.area)
        if self.status:
            values["status"] = self.status
        if self.q:
            values["q"] = self.q
        if self.unlinked:
            values["unlinked"] = "1"
        if self.bbox:
            for key, value in zip(("west", "south", "east", "north"), self.bbox, strict=True):
                values[key] = f"{value:.6f}"
        return values

    def statement(self, process, columns=None):
        """Select the matching contributions of *process* (never hidden ones)."""
        stmt = select(*(columns or [Contribution])).where(
            Contribution.process_id == process.id, Contribution.visibility.in_(OPEN_VISIBILITIES)
        )
        if self.ids:
            return stmt.where(Contribution.id.in_(self.ids))
        if self.category is not None:
            stmt = stmt.where(Contribution.category_id == self.category)
        if self.status:
            stmt = stmt.where(Contribution.status == self.status)
        if self.area is not None:
            stmt = stmt.where(
                Contribution.id.in_(
                    select(ContributionArea.contribution_id).where(
                        ContributionArea.area_id == self.area
                    )
                )
            )
        if self.q:
            pattern = f"%{self.q.lower()}%"
            stmt = stmt.where(
                or_(
                    func.lower(Contribution.title).like(pattern),
                    func.lower(Contribution.body).like(pattern),
                )
            )
        if self.unlinked:
            stmt = stmt.where(
                ~Contribution.id.in_(select(ContributionLink.contribution_id)),
                ~Contribution.id.in_(select(ThemeMember.contribution_id)),
            )
        if self.bbox:
            west, south, east, north = self.bbox
            stmt = stmt.where(
                Contribution.lon.between(west, east), Contribution.lat.between(south, north)
            )
        return stmt

    def count(self, process) -> int:
        """How many contributions the selection holds."""
        sub = self.statement(process, [Contribution.id]).subquery()
        return db.session.scalar(select(func.count()).select_from(sub)) or 0

    def matching_ids(self, process) -> list[int]:
        """Ids of the selection (at most :data:`MAX_IDS`)."""
        return list(
            db.session.scalars(
                self.statement(process, [Contribution.id]).order_by(Contribution.id).limit(MAX_IDS)
            )
        )

    def page(self, process, page: int = 1) -> list[Contribution]:
        """One page of the selection, oldest unanswered first."""
        return list(
            db.session.scalars(
                self.statement(process)
                .order_by(Contribution.created_at, Contribution.id)
                .limit(PAGE_SIZE)
                .offset((max(page, 1) - 1) * PAGE_SIZE)
            )
        )
