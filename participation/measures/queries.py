"""Read helpers for the public pages and the traceability page (bounded number of queries)."""

from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import defaultload, joinedload, lazyload, selectinload

from participation.areas.models import Area
from participation.contributions.models import Contribution
from participation.extensions import db
from participation.measures.models import (
    MEASURE_STATUSES,
    ContributionLink,
    Measure,
    Theme,
    ThemeLink,
    measure_areas,
    measure_processes,
)
from participation.processes.models import Process, process_areas

PAGE_SIZE = 20
#: Contributions shown under each measure on the overview (the traceability page shows all).
SAMPLE = 3
#: Public order: what is being done first, then decided, then open, then closed ones.
PUBLIC_ORDER = [
    "in_progress",
    "adopted",
    "under_review",
    "proposed",
    "completed",
    "stopped",
    "rejected",
]


def measures_stmt(process=None, area=None, status: str | None = None):
    """Select the measures of a process, or of an area (its own or its processes' areas)."""
    stmt = select(Measure)
    if process is not None:
        stmt = stmt.where(
            Measure.id.in_(
                select(measure_processes.c.measure_id).where(
                    measure_processes.c.process_id == process.id
                )
            )
        )
    if area is not None:
        inside = select(Area.id).where(Area.path.startswith(area.path))
        touching = (
            select(process_areas.c.process_id)
            .join(Area, Area.id == process_areas.c.area_id)
            .where(Area.path.startswith(area.path))
        )
        stmt = stmt.where(
            or_(
                Measure.id.in_(
                    select(measure_areas.c.measure_id).where(measure_areas.c.area_id.in_(inside))
                ),
                Measure.id.in_(
                    select(measure_processes.c.measure_id).where(
                        measure_processes.c.process_id.in_(touching)
                    )
                ),
            )
        )
    if status in MEASURE_STATUSES:
        stmt = stmt.where(Measure.status == status)
    return stmt


def _order():
    from sqlalchemy import case

    return case({s: n for n, s in enumerate(PUBLIC_ORDER)}, value=Measure.status)


def plain_process(path):
    """Loader options: load the Process at *path* without its areas, phases and categories.

    Process (and Body) eager-load their lists by default; read-only pages that show only a
    title and a link would otherwise spend three (five for a body) queries per object kind.
    """
    return path.options(
        lazyload(Process.areas), lazyload(Process.phases), lazyload(Process.categories)
    )


def plain_body(path):
    """Loader options: load the Body at *path* without its areas and processes."""
    from participation.meetings.models import Body

    return path.options(lazyload(Body.areas), lazyload(Body.processes))


def public_overview(process=None, area=None, status=None, page: int = 1):
    """One page of measures with decisions, milestones, link counts and a few contributions.

    Returns ``(measures, total, counts_by_status, link_counts, samples)``; five queries whatever
    the number of measures or links (the total comes from the status counts).
    """
    from participation.measures.models import MeasureDecision

    base = measures_stmt(process, area, status)
    measures = list(
        db.session.scalars(
            base.options(
                selectinload(Measure.decisions).options(
                    plain_body(joinedload(MeasureDecision.body))
                ),
                selectinload(Measure.milestones),
                joinedload(Measure.responsible_actor),
                # not shown on the overview: no queries for them
                lazyload(Measure.processes),
                lazyload(Measure.areas),
                lazyload(Measure.goals),
            )
            .order_by(_order(), Measure.updated_at.desc(), Measure.id.desc())
            .limit(PAGE_SIZE)
            .offset((max(page, 1) - 1) * PAGE_SIZE)
        )
    )
    all_stmt = measures_stmt(process, area).subquery()
    counts = dict(
        db.session.execute(
            select(all_stmt.c.status, func.count()).group_by(all_stmt.c.status)
        ).all()
    )
    total = counts.get(status, 0) if status in MEASURE_STATUSES else sum(counts.values())
    ids = [m.id for m in measures]
    link_counts, samples = contributions_behind(ids)
    return measures, total, counts, link_counts, samples


def contributions_behind(measure_ids: list[int], sample: int = SAMPLE):
    """``({measure id: visible linked count}, {measure id: [first few contributions]})``.

    One query: the count per measure is a window count carried by its first rows.
    """
    if not measure_ids:
        return {}, {}
    visible = (ContributionLink.measure_id.in_(measure_ids), Contribution.visibility == "visible")
    if sample < 1:  # counts only (staff list, council report)
        counts = db.session.execute(
            select(ContributionLink.measure_id, func.count())
            .join(Contribution, Contribution.id == ContributionLink.contribution_id)
            .where(*visible)
            .group_by(ContributionLink.measure_id)
        ).all()
        return dict(counts), {}
    ranked = (
        select(
            ContributionLink.measure_id.label("mid"),
            Contribution.id.label("cid"),
            func.row_number()
            .over(
                partition_by=ContributionLink.measure_id,
                order_by=(Contribution.support_count.desc(), Contribution.id),
            )
            .label("rn"),
            func.count().over(partition_by=ContributionLink.measure_id).label("n"),
        )
        .join(Contribution, Contribution.id == ContributionLink.contribution_id)
        .where(*visible)
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.mid, ranked.c.n, Contribution)
        .join(Contribution, Contribution.id == ranked.c.cid)
        .where(ranked.c.rn <= sample)
        .order_by(ranked.c.mid, ranked.c.rn)
        # the overview shows title, category and date: not the process or the areas
        .options(lazyload(Contribution.process), lazyload(Contribution.areas))
    ).all()
    link_counts: dict[int, int] = {}
    samples: dict[int, list] = defaultdict(list)
    for mid, n, contribution in rows:
        link_counts[mid] = n
        samples[mid].append(contribution)
    return link_counts, samples


def measure_contributions(measure: Measure, page: int = 1, size: int = 100):
    """Every visible contribution behind a measure (paginated) with the link rationale.

    One query (the total is a window count); the contributions come with their process (for
    the link) and category, not their areas.
    """
    base = (
        select(Contribution, ContributionLink.rationale, func.count().over())
        .join(ContributionLink, ContributionLink.contribution_id == Contribution.id)
        .where(ContributionLink.measure_id == measure.id, Contribution.visibility == "visible")
        .options(lazyload(Contribution.areas), plain_process(joinedload(Contribution.process)))
    )
    found = db.session.execute(
        base.order_by(Contribution.kind, Contribution.created_at, Contribution.id)
        .limit(size)
        .offset((max(page, 1) - 1) * size)
    ).all()
    if found:
        total = found[0][2]
    elif page > 1:  # past the last page: the window count has no row to ride on
        total = db.session.scalar(select(func.count()).select_from(base.subquery())) or 0
    else:
        total = 0
    return [(c, rationale) for c, rationale, _n in found], total


def load_public_measure(measure_id: int) -> Measure | None:
    """A measure with what its public page shows, in four queries (whatever its size).

    The measure with its processes (without their lists), areas, goals and responsible actor in
    one joined query; decisions (with the body's name), milestones and history in one
    ``selectin`` query each.
    """
    from participation.measures.models import MeasureDecision
    from participation.meetings.models import ActionItem, Decision, Meeting, NeedsStatement

    # where it came from (at most one of the three): meeting title and body's confidentiality
    sources = [
        plain_body(joinedload(rel).joinedload(model.meeting).joinedload(Meeting.body))
        for rel, model in (
            (Measure.meeting_decision, Decision),
            (Measure.action_item, ActionItem),
            (Measure.needs_statement, NeedsStatement),
        )
    ]
    return (
        db.session.scalars(
            select(Measure)
            .where(Measure.id == measure_id)
            .options(
                *sources,
                defaultload(Measure.meeting_decision).lazyload(Decision.concerned_actors),
                plain_process(joinedload(Measure.processes)),
                joinedload(Measure.areas),
                joinedload(Measure.goals),
                joinedload(Measure.responsible_actor),
                selectinload(Measure.decisions).options(
                    plain_body(joinedload(MeasureDecision.body))
                ),
                selectinload(Measure.milestones),
                selectinload(Measure.history),
            )
        )
        .unique()
        .first()
    )


def measure_themes(measure: Measure) -> list[Theme]:
    """Themes linked to a measure."""
    return list(
        db.session.scalars(
            select(Theme)
            .join(ThemeLink, ThemeLink.theme_id == Theme.id)
            .where(ThemeLink.measure_id == measure.id)
        )
    )


def public_processes_of(measure: Measure) -> list[Process]:
    """The measure's processes residents may see."""
    return [p for p in measure.processes if p.is_public]


def is_public(measure: Measure) -> bool:
    """A measure is public when one of its processes is, or it has areas and no process."""
    if measure.processes:
        return any(p.is_public for p in measure.processes)
    return bool(measure.areas)
