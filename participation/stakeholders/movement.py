"""Movement in the stakeholder matrix: how actors' assessments changed between two dates, and one
actor's assessment history in a process."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from participation.extensions import db
from participation.stakeholders.analysis import Selection, latest_assessments
from participation.stakeholders.models import Actor, Assessment


@dataclass
class Move:
    """How one actor's assessment changed between two dates (``before`` None: newly assessed)."""

    before: Assessment | None
    after: Assessment
    number: int = 0
    changes: list[str] = field(default_factory=list)

    @property
    def moved(self) -> bool:
        """True when the actor changed place in the grid."""
        return self.before is not None and (
            (self.before.influence, self.before.interest)
            != (self.after.influence, self.after.interest)
        )


def compare(process, earlier: date, later: date, selection: Selection | None = None) -> list[Move]:
    """Actors whose position, attitude or strategy changed between *earlier* and *later*."""
    selection = selection or Selection()
    after = latest_assessments(process, later, selection)
    before = latest_assessments(process, earlier, selection.actor_level)
    return diff(before, after)


def diff(before: list[Assessment], after: list[Assessment]) -> list[Move]:
    """Moves from the *before* rows to the *after* rows (numbered in *after*'s order)."""
    old_rows = {a.actor_id: a for a in before}
    moves = []
    for number, row in enumerate(after, start=1):
        old = old_rows.get(row.actor_id)
        if old is None:
            moves.append(Move(None, row, number, ["new"]))
            continue
        changes = [
            name
            for name in ("influence", "interest", "attitude", "strategy", "success_critical")
            if getattr(old, name) != getattr(row, name)
        ]
        if changes:
            moves.append(Move(old, row, number, changes))
    return moves


def history(process, actor: Actor, council: bool = False) -> list[Assessment]:
    """All assessments of *actor* in *process*, newest first (*council*: shared ones only)."""
    stmt = select(Assessment).where(
        Assessment.process_id == process.id, Assessment.actor_id == actor.id
    )
    if council:
        stmt = stmt.where(Assessment.visibility == "council")
    return db.session.scalars(stmt.order_by(Assessment.assessed_on.desc())).all()
