"""Everything a council report shows, gathered by aggregate queries into plain data.

No ORM object is loaded per contribution: counts come from ``GROUP BY`` queries, so a report over
20,000 contributions costs a handful of queries. Every count a reader sees is a suppressed
:class:`~participation.core.suppression.Cell` (DOMAIN.md §5.2); totals are suppressed together
with their parts so that no hidden cell can be recovered by subtraction.

Call :func:`gather` inside ``force_locale`` for the report language: labels are translated here.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.areas.models import Area
from participation.contributions.models import (
    CHANNELS,
    STATUSES,
    Contribution,
    ContributionArea,
)
from participation.core.db import utcnow
from participation.core.suppression import (
    Cell,
    suppress,
    suppress_distribution,
    suppress_totals,
)
from participation.extensions import db
from participation.processes.models import LEVELS, Category, Process
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


@dataclass
class ReportData:
    """A council report as plain data: the HTML page and the PDF both render this."""

    title: str
    subtitle: str
    language: str
    generated_at: datetime
    k: int
    process: dict[str, Any] | None = None
    area: dict[str, Any] | None = None
    period_start: date | None = None
    period_end: date | None = None
    areas: list[dict[str, Any]] = field(default_factory=list)
    total: Cell | None = None
    by_channel: list[Row] = field(default_factory=list)
    by_area: list[Row] = field(default_factory=list)
    by_phase: list[Row] = field(default_factory=list)
    outcomes: Grid | None = None
    most_supported: list[dict[str, Any]] = field(default_factory=list)
    surveys: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    budgets: list[dict[str, Any]] = field(default_factory=list)
    feedback: dict[str, Any] = field(default_factory=dict)
    open_items: list[str] = field(default_factory=list)
    representation: list[dict[str, Any]] = field(default_factory=list)

    @property
    def period_text(self) -> str:
        """``1. Januar 2026 – 31. März 2026``, or an empty string for the whole process."""
        if not (self.period_start or self.period_end):
            return ""
        start = format_date(self.period_start, "long") if self.period_start else "…"
        end = format_date(self.period_end, "long") if self.period_end else "…"
        return f"{start} – {end}"


def gather(process=None, area=None, start=None, end=None, language="de") -> ReportData:
    """Build the report for *process*, or for *area* over the period *start*–*end*."""
    from participation.reports import sections

    if process is None and area is None:
        raise ValueError("a report needs a process or an area")
    k = int(current_app.config.get("SUPPRESSION_K", 5))
    scope = Scope(process, area, start, end)
    if process is not None:
        title = _("Participation report: %(title)s", title=process.title_text)
    else:
        title = _("Participation report: %(area)s", area=area.name)
    data = ReportData(
        title=title,
        subtitle=_("Report to the council and its committees"),
        language=language,
        generated_at=utcnow(),
        k=k,
        period_start=start,
        period_end=end,
    )
    if process is not None:
        data.process = process_facts(process)
    if area is not None:
        data.area = {"name": area.name, "code": area.code, "population": area.population}
    _participation(data, scope)
    data.outcomes = _outcomes(scope, k)
    data.most_supported = _most_supported(scope)
    data.surveys = sections.surveys(scope, k)
    data.meetings = sections.meetings(scope)
    data.measures = sections.measures(scope)
    data.budgets = sections.budgets(scope)
    data.feedback, data.open_items = sections.feedback(scope, k)
    data.representation = sections.representation(scope)
    return data


def process_facts(process: Process) -> dict[str, Any]:
    """Level, scope statement, dates and contact of *process*."""
    phases = [
        {
            "title": p.title_text,
            "start": p.start_date,
            "end": p.end_date,
        }
        for p in process.phases
    ]
    return {
        "title": process.title_text,
        "summary": process.summary_text,
        "level": str(LEVELS.get(process.level, process.level)),
        "status": process.status_label,
        "scope_influence": process.text("scope_influence"),
        "scope_decided": process.text("scope_decided"),
        "decision_by": process.text("decision_by"),
        "resources": process.text("resources"),
        "contact": ", ".join(
            x
            for x in (
                process.contact_name,
                process.contact_role,
                process.contact_email,
                process.contact_phone,
            )
            if x
        ),
        "phases": phases,
        "areas": [a.name for a in process.areas],
        "published_at": process.published_at,
        "closed_at": process.closed_at,
    }


def _distribution(items: list[tuple[str, int, dict]], k: int) -> tuple[list[Row], Cell]:
    cells, total = suppress_distribution([n for _l, n, _e in items], k)
    return [
        Row(label, cell, extra) for (label, _n, extra), cell in zip(items, cells, strict=True)
    ], total


def _participation(data: ReportData, scope: Scope) -> None:
    """Contributions by channel, by area (beside the population) and by phase."""
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
    from participation.reports.sections import population

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


def _outcomes(scope: Scope, k: int) -> Grid:
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


def _most_supported(scope: Scope) -> list[dict[str, Any]]:
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
