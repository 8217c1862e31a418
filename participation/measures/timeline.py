"""The story of one contribution as one timeline (tracking page, five queries).

received → moderated → bundled into a theme → linked to measures → decisions (body, vote) →
milestones → measure status changes → outcome changes (official answers marked as such).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import select

from participation.contributions.models import STATUSES
from participation.extensions import db
from participation.measures.models import (
    ContributionLink,
    Measure,
    MeasureDecision,
    MeasureMilestone,
    MeasureStatusChange,
    OutcomeChange,
    Theme,
    ThemeMember,
)


@dataclass
class Event:
    """One entry of the timeline."""

    when: datetime
    kind: str
    title: str
    text: str = ""
    official: bool = False
    #: Show only the date (decisions and milestones are dated, not timed).
    date_only: bool = False
    measure: Measure | None = None
    planned: bool = False


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def contribution_timeline(c) -> tuple[list[Event], list[Measure], Theme | None]:
    """``(events oldest first, linked measures, theme)`` of contribution *c*."""
    events = [Event(c.created_at, "received", _("Received"), c.channel_label)]
    if c.moderated_at and c.visibility == "visible":
        events.append(Event(c.moderated_at, "moderated", _("Checked and published")))
    member = db.session.execute(
        select(ThemeMember, Theme)
        .join(Theme, Theme.id == ThemeMember.theme_id)
        .where(ThemeMember.contribution_id == c.id)
    ).first()
    theme = member[1] if member else None
    if member:
        events.append(
            Event(
                member[0].added_at,
                "bundled",
                _("Bundled with similar contributions: “%(theme)s”", theme=theme.title),
                theme.description,
            )
        )
    links = db.session.execute(
        select(ContributionLink, Measure)
        .join(Measure, Measure.id == ContributionLink.measure_id)
        .where(ContributionLink.contribution_id == c.id)
        .order_by(ContributionLink.created_at)
    ).all()
    measures = [m for _link, m in links]
    for link, measure in links:
        events.append(
            Event(
                link.created_at,
                "linked",
                _("Taken up in the measure “%(title)s”", title=measure.title),
                link.rationale,
                measure=measure,
            )
        )
    ids = [m.id for m in measures]
    if ids:
        _measure_events(events, ids, {m.id: m for m in measures}, links)
    for change in db.session.scalars(
        select(OutcomeChange)
        .where(OutcomeChange.contribution_id == c.id)
        .order_by(OutcomeChange.created_at, OutcomeChange.id)
    ):
        if change.old_status == change.new_status and not change.reason:
            continue
        label = str(STATUSES.get(change.new_status, change.new_status))
        events.append(
            Event(
                change.created_at,
                "outcome",
                _("What became of it: %(status)s", status=label),
                change.reason,
                official=change.official,
            )
        )
    events.sort(key=lambda e: (e.planned, e.when))
    return events, measures, theme


def _measure_events(events, ids, by_id, links) -> None:
    first_link = min(link.created_at for link, _m in links)
    for change in db.session.scalars(
        select(MeasureStatusChange)
        .where(MeasureStatusChange.measure_id.in_(ids), MeasureStatusChange.old_status.is_not(None))
        .order_by(MeasureStatusChange.created_at)
    ):
        if change.created_at < first_link:
            continue  # what happened before the contribution was linked is on the measure page
        measure = by_id[change.measure_id]
        kind = "completed" if change.new_status == "completed" else "measure"
        events.append(
            Event(
                change.created_at,
                kind,
                _(
                    "Measure “%(title)s”: %(status)s",
                    title=measure.title,
                    status=change.status_label,
                ),
                change.explanation,
                measure=measure,
            )
        )
    for decision in db.session.scalars(
        select(MeasureDecision).where(MeasureDecision.measure_id.in_(ids))
    ):
        measure = by_id[decision.measure_id]
        parts = [decision.outcome_label]
        if decision.has_votes:
            parts.append(
                _(
                    "%(yes)s yes, %(no)s no, %(abstain)s abstentions",
                    yes=decision.votes_yes or 0,
                    no=decision.votes_no or 0,
                    abstain=decision.votes_abstain or 0,
                )
            )
        if decision.vote_note:
            parts.append(decision.vote_note)
        if decision.reference:
            parts.append(_("paper %(ref)s", ref=decision.reference))
        # Entered on the day it was taken: its entry time orders it among that day's steps.
        same_day = decision.created_at and decision.created_at.date() == decision.decided_on
        events.append(
            Event(
                decision.created_at if same_day else _at(decision.decided_on),
                "decided",
                _("Decided by %(body)s", body=decision.body_name),
                " · ".join(parts),
                date_only=True,
                measure=measure,
            )
        )
    for milestone in db.session.scalars(
        select(MeasureMilestone).where(MeasureMilestone.measure_id.in_(ids))
    ):
        day = milestone.done_on or milestone.due_on
        if day is None:
            continue
        events.append(
            Event(
                _at(day),
                "milestone",
                milestone.title,
                milestone.description,
                date_only=True,
                measure=by_id[milestone.measure_id],
                planned=milestone.done_on is None,
            )
        )
