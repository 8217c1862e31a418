"""Steps on one measure: the decisions behind it (body or council committee, paper number,
vote) and its dated milestones. Everything here is public; each write audit-logs and bumps the
public pages' cache version."""

from datetime import date

from flask_babel import gettext as _

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.measures.models import (
    DECISION_OUTCOMES,
    Measure,
    MeasureDecision,
    MeasureMilestone,
)
from participation.measures.services.common import bump_public, clean


def add_decision(measure: Measure, user, *, body=None, committee: str = "", **fields):
    """Record a decision (body or council committee, date, paper number, URL, vote)."""
    committee = clean(committee, "committee", 200)
    if body is None and len(committee) < 2:
        raise ServiceError(_("Please name the body or committee that decided."), "committee")
    decided_on = fields.get("decided_on")
    if not isinstance(decided_on, date):
        raise ServiceError(_("Please give the date of the decision."), "decided_on")
    if decided_on > date.today():
        raise ServiceError(_("A decision cannot lie in the future."), "decided_on")
    outcome = fields.get("outcome") or "adopted"
    if outcome not in DECISION_OUTCOMES:
        raise ServiceError(_("Please choose the outcome."), "outcome")
    url = clean(fields.get("url"), "url", 500)
    if url and not url.startswith(("https://", "http://")):
        raise ServiceError(_("Please give a web address starting with https://"), "url")
    votes = {}
    for name in ("votes_yes", "votes_no", "votes_abstain"):
        value = fields.get(name)
        if value is not None and int(value) < 0:
            raise ServiceError(_("Vote counts cannot be negative."), name)
        votes[name] = value
    decision = MeasureDecision(
        measure=measure,
        body=body,
        committee="" if body is not None else committee,
        decided_on=decided_on,
        reference=clean(fields.get("reference"), "reference", 60),
        url=url,
        outcome=outcome,
        vote_note=clean(fields.get("vote_note"), "vote_note", 300),
        created_by_id=getattr(user, "id", None),
        **votes,
    )
    db.session.add(decision)
    measure.updated_at = utcnow()
    db.session.flush()
    log_action(
        "measure.decision",
        measure,
        user=user,
        decision=decision.id,
        body=decision.body_name,
        reference=decision.reference,
        outcome=outcome,
    )
    bump_public()
    return decision


def delete_decision(decision: MeasureDecision, user) -> None:
    """Remove a wrongly entered decision (audit-logged)."""
    log_action("measure.decision_delete", decision.measure, user=user, decision=decision.id)
    decision.measure.updated_at = utcnow()
    db.session.delete(decision)
    bump_public()


def add_milestone(
    measure: Measure, user, *, title: str, description: str = "", due_on=None, done_on=None
) -> MeasureMilestone:
    """Add a dated step (title and description are public)."""
    title = clean(title, "title", 200)
    if len(title) < 3:
        raise ServiceError(_("Please give the milestone a title."), "title")
    milestone = MeasureMilestone(
        measure=measure,
        title=title,
        description=clean(description, "description"),
        due_on=due_on,
        done_on=done_on,
        position=len(measure.milestones),
    )
    db.session.add(milestone)
    measure.updated_at = utcnow()
    db.session.flush()
    log_action("measure.milestone", measure, user=user, milestone=milestone.id, title=title)
    bump_public()
    return milestone


def complete_milestone(milestone: MeasureMilestone, user, done_on: date | None = None) -> None:
    """Mark a milestone as reached (today by default)."""
    milestone.done_on = done_on or date.today()
    milestone.measure.updated_at = utcnow()
    log_action("measure.milestone_done", milestone.measure, user=user, milestone=milestone.id)
    bump_public()
