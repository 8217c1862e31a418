"""Contribution outcomes: they follow the linked measures unless a planner answers by hand.

received → in review → taken up → adopted → implemented, or not taken up (with a reason a
resident can understand). Linking is not accepting: a link makes a contribution "taken up";
the measure's decision then carries it to "adopted", "implemented" or "not taken up" with the
measure's own reason. Everything here works on id lists in bulk (5,000 contributions in one
step), with one UPDATE per distinct outcome and one INSERT per table.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from flask_babel import gettext as _
from sqlalchemy import insert, select, update

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
CHUNK = 900  # ids per IN (…): far below SQLite's variable limit


def chunks(ids: Sequence[int], size: int = CHUNK):
    """Yield slices of *ids*."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


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


def apply_changes(
    changes: list[tuple[int, str, str, str, int | None]],
    user,
    *,
    source: str,
    official: bool,
    explicit: bool | None = None,
) -> int:
    """Write outcome changes ``(contribution id, old, new, reason, measure id)`` in bulk.

    Updates the contributions, adds timeline entries, records first answers (for "days to an
    answer"), queues digest news for consenting authors and writes one audit entry per outcome.
    """
    changes = [c for c in changes if c[1] != c[2] or c[3]]
    if not changes:
        return 0
    now = utcnow()
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for cid, _old, new, reason, _mid in changes:
        groups[(new, reason)].append(cid)
    for (new, reason), ids in groups.items():
        for part in chunks(ids):
            db.session.execute(
                update(Contribution)
                .where(Contribution.id.in_(part))
                .values(status=new, status_reason=reason, status_changed_at=now, updated_at=now),
                execution_options={"synchronize_session": False},
            )
        log_action(
            "contribution.status",
            None,
            user=user,
            ids=ids[:200],
            count=len(ids),
            new=new,
            reason=reason,
            source=source,
        )
    user_id = getattr(user, "id", None)
    db.session.execute(
        insert(OutcomeChange),
        [
            {
                "contribution_id": cid,
                "old_status": old,
                "new_status": new,
                "reason": reason,
                "official": official,
                "source": source,
                "measure_id": mid,
                "user_id": user_id,
                "created_at": now,
            }
            for cid, old, new, reason, mid in changes
        ],
    )
    _record_answers([c[0] for c in changes if c[1] == "received" and c[2] != "received"], now)
    if explicit is not None:
        set_explicit([c[0] for c in changes], explicit)
    enqueue_notifications(
        [
            (cid, "outcome", {"old": old, "new": new, "reason": reason})
            for cid, old, new, reason, _mid in changes
            if old != new
        ]
    )
    # The ORM copies in this session may be stale after the bulk UPDATE.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Contribution):
            db.session.expire(obj, ["status", "status_reason", "status_changed_at", "updated_at"])
    bump_public()
    return len(changes)


def _ensure_rows(ids: Iterable[int], explicit: bool = False) -> set[int]:
    """Create missing :class:`ContributionOutcome` rows (with *explicit*); return the ids that
    existed already."""
    ids = list(dict.fromkeys(ids))
    existing: set[int] = set()
    for part in chunks(ids):
        existing |= set(
            db.session.scalars(
                select(ContributionOutcome.contribution_id).where(
                    ContributionOutcome.contribution_id.in_(part)
                )
            )
        )
    missing = [i for i in ids if i not in existing]
    if missing:
        db.session.execute(
            insert(ContributionOutcome),
            [{"contribution_id": i, "explicit": explicit} for i in missing],
        )
    return existing


def _record_answers(ids: list[int], now) -> None:
    """Remember the first answer of each contribution (only the first one counts).

    Contributions without an outcome row get one with the answer in one INSERT; the rare ones
    that have a row without an answer are updated by primary key.
    """
    if not ids:
        return
    inserts, updates = [], []
    for part in chunks(ids):
        rows = db.session.execute(
            select(
                Contribution.id,
                Contribution.created_at,
                ContributionOutcome.contribution_id,
                ContributionOutcome.first_answered_at,
            )
            .outerjoin(ContributionOutcome, ContributionOutcome.contribution_id == Contribution.id)
            .where(Contribution.id.in_(part))
        ).all()
        for cid, created, has_row, answered in rows:
            values = {
                "contribution_id": cid,
                "first_answered_at": now,
                "answer_days": round(max(0.0, (now - created).total_seconds() / 86400), 3),
            }
            if has_row is None:
                inserts.append({**values, "explicit": False})
            elif answered is None:
                updates.append(values)
    if inserts:
        db.session.execute(insert(ContributionOutcome), inserts)
    if updates:  # executemany UPDATE by primary key
        db.session.execute(update(ContributionOutcome), updates)


def set_explicit(ids: list[int], explicit: bool, create: bool = True) -> None:
    """Mark outcomes as set by hand (they stop following measures) or let them follow again.

    :param create: also create missing outcome rows (not needed to release: no row means
        "follows its measures" already).
    """
    existing = sorted(_ensure_rows(ids, explicit)) if create else list(ids)
    for part in chunks(existing):
        db.session.execute(
            update(ContributionOutcome)
            .where(
                ContributionOutcome.contribution_id.in_(part),
                ContributionOutcome.explicit.is_not(explicit),
            )
            .values(explicit=explicit)
        )


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
        _record_answers([contribution.id], now)
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
