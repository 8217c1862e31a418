"""Contribution outcomes: they follow the linked measures unless a planner answers by hand.

received → in review → taken up → adopted → implemented, or not taken up (with a reason a
resident can understand). Linking is not accepting: a link makes a contribution "taken up";
the measure's decision then carries it to "adopted", "implemented" or "not taken up" with the
measure's own reason. Everything here works on id lists in bulk (5,000 contributions in one
step), with one UPDATE per distinct outcome and one INSERT per table (those writes are in
:mod:`.outcome_writes`; this module holds the rules).
"""

from collections import defaultdict
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from participation.contributions.hooks import register_status_listener
from participation.contributions.models import REASON_REQUIRED, STATUSES, Contribution
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.measures.models import (
    ContributionLink,
    ContributionOutcome,
    Measure,
    OutcomeChange,
)
from participation.measures.notify import enqueue_notifications
from participation.measures.services.common import REASON_MIN, bump_public
from participation.measures.services.outcome_writes import (
    apply_changes,
    chunks,
    record_answers,
    set_explicit,
)

#: What a measure's status means for the contributions it takes up.
MEASURE_TO_OUTCOME = {
    "proposed": "taken_up",
    "under_review": "taken_up",
    "adopted": "adopted",
    "in_progress": "adopted",
    "completed": "implemented",
    "rejected": "not_taken_up",
    "stopped": "not_taken_up",
}
#: With several measures the most advanced one counts; "not taken up" only when all say so.
OUTCOME_RANK = {"not_taken_up": 1, "taken_up": 2, "adopted": 3, "implemented": 4}
#: Outcomes set by hand that stop a contribution from following its measures.
FINAL_BY_HAND = ("taken_up", "adopted", "implemented", "not_taken_up")


def check_reason(status: str, reason: str) -> str:
    """Refuse "not taken up" without a resident-readable reason; return the cleaned reason."""
    if status not in STATUSES:
        raise ServiceError(_("Unknown status."), "status")
    reason = (reason or "").strip()
    if status in REASON_REQUIRED and len(reason) < REASON_MIN:
        raise ServiceError(
            _("Please explain in a full sentence why it was not taken up. The author reads it."),
            "reason",
        )
    if len(reason) > 2000:
        raise ServiceError(_("At most %(n)d characters, please.", n=2000), "reason")
    return reason


def derived_outcome(measures: list[tuple[int, str, str]]) -> tuple[str, str, int] | None:
    """``(outcome, reason, measure id)`` from ``[(measure id, status, reason)]``; None if none."""
    best = None
    for mid, status, reason in measures:
        outcome = MEASURE_TO_OUTCOME[status]
        if best is None or OUTCOME_RANK[outcome] > OUTCOME_RANK[best[0]]:
            best = (outcome, reason if outcome == "not_taken_up" else "", mid)
    return best


def follow_measures(contribution_ids: Sequence[int], user) -> int:
    """Recompute the outcome of contributions from their linked measures (not hand-set ones)."""
    ids = list(dict.fromkeys(contribution_ids))
    changes = []
    for part in chunks(ids):
        current = dict(
            db.session.execute(
                select(Contribution.id, Contribution.status)
                .outerjoin(
                    ContributionOutcome, ContributionOutcome.contribution_id == Contribution.id
                )
                .where(
                    Contribution.id.in_(part),
                    (ContributionOutcome.explicit.is_(None))
                    | (ContributionOutcome.explicit.is_(False)),
                )
            ).all()
        )
        linked: dict[int, list] = defaultdict(list)
        for cid, mid, status, reason in db.session.execute(
            select(
                ContributionLink.contribution_id, Measure.id, Measure.status, Measure.status_reason
            )
            .join(Measure, Measure.id == ContributionLink.measure_id)
            .where(ContributionLink.contribution_id.in_(list(current)))
        ):
            linked[cid].append((mid, status, reason))
        for cid, status in current.items():
            target = derived_outcome(linked.get(cid, []))
            if target is None:
                continue
            outcome, reason, mid = target
            if outcome != status:
                changes.append((cid, status, outcome, reason, mid))
    return apply_changes(changes, user, source="measure", official=False)


def answer_contributions(
    contribution_ids: Sequence[int], status: str, reason: str, user, *, source: str = "staff"
) -> int:
    """A planner's answer to one or many contributions: the outcome is then set by hand.

    "Not taken up" needs a reason (from a reason template, editable). The answer is marked as
    official on the tracking page. Returns the number of contributions answered.
    """
    reason = check_reason(status, reason)
    ids = list(dict.fromkeys(contribution_ids))
    changes = []
    for part in chunks(ids):
        for cid, old in db.session.execute(
            select(Contribution.id, Contribution.status).where(Contribution.id.in_(part))
        ):
            changes.append((cid, old, status, reason, None))
    explicit = status in FINAL_BY_HAND
    apply_changes(changes, user, source=source, official=bool(reason), explicit=explicit)
    return len(changes)


def release_outcome(contribution: Contribution, user) -> int:
    """Let a hand-set outcome follow the linked measures again."""
    set_explicit([contribution.id], False)
    log_action("contribution.outcome_follows", contribution, user=user)
    return follow_measures([contribution.id], user)


@register_status_listener
def _on_status(contribution: Contribution, old: str, user) -> None:
    """``contributions.set_status`` was called (by another package, the demo or a script)."""
    now = utcnow()
    reason = contribution.status_reason or ""
    db.session.add(
        OutcomeChange(
            contribution_id=contribution.id,
            old_status=old,
            new_status=contribution.status,
            reason=reason,
            official=bool(reason) and user is not None,
            source="staff",
            user_id=getattr(user, "id", None),
            created_at=now,
        )
    )
    db.session.flush()
    if old == "received" and contribution.status != "received":
        record_answers([contribution.id], now)
    if contribution.status in FINAL_BY_HAND:
        set_explicit([contribution.id], True)
    if old != contribution.status:
        enqueue_notifications(
            [
                (
                    contribution.id,
                    "outcome",
                    {"old": old, "new": contribution.status, "reason": reason},
                )
            ]
        )
    bump_public()
