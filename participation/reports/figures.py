"""The contribution figures of a report: by channel, area and phase, the outcome × category grid
and the most supported contributions — all from ``GROUP BY`` queries, every count suppressed."""

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.areas.models import Area
from participation.contributions.models import (
    CHANNELS,
    STATUSES,
    Contribution,
    ContributionArea,
)
from participation.core.suppression import (
    Cell,
    suppress,
    suppress_distribution,
    suppress_totals,
)
from participation.extensions import db
from participation.processes.models import Category
from participation.reports.indicators import population
from participation.reports.scope import Scope, day_end, day_start

MOST_SUPPORTED = 10


@dataclass
class Row:
    """One line of a one-dimensional table: label, suppressed count, optional extras."""

    label: str
    cell: Cell
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Grid:
    """A suppressed two-dimensional table with its totals (e.g. category × outcome)."""

    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[Cell]]
    row_totals: list[Cell]
    col_totals: list[Cell]
    total: Cell


def _distribution(items: list[tuple[str, int, dict]], k: int) -> tuple[list[Row], Cell]:
    """Rows of *items* (label, count, extras) suppressed together with their total."""
    cells, total = suppress_distribution([n for _l, n, _e in items], k)
    return [
        Row(label, cell, extra) for (label, _n, extra), cell in zip(items, cells, strict=True)
    ], total


def participation_counts(data, scope: Scope) -> None:
    """Contributions by channel, by area (beside the population) and by phase, set on the
    :class:`~participation.reports.data.ReportData` *data*."""
    k = data.k
    by_channel = dict(
        db.session.execute(
            scope.contributions(select(Contribution.channel, func.count())).group_by(
                Contribution.channel
            )
        ).all()
    )
    items = [
        (str(CHANNELS.get(code, code)), n, {"code": code})
        for code, n in sorted(by_channel.items(), key=lambda i: -i[1])
    ]
    data.by_channel, data.total = _distribution(items, k)
    # Areas: the process's areas, or the children of the reported area, beside their population.
    if scope.process is not None:
        areas = list(scope.process.areas)
    else:
        areas = list(
            db.session.scalars(
                select(Area)
                .where(Area.parent_id == scope.area.id, Area.valid_to.is_(None))
                .order_by(Area.name)
            )
        )
    ids = [a.id for a in areas]
    counts = {}
    if ids:
        counts = dict(
            db.session.execute(
                scope.contributions(
                    select(ContributionArea.area_id, func.count()).join(
                        Contribution, Contribution.id == ContributionArea.contribution_id
                    )
                )
                .where(ContributionArea.area_id.in_(ids))
                .group_by(ContributionArea.area_id)
            ).all()
        )
    people = {a.id: population(a) for a in areas}
    area_items = [
        (a.name, counts.get(a.id, 0), {"population": people[a.id], "code": a.code}) for a in areas
    ]
    rows, _total = _distribution(area_items, k)
    for row in rows:
        pop = row.extra["population"]
        shown = row.cell.shown
        row.extra["per_1000"] = round(shown * 1000 / pop, 1) if pop and shown is not None else None
    data.by_area = rows
    data.areas = [{"name": a.name, "code": a.code, "population": people[a.id]} for a in areas]
    if scope.process is not None and scope.process.phases:
        phase_items = []
        for phase in scope.process.phases:
            stmt = scope.contributions(select(func.count()).select_from(Contribution)).where(
                Contribution.created_at >= day_start(phase.start_date)
            )
            if phase.end_date:
                stmt = stmt.where(Contribution.created_at < day_end(phase.end_date))
            phase_items.append(
                (
                    phase.title_text,
                    db.session.scalar(stmt) or 0,
                    {"start": phase.start_date, "end": phase.end_date},
                )
            )
        # Phases may overlap, so each count stands alone (no total to subtract from).
        data.by_phase = [Row(label, suppress(n, k), extra) for label, n, extra in phase_items]


def outcomes(scope: Scope, k: int) -> Grid:
    """Contributions by feedback-loop outcome (rows) and category (columns), suppressed.

    Outcomes are rows because there are six of them with long names; categories are few.
    """
    rows = db.session.execute(
        scope.contributions(
            select(Contribution.category_id, Contribution.status, func.count())
        ).group_by(Contribution.category_id, Contribution.status)
    ).all()
    cat_ids = sorted({c for c, _s, _n in rows if c is not None})
    labels = {}
    if cat_ids:
        found = db.session.scalars(select(Category).where(Category.id.in_(cat_ids)))
        labels = {c.id: c.label for c in found}
    keys: list[int | None] = cat_ids + ([None] if any(c is None for c, _s, _n in rows) else [])
    statuses = list(STATUSES)
    matrix = [[0] * len(keys) for _ in statuses]
    for cat, status, n in rows:
        if status in statuses:
            matrix[statuses.index(status)][keys.index(cat)] += n
    table = suppress_totals(matrix, k) if keys else None
    return Grid(
        row_labels=[str(STATUSES[s]) for s in statuses],
        col_labels=[labels.get(c) or _("Without category") for c in keys],
        cells=table.cells if table else [],
        row_totals=table.row_totals if table else [],
        col_totals=table.col_totals if table else [],
        total=table.total if table else Cell(0, False, k),
    )


def most_supported(scope: Scope) -> list[dict[str, Any]]:
    """The most supported visible contributions: title, category, supports, outcome."""
    stmt = (
        scope.contributions(
            select(
                Contribution.title,
                Contribution.support_count,
                Contribution.status,
                Category.labels,
            ).outerjoin(Category, Category.id == Contribution.category_id)
        )
        .where(Contribution.visibility == "visible", Contribution.support_count > 0)
        .order_by(Contribution.support_count.desc(), Contribution.id)
        .limit(MOST_SUPPORTED)
    )
    from participation.core.i18n import localized

    return [
        {
            "title": title,
            "supports": supports,
            "status": str(STATUSES.get(status, status)),
            "category": localized(labels) if labels else "",
        }
        for title, supports, status, labels in db.session.execute(stmt)
    ]
