"""Report sections from the packages above contributions: surveys, meetings, measures, budgets
and the feedback loop (the representation check and population are in :mod:`.indicators`).

Each function takes a :class:`participation.reports.data.Scope` and returns plain dicts/lists;
a package without data gives an empty list (the report then says "none in this period").
"""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.core.db import utcnow
from participation.core.suppression import suppress
from participation.extensions import db

#: Key results: at most this many questions per survey (choice and rating questions first).
SURVEY_QUESTIONS = 8
MAX_MEETINGS = 40
MAX_MEASURES = 400
OPEN_ITEMS = 10


def surveys(scope, k: int) -> list[dict[str, Any]]:
    """Per published survey: respondents, their composition and the key results (suppressed)."""
    from participation.surveys import results
    from participation.surveys.models import Survey

    ids = scope.process_ids()
    if not ids:
        return []
    out = []
    for survey in db.session.scalars(
        select(Survey)
        .where(Survey.process_id.in_(ids), Survey.status != "draft")
        .order_by(Survey.id)
    ):
        view = results.build(survey, {}, public=False)
        composition = [
            {
                "title": t.title,
                "rows": [(r.label, r.cell, r.pct) for r in t.rows],
                "total": t.total,
            }
            for t in view.tables
        ]
        questions = []
        for q in view.questions:
            if q.display not in ("bars", "numeric") or not q.rows and not q.stats:
                continue
            questions.append(
                {
                    "text": q.question.text_value if hasattr(q.question, "text_value") else "",
                    "answered": q.answered,
                    "rows": [(r.label, r.cell, r.pct) for r in q.rows],
                    "stats": list(q.stats),
                }
            )
            if len(questions) >= SURVEY_QUESTIONS:
                break
        out.append(
            {
                "title": survey.title_text,
                "respondents": view.total,
                "k": view.k,
                "composition": composition,
                "questions": questions,
            }
        )
    return out


def meetings(scope) -> list[dict[str, Any]]:
    """Meetings held (not cancelled, already begun): attendance, decisions, minority opinions."""
    from participation.meetings.models import OUTCOMES, AgendaItem, Attendance, Decision, Meeting

    ids = scope.process_ids()
    if not ids:
        return []
    stmt = (
        select(Meeting)
        .where(
            Meeting.process_id.in_(ids),
            Meeting.status != "cancelled",
            Meeting.starts_at.is_not(None),
            Meeting.starts_at <= utcnow(),
            *scope.in_period(Meeting.starts_at),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(MAX_MEETINGS)
    )
    held = list(db.session.scalars(stmt))
    if not held:
        return []
    meeting_ids = [m.id for m in held]
    members = dict(
        db.session.execute(
            select(Attendance.meeting_id, func.count())
            .where(
                Attendance.meeting_id.in_(meeting_ids),
                Attendance.status.in_(("present", "deputy")),
            )
            .group_by(Attendance.meeting_id)
        ).all()
    )
    decisions: dict[int, list] = {}
    for d in db.session.scalars(
        select(Decision).where(Decision.meeting_id.in_(meeting_ids)).order_by(Decision.id)
    ):
        decisions.setdefault(d.meeting_id, []).append(d)
    # decisions taken in the non-public part: text only when staff published the decision
    closed_items = set(
        db.session.scalars(
            select(AgendaItem.id).where(
                AgendaItem.meeting_id.in_(meeting_ids), AgendaItem.public.is_(False)
            )
        )
    )
    out = []
    for m in held:
        confidential = m.visibility == "confidential" or m.body.minutes_confidential
        # Draft minutes may still change: an archived report quotes approved decisions only.
        unapproved = m.minutes_status not in ("approved", "published")
        items = []
        for d in [] if unapproved else decisions.get(m.id, []):
            votes = ""
            if d.consensus:
                votes = _("by consensus")
            elif d.votes_yes is not None:
                votes = _(
                    "%(yes)d yes, %(no)d no, %(abstain)d abstentions",
                    yes=d.votes_yes or 0,
                    no=d.votes_no or 0,
                    abstain=d.votes_abstain or 0,
                )
            hidden = confidential or (d.agenda_item_id in closed_items and not d.publish_separately)
            items.append(
                {
                    "text": "" if hidden else d.text,
                    "outcome": str(OUTCOMES.get(d.outcome, d.outcome)),
                    "votes": votes,
                    "minority": "" if hidden else d.minority_opinion,
                }
            )
        out.append(
            {
                "title": m.title,
                "body": m.body.name,
                "date": m.starts_at,
                "public_attendees": m.public_attendees,
                "members_present": members.get(m.id, 0),
                "confidential": confidential,
                "unapproved": unapproved and bool(decisions.get(m.id)),
                "decisions": items,
            }
        )
    return out


def measures(scope) -> list[dict[str, Any]]:
    """Measures of the process (or in the area) with status and contributions behind each."""
    from participation.measures.models import MEASURE_STATUSES, Measure
    from participation.measures.models.measures import measure_areas, measure_processes
    from participation.measures.queries import contributions_behind

    if scope.process is not None:
        where = Measure.id.in_(
            select(measure_processes.c.measure_id).where(
                measure_processes.c.process_id == scope.process.id
            )
        )
    else:
        from participation.areas.models import Area

        where = Measure.id.in_(
            select(measure_areas.c.measure_id)
            .join(Area, Area.id == measure_areas.c.area_id)
            .where(Area.path.startswith(scope.area.path))
        )
    rows = db.session.execute(
        select(Measure.id, Measure.title, Measure.status, Measure.progress)
        .where(where)
        .order_by(Measure.status, Measure.title, Measure.id)
        .limit(MAX_MEASURES)
    ).all()
    counts, _samples = contributions_behind([r.id for r in rows], sample=0)
    return [
        {
            "title": r.title,
            "status": str(MEASURE_STATUSES.get(r.status, r.status)),
            "status_code": r.status,
            "progress": r.progress,
            "contributions": counts.get(r.id, 0),
        }
        for r in rows
    ]


def budgets(scope) -> list[dict[str, Any]]:
    """Area budgets: amount, applications, money allocated and the number funded."""
    from participation.areas.models import Area
    from participation.budgets.models import Allocation, Application, Budget

    if scope.process is not None:
        where = Budget.process_id == scope.process.id
    else:
        where = Budget.area_id.in_(select(Area.id).where(Area.path.startswith(scope.area.path)))
    found = list(db.session.scalars(select(Budget).where(where).order_by(Budget.id)))
    if not found:
        return []
    ids = [b.id for b in found]
    applications = dict(
        db.session.execute(
            select(Application.budget_id, func.count())
            .where(Application.budget_id.in_(ids))
            .group_by(Application.budget_id)
        ).all()
    )
    allocated = {
        bid: (n, total or 0)
        for bid, n, total in db.session.execute(
            select(Allocation.budget_id, func.count(), func.sum(Allocation.amount))
            .where(Allocation.budget_id.in_(ids))
            .group_by(Allocation.budget_id)
        )
    }
    areas = dict(
        db.session.execute(
            select(Area.id, Area.name).where(Area.id.in_({b.area_id for b in found}))
        ).all()
    )
    return [
        {
            "title": b.title,
            "area": areas.get(b.area_id, ""),
            "period": b.period,
            "amount": b.amount,
            "applications": applications.get(b.id, 0),
            "funded": allocated.get(b.id, (0, 0))[0],
            "allocated": allocated.get(b.id, (0, 0))[1],
        }
        for b in found
    ]


def feedback(scope, k: int) -> tuple[dict[str, Any], list[str]]:
    """Answered rate, median days to an answer, overdue count and the oldest open items."""
    from participation.contributions.models import Contribution
    from participation.measures.stats import feedback_stats, open_items

    stats = feedback_stats(scope.process, scope.area)
    answered = suppress(stats.answered, k)
    open_ = suppress(stats.open, k)
    figures = {
        "total": suppress(stats.total, k),
        "answered": answered,
        "open": open_,
        "overdue": suppress(stats.overdue, k),
        "overdue_days": stats.overdue_days,
        # A rate of a suppressed count would give the count away.
        "rate": stats.answered_rate if not (answered.suppressed or open_.suppressed) else None,
        "median_days": stats.median_days,
    }
    items = [
        c.title
        for c in open_items(scope.process, scope.area, limit=OPEN_ITEMS)
        if isinstance(c, Contribution) and c.visibility == "visible"
    ]
    return figures, items
