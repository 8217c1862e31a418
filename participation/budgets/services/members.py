"""Members score themselves ("Meine Bewertungen"): a staff account linked to the actor of a
current voting membership of the budget's body scores the eligible applications as that member.

The link is ``actors.user_id`` (one account per actor; one account may stand for several
actors, e.g. a delegate of two organisations). A member acts only for her own seat and only in
budgets of her own bodies; staff keep entering scores for members from paper sheets
(:func:`~participation.budgets.services.scoring.set_score`).
"""

from flask_babel import gettext as _
from sqlalchemy import func, select

from participation.accounts.models import User
from participation.budgets.models import Application, Budget, Criterion
from participation.budgets.services.common import check_scope
from participation.budgets.services.scoring import record_conflict, store_score
from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings.models import Membership
from participation.stakeholders.models import Actor


def own_memberships(user) -> list[Membership]:
    """Current voting seats held by the actors linked to *user*."""
    if user is None or not getattr(user, "id", None):
        return []
    rows = db.session.scalars(
        select(Membership)
        .join(Actor, Actor.id == Membership.actor_id)
        .where(Actor.user_id == user.id, Membership.voting.is_(True))
        .order_by(Membership.id)
    ).all()
    return [m for m in rows if m.is_current()]


def own_budgets(user) -> list[tuple[Budget, Membership]]:
    """Budgets administered by bodies where *user* holds a current voting seat."""
    seats = {m.body_id: m for m in own_memberships(user)}
    if not seats:
        return []
    budgets = db.session.scalars(
        select(Budget).where(Budget.body_id.in_(list(seats))).order_by(Budget.id.desc())
    ).all()
    return [(b, seats[b.body_id]) for b in budgets]


def own_membership(budget: Budget, user) -> Membership | None:
    """The seat through which *user* scores *budget*, or None (then she may not)."""
    for m in own_memberships(user):
        if m.body_id == budget.body_id:
            return m
    return None


def _seat(budget: Budget, user) -> Membership:
    seat = own_membership(budget, user)
    if seat is None:
        raise ServiceError(_("You do not hold a voting seat on the body of this budget."))
    return seat


def set_own_score(app: Application, user, criterion: Criterion, value):
    """The member's own score of one application on one criterion (her seat only)."""
    return store_score(app, _seat(app.budget, user), criterion, value, user)


def declare_own_conflict(app: Application, user, reason: str):
    """The member declares her own conflict of interest (her earlier scores are removed)."""
    return record_conflict(app, _seat(app.budget, user), user, reason)


def link_account(budget: Budget, membership: Membership, staff, email: str) -> User | None:
    """Staff link the member's actor to a staff account by e-mail ("" removes the link)."""
    check_scope(staff, budget.area)
    if membership.body_id != budget.body_id:
        raise ServiceError(_("This member does not sit on the budget's body."), "account")
    actor = membership.actor
    email = (email or "").strip().lower()
    if not email:
        actor.user_id = None
        log_action("budgets.member_account", actor, user=staff, account=None)
        return None
    account = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if account is None or not account.active:
        raise ServiceError(
            _(
                "There is no active account with this e-mail address. Please invite the person "
                "first."
            ),
            "account",
        )
    actor.user_id = account.id
    db.session.flush()
    log_action("budgets.member_account", actor, user=staff, account=account.id)
    return account
