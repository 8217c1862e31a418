"""Decisions (votes, consensus, minority opinion, dual roles), action items, needs statements,
and the publication of minutes."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings.models import (
    ACTION_STATUSES,
    OUTCOMES,
    ActionItem,
    Decision,
    Meeting,
    Membership,
    NeedsStatement,
)
from participation.meetings.services.agenda import quorum, seats_at
from participation.meetings.services.common import bump_public, send_mail


def _rule_met(rule: str, yes: int, no: int, consensus: bool) -> bool:
    if rule == "consensus":
        return consensus
    if consensus:
        return True
    if rule == "unanimity":
        return yes > 0 and no == 0
    if rule == "two_thirds":
        return yes * 3 >= (yes + no) * 2 and yes > 0
    return yes > no


def record_decision(meeting: Meeting, user, **data) -> Decision:
    """Record a decision; checks the quorum and the body's decision rule against the votes."""
    concerned = data.pop("concerned_actors", [])
    text = (data.get("text") or "").strip()
    if not text:
        raise ServiceError(_("Enter the text of the decision."), "text")
    outcome = data.get("outcome", "adopted")
    if outcome not in OUTCOMES:
        raise ServiceError(_("Choose adopted, rejected or deferred."), "outcome")
    consensus = bool(data.get("consensus"))
    votes = [data.get(k) for k in ("votes_yes", "votes_no", "votes_abstain")]
    if any(v is not None and v < 0 for v in votes):
        raise ServiceError(_("Votes cannot be negative."), "votes_yes")
    present, needed, met = quorum(meeting)
    if outcome != "deferred":
        if not met:
            raise ServiceError(
                _(
                    "The body is not quorate (%(present)s of %(needed)s voting seats present): "
                    "it can only defer.",
                    present=present,
                    needed=needed,
                ),
                "outcome",
            )
        if not consensus and (votes[0] is None or votes[1] is None):
            raise ServiceError(_("Enter the votes, or tick consensus."), "votes_yes")
        if not consensus and sum(v or 0 for v in votes) > present:
            raise ServiceError(
                _("More votes than voting members present (%(n)s).", n=present), "votes_yes"
            )
        adopted = _rule_met(meeting.body.decision_rule, votes[0] or 0, votes[1] or 0, consensus)
        if outcome == "adopted" and not adopted:
            raise ServiceError(
                _(
                    "These votes do not meet the rule “%(rule)s”.",
                    rule=meeting.body.decision_rule_label,
                ),
                "outcome",
            )
        if outcome == "rejected" and adopted and not consensus:
            raise ServiceError(
                _(
                    "These votes adopt the proposal under “%(rule)s”.",
                    rule=meeting.body.decision_rule_label,
                ),
                "outcome",
            )
    decision = Decision(
        meeting=meeting,
        agenda_item_id=data.get("agenda_item_id") or None,
        text=text,
        outcome=outcome,
        votes_yes=None if consensus else votes[0],
        votes_no=None if consensus else votes[1],
        votes_abstain=None if consensus else votes[2],
        consensus=consensus,
        minority_opinion=(data.get("minority_opinion") or "").strip(),
        present_voting=present,
        quorum_needed=needed,
        quorum_met=met,
        publish_separately=bool(data.get("publish_separately")),
        created_by_id=getattr(user, "id", None),
    )
    decision.concerned_actors = list(concerned)
    db.session.add(decision)
    db.session.flush()
    log_action("meetings.decision", decision, user=user, meeting_id=meeting.id, outcome=outcome)
    bump_public()
    return decision


def dual_role_flags(decision: Decision) -> list[Membership]:
    """Members with a declared dual role whose own service the decision concerns.

    A member is concerned when the member (or the organisation the person belongs to) is among
    the decision's concerned actors, and their latest assessment in one of the body's processes
    says "dual role" (plans and would deliver the service).
    """
    from participation.stakeholders.models import Assessment
    from participation.stakeholders.models import Membership as ActorMembership

    concerned = {a.id for a in decision.concerned_actors}
    if not concerned:
        return []
    body = decision.meeting.body
    process_ids = [p.id for p in body.processes]
    flagged = []
    for m in body.current_memberships():
        orgs = set(
            db.session.scalars(
                select(ActorMembership.organisation_id).where(
                    ActorMembership.person_id == m.actor_id
                )
            )
        )
        related = ({m.actor_id} | orgs) & concerned
        if not related or not process_ids:
            continue
        latest = db.session.scalar(
            select(Assessment.dual_role)
            .where(Assessment.actor_id.in_(related), Assessment.process_id.in_(process_ids))
            .order_by(Assessment.assessed_on.desc())
            .limit(1)
        )
        if latest:
            flagged.append(m)
    return flagged


def add_action_item(meeting: Meeting, user, **data) -> ActionItem:
    """Record an action item (owner: actor, staff account or a name; due date)."""
    text = (data.get("text") or "").strip()
    if not text:
        raise ServiceError(_("Describe what is to be done."), "text")
    owner_actor = data.get("owner_actor")
    owner_user = data.get("owner_user")
    owner = (data.get("owner") or "").strip() or (
        owner_actor.display_name if owner_actor else getattr(owner_user, "name", "")
    )
    if not owner:
        raise ServiceError(_("Name who takes care of it."), "owner")
    item = ActionItem(
        meeting=meeting,
        text=text,
        owner=owner[:200],
        owner_actor=owner_actor,
        owner_user=owner_user,
        due_date=data.get("due_date"),
        decision_id=data.get("decision_id") or None,
    )
    db.session.add(item)
    db.session.flush()
    log_action("meetings.action_add", item, user=user, meeting_id=meeting.id)
    bump_public()
    return item


def set_action_status(item: ActionItem, user, status: str) -> None:
    """Change an action item's status."""
    if status not in ACTION_STATUSES:
        raise ServiceError(_("Choose a status."), "status")
    old, item.status = item.status, status
    log_action("meetings.action_status", item, user=user, old=old, new=status)
    bump_public()


def add_needs_statement(
    meeting: Meeting,
    user,
    *,
    area,
    text: str,
    target_groups: str = "",
    evidence: str = "",
    process=None,
) -> NeedsStatement:
    """Record a need for an area; it becomes a contribution (kind meeting_item, channel meeting).

    The contribution goes to *process* (default: the body's first linked process that covers the
    area), so the need enters that process's feedback loop.
    """
    from participation.contributions.services import create_contribution

    text = (text or "").strip()
    if not text:
        raise ServiceError(_("Describe what is missing."), "text")
    body = meeting.body
    if not any(area.path.startswith(a.path) for a in body.areas):
        raise ServiceError(_("Choose an area of this body."), "area_id")
    if process is None:
        process = next(
            (p for p in body.processes if any(area.path.startswith(a.path) for a in p.areas)),
            None,
        )
    if process is None:
        raise ServiceError(
            _(
                "Link the body to a participation process of this area first: needs enter its "
                "feedback loop."
            ),
            "area_id",
        )
    statement = NeedsStatement(
        meeting=meeting,
        area_id=area.id,
        text=text,
        target_groups=(target_groups or "").strip()[:300],
        evidence=(evidence or "").strip(),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(statement)
    db.session.flush()
    title = text if len(text) <= 120 else text[:117].rstrip() + "…"
    body_text = text
    if statement.target_groups:
        body_text += "\n\n" + _("For: %(groups)s", groups=statement.target_groups)
    if statement.evidence:
        body_text += "\n\n" + _("Evidence: %(evidence)s", evidence=statement.evidence)
    body_text += "\n\n" + _(
        "Stated at: %(meeting)s (%(body)s)", meeting=meeting.title, body=body.name
    )
    contribution = create_contribution(
        process,
        kind="meeting_item",
        channel="meeting",
        title=title,
        body=body_text[:2000],
        area=area,
        entered_by=user,
        source_ref=f"needs_statement:{statement.id}",
    )
    statement.contribution_id = contribution.id
    log_action("meetings.needs", statement, user=user, contribution_id=contribution.id)
    bump_public()
    return statement


def approve_minutes(meeting: Meeting, user) -> None:
    """Draft → approved (the chair has agreed; the staff member records it)."""
    if meeting.minutes_status != "draft":
        raise ServiceError(_("Only draft minutes can be approved."))
    if meeting.starts_at is None or meeting.starts_at > utcnow():
        raise ServiceError(_("Minutes can be approved after the meeting."))
    meeting.minutes_status = "approved"
    meeting.minutes_approved_at = utcnow()
    meeting.minutes_approved_by_id = getattr(user, "id", None)
    log_action("meetings.minutes_approve", meeting, user=user)


def publish_minutes(meeting: Meeting, user) -> None:
    """Approved → published (confidential bodies: members only; decisions may be public)."""
    if meeting.minutes_status != "approved":
        raise ServiceError(_("The chair must approve the minutes before they are published."))
    meeting.minutes_status = "published"
    meeting.minutes_published_at = utcnow()
    meeting.updated_at = utcnow()
    # members hear of it with their personal link (the only way to confidential minutes)
    mailed = 0
    for membership in seats_at(meeting):
        if membership.actor.email and not membership.actor.erased_at:
            send_mail(
                membership.actor.email,
                _l("Minutes published: %(title)s", title=meeting.title),
                "minutes",
                meeting=meeting,
                membership=membership,
            )
            mailed += 1
    log_action("meetings.minutes_publish", meeting, user=user, mailed=mailed)
    bump_public()


def reopen_minutes(meeting: Meeting, user) -> None:
    """Back to draft for a correction (published minutes disappear until published again)."""
    meeting.minutes_status = "draft"
    meeting.minutes_approved_at = meeting.minutes_published_at = None
    log_action("meetings.minutes_reopen", meeting, user=user)
    bump_public()
