"""Which contributions, meetings, measures and budgets a report covers (process or area, period)."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from participation.areas.models import Area
from participation.contributions.models import Contribution, ContributionArea
from participation.extensions import db

#: Contributions a report counts: not moderated away, not withdrawn (same rule as the feedback
#: loop in participation/measures/stats.py).
COUNTED = ("visible", "pending")


def day_start(day: date | None) -> datetime | None:
    """Midnight (UTC) at the start of *day*: the inclusive lower bound of a period."""
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


def day_end(day: date | None) -> datetime | None:
    """Midnight (UTC) after *day*: the exclusive upper bound, so the whole last day counts."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC) if day else None


class Scope:
    """Which contributions, meetings, measures and budgets a report covers."""

    def __init__(self, process=None, area=None, start=None, end=None):
        self.process, self.area, self.start, self.end = process, area, start, end

    def contributions(self, stmt):
        """Restrict *stmt* (over ``Contribution``) to the report's contributions."""
        stmt = stmt.where(Contribution.visibility.in_(COUNTED))
        if self.process is not None:
            stmt = stmt.where(Contribution.process_id == self.process.id)
        if self.area is not None:
            stmt = stmt.where(
                Contribution.id.in_(
                    select(ContributionArea.contribution_id).where(
                        ContributionArea.area_id == self.area.id
                    )
                )
            )
        if self.start:
            stmt = stmt.where(Contribution.created_at >= day_start(self.start))
        if self.end:
            stmt = stmt.where(Contribution.created_at < day_end(self.end))
        return stmt

    def process_ids(self) -> list[int]:
        """The processes the report is about (for an area: those touching its subtree)."""
        if self.process is not None:
            return [self.process.id]
        from participation.processes.models import process_areas

        return list(
            db.session.scalars(
                select(process_areas.c.process_id)
                .join(Area, Area.id == process_areas.c.area_id)
                .where(Area.path.startswith(self.area.path))
                .distinct()
            )
        )

    def in_period(self, column):
        """Conditions keeping *column* (a datetime) inside the period."""
        conds = []
        if self.start:
            conds.append(column >= day_start(self.start))
        if self.end:
            conds.append(column < day_end(self.end))
        return conds
