"""Budget setup: the entitlement guard, decision tiers, criteria (frozen once applications
arrive) and the split of a city-wide pot over areas (largest remainder, sum exactly the pot)."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from participation.budgets.models import (
    ALLOCATION_MODES,
    APPLICANT_TYPES,
    BALLOT_KINDS,
    ENTITLEMENT_PILLARS,
    PILLARS,
    VOTE_ACCESS,
    Budget,
    Criterion,
    CriterionChange,
    DecisionTier,
)
from participation.budgets.services.common import bump_public, check_scope, clean, euros
from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.extensions import db


def check_pillar(pillar: str) -> None:
    """Refuse entitlement-funded case work in a capped budget, saying why."""
    if pillar in ENTITLEMENT_PILLARS:
        raise ServiceError(
            _(
                "%(pillar)s is a legal entitlement: every person who qualifies must receive it, "
                "so it cannot be paid from a capped budget that may run out. Fund it from the "
                "entitlement budget of the responsible office instead.",
                pillar=ENTITLEMENT_PILLARS[pillar],
            ),
            "pillar",
        )
    if pillar not in PILLARS:
        raise ServiceError(_("Please choose a pillar."), "pillar")


def _apply(budget: Budget, data: dict) -> None:
    budget.title = clean(data.get("title"), "title", 200, required=_("Please enter a title."))
    budget.description = clean(data.get("description"), "description", 4000)
    budget.period = clean(data.get("period"), "period", 20, required=_("Please enter a period."))
    budget.amount = euros(data.get("amount"), "amount", allow_zero=False)
    budget.funding_source = clean(data.get("funding_source"), "funding_source", 200)
    pillar = data.get("pillar") or "quartiersbudget"
    check_pillar(pillar)
    budget.pillar = pillar
    mode = data.get("allocation_mode") or "body"
    if mode not in ALLOCATION_MODES:
        raise ServiceError(_("Please choose how the money is allocated."), "allocation_mode")
    budget.allocation_mode = mode
    body = data.get("body")
    if mode in ("body", "vote_then_body") and body is None:
        raise ServiceError(_("Please choose the body that decides."), "body_id")
    budget.body_id = body.id if body is not None else None
    cap = data.get("max_per_application")
    budget.max_per_application = None if cap in (None, "") else euros(cap, "max_per_application")
    if budget.max_per_application and budget.max_per_application > budget.amount:
        raise ServiceError(
            _("The maximum per application exceeds the budget."), "max_per_application"
        )
    types = [t for t in data.get("applicant_types") or [] if t in APPLICANT_TYPES]
    if not types:
        raise ServiceError(_("Please choose who may apply."), "applicant_types")
    budget.applicant_types = types
    opens, closes = data.get("opens_on"), data.get("closes_on")
    if not isinstance(opens, date) or not isinstance(closes, date):
        raise ServiceError(_("Please enter the application window."), "opens_on")
    if closes < opens:
        raise ServiceError(_("The window closes before it opens."), "closes_on")
    budget.opens_on, budget.closes_on = opens, closes
    budget.vote_opens_on, budget.vote_closes_on = (
        data.get("vote_opens_on"),
        data.get("vote_closes_on"),
    )
    if budget.uses_vote:
        if not budget.vote_opens_on or not budget.vote_closes_on:
            raise ServiceError(_("Please enter the voting period."), "vote_opens_on")
        if budget.vote_closes_on < budget.vote_opens_on:
            raise ServiceError(_("The vote closes before it opens."), "vote_closes_on")
    kind = data.get("ballot_kind") or "knapsack"
    access = data.get("vote_access") or "browser"
    if kind not in BALLOT_KINDS or access not in VOTE_ACCESS:
        raise ServiceError(_("Please choose the kind of ballot."), "ballot_kind")
    budget.ballot_kind, budget.vote_access = kind, access


def _check_share(budget: Budget, share) -> None:
    """A budget made from a city-wide split's share keeps that share's area and amount.

    The formula was published; a budget that quietly differs from it would break the promise
    that the figures on the split page are what each area gets. One budget per share.
    """
    if share.area_id != budget.area_id:
        raise ServiceError(_("This share belongs to another area."), "area_id")
    if budget.amount != share.amount:
        raise ServiceError(
            _(
                "A budget from the city-wide split has the share's amount: %(amount)s €.",
                amount=f"{share.amount:,}".replace(",", "."),
            ),
            "amount",
        )
    taken = db.session.scalar(select(Budget.id).where(Budget.split_share_id == share.id))
    if taken is not None:
        raise ServiceError(_("A budget has already been created from this share."))


def create_budget(user, area, **data) -> Budget:
    """Create a budget for *area* (inside the user's scope); refuses entitlement pillars."""
    check_scope(user, area)
    budget = Budget(area_id=area.id, area=area, created_by_id=getattr(user, "id", None))
    budget.process = data.pop("process", None)
    share = data.pop("split_share", None)
    _apply(budget, data)
    if share is not None:
        _check_share(budget, share)
        budget.split_share_id = share.id
    db.session.add(budget)
    db.session.flush()
    log_action("budgets.create", budget, user=user, amount=budget.amount, pillar=budget.pillar)
    bump_public()
    return budget


def update_budget(budget: Budget, user, **data) -> None:
    """Change a budget's settings (the amount never below what is already allocated)."""
    from participation.budgets.services.accounting import figures

    check_scope(user, budget.area)
    _apply(budget, data)
    if budget.amount < figures(budget)["committed"]:
        raise ServiceError(_("The amount is lower than what is already allocated."), "amount")
    log_action("budgets.update", budget, user=user)
    bump_public()


def set_tiers(budget: Budget, user, tiers: list[tuple[int | None, str]]) -> None:
    """Replace the decision tiers: ``[(up_to or None, decider), …]``, ascending, last open."""
    check_scope(user, budget.area)
    rows, last = [], -1
    for i, (up_to, decider) in enumerate(tiers):
        decider = clean(decider, "tiers", 200, required=_("Please say who decides each tier."))
        if up_to is not None:
            up_to = euros(up_to, "tiers")
            if up_to <= last:
                raise ServiceError(_("Tier limits must increase."), "tiers")
            last = up_to
        elif i != len(tiers) - 1:
            raise ServiceError(_("Only the last tier may be without an upper limit."), "tiers")
        rows.append(DecisionTier(up_to=up_to, decider=decider, position=i))
    budget.tiers = rows
    log_action("budgets.tiers", budget, user=user, tiers=len(rows))
    bump_public()


def _criteria_change(budget: Budget, user, summary: str, decision) -> None:
    """Record a change; after the freeze it needs an adopted decision of the budget's body."""
    if budget.criteria_frozen_at is not None:
        if decision is None:
            raise ServiceError(
                _(
                    "Applications have arrived: the criteria are frozen. A change needs a "
                    "documented decision of the body."
                ),
                "decision_id",
            )
        if decision.meeting.body_id != budget.body_id or decision.outcome != "adopted":
            raise ServiceError(
                _("Please choose an adopted decision of this budget's body."), "decision_id"
            )
    budget.criteria_history.append(
        CriterionChange(
            summary=summary,
            decision_id=getattr(decision, "id", None),
            user_id=getattr(user, "id", None),
        )
    )


def save_criterion(
    budget: Budget, user, criterion: Criterion | None = None, *, decision=None, **data
) -> Criterion:
    """Add or change a criterion (name, description, weight, scale)."""
    check_scope(user, budget.area)
    name = clean(data.get("name"), "name", 200, required=_("Please name the criterion."))
    description = clean(data.get("description"), "description", 2000)
    try:
        weight, scale = int(data.get("weight", 1)), int(data.get("scale_max", 5))
    except (TypeError, ValueError) as exc:
        raise ServiceError(_("Weight and scale are whole numbers."), "weight") from exc
    if not 1 <= weight <= 100:
        raise ServiceError(_("The weight lies between 1 and 100."), "weight")
    if not 1 <= scale <= 10:
        raise ServiceError(_("The scale runs from 0 to a maximum between 1 and 10."), "scale_max")
    if criterion is None:
        summary = _(
            "New criterion “%(name)s” (weight %(w)s, scale 0–%(s)s)", name=name, w=weight, s=scale
        )
        criterion = None
    else:
        summary = _(
            "Criterion “%(old)s” changed to “%(name)s” (weight %(w)s, scale 0–%(s)s)",
            old=criterion.name,
            name=name,
            w=weight,
            s=scale,
        )
    _criteria_change(budget, user, summary, decision)
    if criterion is None:
        criterion = Criterion(position=len(budget.criteria))
        budget.criteria.append(criterion)
    criterion.name, criterion.description = name, description
    criterion.weight, criterion.scale_max = weight, scale
    db.session.flush()
    log_action("budgets.criterion", budget, user=user, criterion=criterion.id)
    bump_public()
    return criterion


def remove_criterion(budget: Budget, user, criterion: Criterion, *, decision=None) -> None:
    """Remove a criterion (after the freeze only with the body's decision; its scores go)."""
    check_scope(user, budget.area)
    if criterion.budget_id != budget.id:
        raise ServiceError(_("Unknown criterion."), "criterion")
    summary = _("Criterion “%(name)s” removed", name=criterion.name)
    _criteria_change(budget, user, summary, decision)
    budget.criteria.remove(criterion)
    for i, c in enumerate(budget.criteria):
        c.position = i
    db.session.flush()
    log_action("budgets.criterion_removed", budget, user=user, name=criterion.name)
    bump_public()
