"""Feedback-loop figures: answered rate, median days to an answer, open and overdue items.

All counted in SQL. "Answered" means an outcome beyond "received" (DOMAIN.md §1: nothing may
vanish); hidden contributions (moderated away) are not counted, pending ones are.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from sqlalchemy import String, and_, case, cast, func, literal_column, null, select, union_all

from participation.contributions.models import Contribution, ContributionArea
from participation.core.db import utcnow
from participation.extensions import db
from participation.measures.models import (
    OPEN_VISIBILITIES,
    ContributionOutcome,
    MeasureProcessSetting,
)


@dataclass
class FeedbackStats:
    """Figures for one process or area."""

    total: int = 0
    answered: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    median_days: float | None = None
    overdue: int = 0
    overdue_days: int = 21

    @property
    def open(self) -> int:
        """Contributions without an answer yet."""
        return self.total - self.answered

    @property
    def answered_rate(self) -> int | None:
        """Percent answered (rounded), None without contributions."""
        return round(100 * self.answered / self.total) if self.total else None


def _scope(stmt, process=None, area=None):
    stmt = stmt.where(Contribution.visibility.in_(OPEN_VISIBILITIES))
    if process is not None:
        stmt = stmt.where(Contribution.process_id == process.id)
    if area is not None:
        stmt = stmt.where(
            Contribution.id.in_(
                select(ContributionArea.contribution_id).where(ContributionArea.area_id == area.id)
            )
        )
    return stmt


def unanswered_days(process=None) -> int:
    """Days after which a contribution without answer is warned (per process, else global)."""
    if process is not None:
        days = db.session.scalar(
            select(MeasureProcessSetting.unanswered_days).where(
                MeasureProcessSetting.process_id == process.id
            )
        )
        if days:
            return days
    return int(current_app.config.get("MEASURES_UNANSWERED_DAYS", 21))


def feedback_stats(process=None, area=None) -> FeedbackStats:
    """Answered rate, median days to an answer and overdue count (three queries)."""
    stats = FeedbackStats(overdue_days=unanswered_days(process))
    cutoff = utcnow() - timedelta(days=stats.overdue_days)
    overdue = func.sum(case((Contribution.created_at < cutoff, 1), else_=0))
    rows = db.session.execute(
        _scope(select(Contribution.status, func.count(), overdue), process, area).group_by(
            Contribution.status
        )
    ).all()
    for status, n, late in rows:
        stats.by_status[status] = n
        stats.total += n
        if status != "received":
            stats.answered += n
        else:
            stats.overdue = int(late or 0)
    stats.median_days = _median_days(process, area)
    return stats


def _median_days(process, area) -> float | None:
    """Median of the stored days-to-answer: the middle row(s) of one ordered query."""
    base = _scope(
        select(ContributionOutcome.answer_days)
        .join(Contribution, Contribution.id == ContributionOutcome.contribution_id)
        .where(ContributionOutcome.answer_days.is_not(None)),
        process,
        area,
    )
    n = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    if not n:
        return None
    middle = list(
        db.session.scalars(
            base.order_by(ContributionOutcome.answer_days)
            .offset((n - 1) // 2)
            .limit(1 if n % 2 else 2)
        )
    )
    return round(sum(middle) / len(middle), 1)


def public_figures(process=None, area=None) -> FeedbackStats:
    """What the public pages show (total, answered, median days; no overdue): one query.

    The status counts and the middle row(s) of the days-to-answer come back as one
    ``UNION ALL``; the median is picked with window functions (row number against the count),
    so the public pages spend one statement here instead of four.
    """
    counts = _scope(
        select(
            literal_column("'s'").label("kind"),
            Contribution.status.label("status"),
            func.count().label("n"),
        ),
        process,
        area,
    ).group_by(Contribution.status)
    ranked = _scope(
        select(
            ContributionOutcome.answer_days.label("days"),
            func.row_number().over(order_by=ContributionOutcome.answer_days).label("rn"),
            func.count().over().label("total"),
        )
        .join(Contribution, Contribution.id == ContributionOutcome.contribution_id)
        .where(ContributionOutcome.answer_days.is_not(None)),
        process,
        area,
    ).subquery()
    # rn is the middle row (odd count) or one of the two middle rows (even count)
    middle = select(
        literal_column("'m'").label("kind"), cast(null(), String).label("status"), ranked.c.days
    ).where(and_(ranked.c.rn * 2 >= ranked.c.total, ranked.c.rn * 2 <= ranked.c.total + 2))
    stats = FeedbackStats()
    days = []
    for kind, status, n in db.session.execute(union_all(counts, middle)).all():
        if kind == "m":
            days.append(n)
            continue
        n = int(n)  # the shared column takes the days' type on PostgreSQL (a float)
        stats.by_status[status] = n
        stats.total += n
        if status != "received":
            stats.answered += n
    if days:
        stats.median_days = round(sum(days) / len(days), 1)
    return stats


def open_items(process=None, area=None, limit: int = 20) -> list[Contribution]:
    """The oldest contributions still without an answer."""
    return list(
        db.session.scalars(
            _scope(select(Contribution), process, area)
            .where(Contribution.status == "received")
            .order_by(Contribution.created_at, Contribution.id)
            .limit(limit)
        )
    )
