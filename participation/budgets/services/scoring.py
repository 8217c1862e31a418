"""Scoring by the body: conflicts of interest (declared or from the stakeholder registry) block
scoring, scores per member and criterion, and the ranking by weighted mean with ties shown."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from participation.budgets.models import Application, Budget, Conflict, Criterion, Score
from participation.budgets.services.common import check_scope, clean
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings.models import Membership
from participation.stakeholders.models import Membership as ActorMembership

SCORABLE = ("eligible", "funded", "partly_funded", "not_funded")


def voting_members(budget: Budget) -> list[Membership]:
    """Current voting seats of the budget's body (those who score)."""
    if budget.body is None:
        return []
    return [m for m in budget.body.current_memberships() if m.voting]


def registry_conflict(app: Application, membership: Membership) -> bool:
    """True when the member is the applying organisation, part of it, or one of its people."""
    org = app.applicant_actor_id
    if org is None:
        return False
    actor = membership.actor
    if actor.id == org or actor.parent_id == org:
        return True
    return bool(
        db.session.scalar(
            select(ActorMembership.id).where(
                ActorMembership.person_id == actor.id, ActorMembership.organisation_id == org
            )
        )
    )


def conflicts_for(budget: Budget) -> dict[tuple[int, int], Conflict | str]:
    """``{(application_id, membership_id): Conflict or "registry"}`` for the whole budget."""
    rows = db.session.scalars(
        select(Conflict).join(Application).where(Application.budget_id == budget.id)
    ).all()
    found: dict = {(c.application_id, c.membership_id): c for c in rows}
    members = voting_members(budget)
    apps = db.session.execute(
        select(Application.id, Application.applicant_actor_id).where(
            Application.budget_id == budget.id, Application.applicant_actor_id.is_not(None)
        )
    ).all()
    if apps and members:
        people = db.session.execute(
            select(ActorMembership.person_id, ActorMembership.organisation_id).where(
                ActorMembership.person_id.in_([m.actor_id for m in members])
            )
        ).all()
        belongs = {(p, o) for p, o in people}
        for app_id, org in apps:
            for m in members:
                a = m.actor
                if a.id == org or a.parent_id == org or (a.id, org) in belongs:
                    found.setdefault((app_id, m.id), "registry")
    return found


def declare_conflict(app: Application, membership: Membership, user, reason: str) -> Conflict:
    """Staff record a member's declared conflict of interest; their scores for it are removed."""
    check_scope(user, app.budget.area)
    return record_conflict(app, membership, user, reason)


def record_conflict(app: Application, membership: Membership, user, reason: str) -> Conflict:
    """Record a declared conflict of interest (caller checked who acts); scores are removed."""
    if membership.body_id != app.budget.body_id:
        raise ServiceError(_("This member does not sit on the budget's body."), "membership")
    conflict = db.session.scalar(
        select(Conflict).where(
            Conflict.application_id == app.id, Conflict.membership_id == membership.id
        )
    ) or Conflict(application_id=app.id, membership_id=membership.id)
    conflict.reason = clean(reason, "reason", 300, required=_("Please note the reason."))
    conflict.source = "declared"
    db.session.add(conflict)
    db.session.execute(
        Score.__table__.delete().where(
            Score.application_id == app.id, Score.membership_id == membership.id
        )
    )
    db.session.flush()
    log_action("budgets.conflict", app, user=user, membership_id=membership.id)
    return conflict


def set_score(app: Application, membership: Membership, criterion: Criterion, value, user) -> Score:
    """Staff enter a member's score (e.g. from a paper sheet), inside their own areas."""
    check_scope(user, app.budget.area)
    return store_score(app, membership, criterion, value, user)


def store_score(
    app: Application, membership: Membership, criterion: Criterion, value, user
) -> Score:
    """Store one score; refused for conflicts, non-voting seats and ineligible applications.

    Who may act for *membership* is checked by the caller (:func:`set_score` for staff,
    :func:`participation.budgets.services.members.set_own_score` for the member herself).
    """
    budget = app.budget
    if app.status not in SCORABLE:
        raise ServiceError(_("Only eligible applications are scored."), "value")
    if membership.body_id != budget.body_id or not membership.voting or not membership.is_current():
        raise ServiceError(_("Only voting members of the body score."), "value")
    if criterion.budget_id != budget.id:
        raise ServiceError(_("Unknown criterion."), "value")
    declared = db.session.scalar(
        select(Conflict.id).where(
            Conflict.application_id == app.id, Conflict.membership_id == membership.id
        )
    )
    if declared or registry_conflict(app, membership):
        raise ServiceError(
            _(
                "%(member)s has a conflict of interest with this application and cannot score it.",
                member=membership.actor.name,
            ),
            "value",
        )
    try:
        value = int(value)
    except (TypeError, ValueError) as exc:
        raise ServiceError(
            _("Please enter a score from 0 to %(n)s.", n=criterion.scale_max), "value"
        ) from exc
    if not 0 <= value <= criterion.scale_max:
        raise ServiceError(
            _("Please enter a score from 0 to %(n)s.", n=criterion.scale_max), "value"
        )
    key = (
        Score.application_id == app.id,
        Score.membership_id == membership.id,
        Score.criterion_id == criterion.id,
    )
    values = {"value": value, "entered_by_id": getattr(user, "id", None), "updated_at": utcnow()}
    score = db.session.scalar(select(Score).where(*key))
    if score is None:
        score = Score(
            application_id=app.id, membership_id=membership.id, criterion_id=criterion.id, **values
        )
        try:
            # two saves of the same cell at once (htmx on change + the form): the second updates
            with db.session.begin_nested():
                db.session.add(score)
                db.session.flush()
            return score
        except IntegrityError:
            score = db.session.scalar(select(Score).where(*key))
    for name, v in values.items():
        setattr(score, name, v)
    db.session.flush()
    return score


@dataclass
class RankRow:
    """One application in the ranking."""

    application_id: int
    title: str
    amount: int
    status: str
    #: Weighted mean as a share of the scale (0–100), None when nobody scored yet.
    score: float | None
    means: dict[int, float] = field(default_factory=dict)
    scorers: int = 0
    rank: int | None = None
    tied: bool = False


def ranking(budget: Budget) -> list[RankRow]:
    """Applications by weighted mean score, best first; equal scores share a rank (``tied``).

    Per criterion the mean over the members who scored it, scaled to 0–100 % of its scale; the
    total is the weighted mean of those, rounded to two decimals (ties are equal rounded scores).
    Scores of conflicted members never count: they cannot be entered, and declaring a conflict
    deletes the member's earlier scores of that application.
    """
    criteria = {c.id: c for c in budget.criteria}
    wsum = sum(c.weight for c in criteria.values()) or 1
    apps = db.session.execute(
        select(Application.id, Application.title, Application.amount_requested, Application.status)
        .where(Application.budget_id == budget.id, Application.status.in_(SCORABLE))
        .order_by(Application.id)
    ).all()
    stats = db.session.execute(
        select(
            Score.application_id,
            Score.criterion_id,
            func.avg(Score.value),
            func.count(func.distinct(Score.membership_id)),
        )
        .join(Application, Application.id == Score.application_id)
        .where(Application.budget_id == budget.id)
        .group_by(Score.application_id, Score.criterion_id)
    ).all()
    per_app: dict[int, dict[int, tuple[float, int]]] = {}
    for app_id, crit_id, mean, n in stats:
        per_app.setdefault(app_id, {})[crit_id] = (float(mean), n)
    rows = []
    for app_id, title, amount, status in apps:
        got = per_app.get(app_id, {})
        means = {cid: mean for cid, (mean, _n) in got.items()}
        score = None
        if got and criteria:
            total = sum(
                criteria[cid].weight * (means.get(cid, 0.0) / criteria[cid].scale_max)
                for cid in criteria
            )
            score = round(100 * total / wsum, 2)
        rows.append(
            RankRow(
                app_id,
                title,
                amount,
                status,
                score,
                means,
                max((n for _m, n in got.values()), default=0),
            )
        )
    rows.sort(key=lambda r: (r.score is None, -(r.score or 0), r.application_id))
    previous, rank = None, 0
    for i, row in enumerate(rows, 1):
        if row.score is None:
            continue
        if row.score != previous:
            rank, previous = i, row.score
        row.rank = rank
    counts: dict[float, int] = {}
    for row in rows:
        if row.score is not None:
            counts[row.score] = counts.get(row.score, 0) + 1
    for row in rows:
        row.tied = row.score is not None and counts[row.score] > 1
    return rows


def grid(budget: Budget, membership: Membership) -> dict[tuple[int, int], int]:
    """``{(application_id, criterion_id): value}`` of one member's scores."""
    rows = db.session.execute(
        select(Score.application_id, Score.criterion_id, Score.value)
        .join(Application, Application.id == Score.application_id)
        .where(Application.budget_id == budget.id, Score.membership_id == membership.id)
    ).all()
    return {(a, c): v for a, c, v in rows}
