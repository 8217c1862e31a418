"""Read helpers: filter options, filtered lists, counts for the panels (all aggregated in SQL)."""

from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from participation.areas.queries import areas_by_level
from participation.contributions.models import STATUSES, Contribution, ContributionArea
from participation.core.pagination import Page, paginate
from participation.core.params import parse_int
from participation.extensions import db

PAGE_SIZE = 20


@dataclass
class Filters:
    """What the resident filtered by on the browse page and the map."""

    category: int | None = None
    area: int | None = None
    status: str | None = None

    @classmethod
    def from_args(cls, args) -> "Filters":
        """Read ``category``, ``area`` and ``status`` from query arguments, ignoring junk."""
        category = args.get("category", "")
        area = args.get("area", "")
        status = args.get("status", "")
        return cls(
            parse_int(category),
            parse_int(area),
            status if status in STATUSES else None,
        )

    def as_args(self) -> dict[str, str]:
        """The filters as query arguments (empty ones left out)."""
        values = {"category": self.category, "area": self.area, "status": self.status}
        return {k: str(v) for k, v in values.items() if v is not None}


def area_options(process) -> dict[str, list[tuple[str, str]]]:
    """The process areas and every area below them, grouped by level name (for ``<optgroup>``)."""
    return areas_by_level(within=[a.path for a in process.areas], value=str)


def apply_filters(stmt, filters: Filters):
    """Restrict a select on :class:`Contribution` by category, area (any level) and status."""
    if filters.category is not None:
        stmt = stmt.where(Contribution.category_id == filters.category)
    if filters.status is not None:
        stmt = stmt.where(Contribution.status == filters.status)
    if filters.area is not None:
        stmt = stmt.where(
            Contribution.id.in_(
                select(ContributionArea.contribution_id).where(
                    ContributionArea.area_id == filters.area
                )
            )
        )
    return stmt


def visible_list(process, filters: Filters, page: int = 1) -> Page:
    """One page of visible contributions (newest first), with the total count."""
    base = apply_filters(
        select(Contribution).where(
            Contribution.process_id == process.id, Contribution.visibility == "visible"
        ),
        filters,
    )
    return paginate(
        base.order_by(Contribution.created_at.desc(), Contribution.id.desc())
        # The process and its categories are loaded already: taken from the identity map
        # instead of joined again (which would also reload the process's lists).
        .options(lazyload(Contribution.process), lazyload(Contribution.category)),
        per_page=PAGE_SIZE,
        page=page,
        args=filters.as_args(),
    )


def visibility_counts(process) -> dict[str, int]:
    """``{"visible": n, "pending": n, "hidden": n, "review": n, "total": n}`` in one query."""
    counts = {"visible": 0, "pending": 0, "hidden": 0, "review": 0, "total": 0}
    rows = db.session.execute(
        select(Contribution.visibility, Contribution.needs_review, func.count())
        .where(Contribution.process_id == process.id)
        .group_by(Contribution.visibility, Contribution.needs_review)
    ).all()
    for visibility, needs_review, n in rows:
        counts[visibility] = counts.get(visibility, 0) + n
        counts["total"] += n
        if needs_review:
            counts["review"] += n
    return counts


class TopItem(NamedTuple):
    """A row of the "most supported" list: columns only, the category from the loaded process."""

    id: int
    title: str
    support_count: int
    category: Any


def panel_summary(process, limit: int = 3) -> tuple[int, list[TopItem]]:
    """(number of visible contributions, the *limit* most supported) in one column query.

    The total rides along on every row as a window count, so the public panel costs one query
    however many contributions there are.
    """
    rows = db.session.execute(
        select(
            Contribution.id,
            Contribution.title,
            Contribution.support_count,
            Contribution.category_id,
            func.count().over().label("total"),
        )
        .where(Contribution.process_id == process.id, Contribution.visibility == "visible")
        .order_by(Contribution.support_count.desc(), Contribution.id.desc())
        .limit(limit)
    ).all()
    categories = {c.id: c for c in process.categories}
    top = [TopItem(r.id, r.title, r.support_count, categories.get(r.category_id)) for r in rows]
    return (rows[0].total if rows else 0), top


def most_supported(process, limit: int = 3) -> list[TopItem]:
    """The visible contributions with the most supporters (columns, not ORM objects)."""
    return panel_summary(process, limit)[1]
