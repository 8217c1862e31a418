"""Participation in an area for its profile: counts (suppressed), processes, budgets, measures.

Reads the other packages' tables without changing them (this package sits above them all). Each
function is one query, whatever the data size.
"""

from datetime import UTC, datetime

from sqlalchemy import Integer, String, cast, func, literal, or_, select, union_all

from participation.areas.models import Area
from participation.core.suppression import suppress, suppress_distribution
from participation.extensions import db


def participation_counts(area: Area, k: int):
    """Contributions by channel and their total, survey responses, meeting attendance and budget
    applications in *area*, each suppressed below *k*; one ``UNION ALL`` query."""
    from participation.budgets.models import Application as BudgetApplication
    from participation.budgets.models import Budget
    from participation.contributions.models import Contribution
    from participation.meetings.models import Meeting
    from participation.processes.models import process_areas
    from participation.surveys.models import ResponseArea

    inside = select(Area.id).where(Area.path.startswith(area.path))
    processes_inside = (
        select(process_areas.c.process_id)
        .join(Area, Area.id == process_areas.c.area_id)
        .where(Area.path.startswith(area.path))
    )
    now = datetime.now(UTC)
    label = lambda text: literal(text, String)  # noqa: E731
    queries = [
        select(label("channel"), Contribution.channel, func.count())
        .where(Contribution.area_id.in_(inside), Contribution.visibility == "visible")
        .group_by(Contribution.channel),
        select(label("survey"), label(""), func.count()).where(ResponseArea.area_id == area.id),
        select(
            label("meeting"),
            label(""),
            cast(func.coalesce(func.sum(Meeting.public_attendees), 0), Integer),
        ).where(
            Meeting.process_id.in_(processes_inside),
            Meeting.status != "cancelled",
            Meeting.starts_at <= now,
        ),
        select(label("budget"), label(""), func.count())
        .select_from(BudgetApplication)
        .join(Budget, Budget.id == BudgetApplication.budget_id)
        .where(Budget.area_id.in_(inside), BudgetApplication.status != "withdrawn"),
    ]
    counts = db.session.execute(union_all(*queries)).all()
    channels = sorted((key, int(n)) for kind, key, n in counts if kind == "channel")
    single = {kind: int(n or 0) for kind, _key, n in counts if kind != "channel"}
    cells, total = suppress_distribution([n for _key, n in channels], k)
    from participation.contributions.models import CHANNELS

    return (
        [
            (str(CHANNELS.get(key, key)), cell)
            for (key, _n), cell in zip(channels, cells, strict=True)
        ],
        total,
        suppress(single.get("survey", 0), k),
        suppress(single.get("meeting", 0), k),
        suppress(single.get("budget", 0), k),
    )


def open_lists(area: Area):
    """Running processes touching *area* and its budgets (own, above or below); one query."""
    from participation.budgets.models import Budget
    from participation.processes.models import Process, process_areas

    # a process counts when one of its areas lies inside this area or contains it
    related = (
        select(process_areas.c.process_id)
        .join(Area, Area.id == process_areas.c.area_id)
        .where(or_(Area.path.startswith(area.path), literal(area.path).like(Area.path + "%")))
    )
    chain = select(Area.id).where(
        or_(Area.path.startswith(area.path), literal(area.path).like(Area.path + "%"))
    )
    rows = db.session.execute(
        union_all(
            select(
                literal("process", String),
                Process.id,
                Process.title,
                Process.slug,
                literal(0, Integer),
            ).where(Process.status == "published", Process.id.in_(related)),
            select(
                literal("budget", String), Budget.id, Budget.title, Budget.period, Budget.amount
            ).where(Budget.area_id.in_(chain)),
        )
    ).all()
    processes = sorted((r[1], r[2], r[3]) for r in rows if r[0] == "process")
    budgets = sorted(
        ((r[1], r[2], r[3], r[4]) for r in rows if r[0] == "budget"), key=lambda b: b[2]
    )
    return processes, budgets


def measure_statuses(area: Area):
    """``[(status, label, count)]`` of the measures for *area* (its own and its processes')."""
    from participation.measures.models import MEASURE_STATUSES
    from participation.measures.queries import measures_stmt

    sub = measures_stmt(area=area).subquery()
    counts = dict(
        db.session.execute(select(sub.c.status, func.count()).group_by(sub.c.status)).all()
    )
    return [
        (key, str(label), counts[key]) for key, label in MEASURE_STATUSES.items() if key in counts
    ]
