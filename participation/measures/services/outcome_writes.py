"""Bulk writes behind contribution outcomes: status updates, timeline entries, first answers.

The rules (what a measure's status means, who may answer) live in :mod:`.outcomes`; this module
only writes what they decided, on id lists in bulk (5,000 contributions in one step): one UPDATE
per distinct outcome and one INSERT per table, ids in chunks below SQLite's variable limit.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select, update

from participation.contributions.models import Contribution
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.extensions import db
from participation.measures.models import ContributionOutcome, OutcomeChange
from participation.measures.notify import enqueue_notifications
from participation.measures.services.common import bump_public

CHUNK = 900  # ids per IN (…): far below SQLite's variable limit


def chunks(ids: Sequence[int], size: int = CHUNK):
    """Yield slices of *ids*."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


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
    record_answers([c[0] for c in changes if c[1] == "received" and c[2] != "received"], now)
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


def record_answers(ids: list[int], now) -> None:
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
