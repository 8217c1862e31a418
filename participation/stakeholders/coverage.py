"""Coverage check (who is missing at the table?) and invitation lists made from a selection.

The categories a process needs come from its own requirement rows, else from the installation's
default list (rows without a process); a category is missing when fewer actors of it are assessed
(as of today) than required.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.stakeholders.models import (
    COVERAGE_CATEGORIES,
    Actor,
    ActorType,
    Assessment,
    CoverageRequirement,
    InvitationList,
)


@dataclass(frozen=True)
class CoverageLine:
    """One category: how many assessed actors it needs and has."""

    category: str
    required: int
    count: int

    @property
    def label(self) -> str:
        """Translated category name."""
        return str(COVERAGE_CATEGORIES.get(self.category, self.category))

    @property
    def missing(self) -> bool:
        """True when fewer actors are assessed than required."""
        return self.count < self.required


def _owner(process):
    """SQL condition selecting the rows of *process*, or the default rows for None."""
    if process is None:
        return CoverageRequirement.process_id.is_(None)
    return CoverageRequirement.process_id == process.id


def requirements_for(process) -> tuple[dict[str, int], bool]:
    """``({category: min_count}, own)``: the process's own list, or the default (own False)."""
    rows = db.session.execute(
        select(CoverageRequirement.category, CoverageRequirement.min_count).where(_owner(process))
    ).all()
    if rows or process is None:
        return dict(rows), process is not None
    return requirements_for(None)[0], False


def assessed_counts(process, as_of: date | None = None) -> dict[str, int]:
    """Assessed actors per coverage category as of *as_of* (default today), counted in SQL."""
    as_of = as_of or date.today()
    assessed = (
        select(Assessment.actor_id)
        .where(Assessment.process_id == process.id, Assessment.assessed_on <= as_of)
        .distinct()
        .subquery()
    )
    rows = db.session.execute(
        select(ActorType.category, func.count(Actor.id))
        .join(Actor, Actor.type_id == ActorType.id)
        .join(assessed, assessed.c.actor_id == Actor.id)
        .group_by(ActorType.category)
    ).all()
    return dict(rows)


def coverage_for(process, as_of: date | None = None) -> list[CoverageLine]:
    """All required categories (min ≥ 1) with their counts, in the standard order."""
    required, _own = requirements_for(process)
    counts = assessed_counts(process, as_of)
    order = list(COVERAGE_CATEGORIES)
    keys = sorted(
        (k for k, n in required.items() if n > 0),
        key=lambda k: order.index(k) if k in order else len(order),
    )
    return [CoverageLine(k, required[k], counts.get(k, 0)) for k in keys]


def set_requirements(process, values: dict[str, int], user) -> None:
    """Replace the process's list (or the default list when *process* is None)."""
    for category, count in values.items():
        if category not in COVERAGE_CATEGORIES or not 0 <= count <= 50:
            raise ServiceError(_("Enter a number from 0 to 50 for each category."))
    process_id = process.id if process else None
    db.session.execute(delete(CoverageRequirement).where(_owner(process)))
    for category, count in values.items():
        db.session.add(
            CoverageRequirement(process_id=process_id, category=category, min_count=count)
        )
    log_action(
        "stakeholders.coverage_set",
        process,
        user=user,
        default=process is None,
        requirements=values,
    )


def reset_requirements(process, user) -> None:
    """Make the process follow the default list again."""
    db.session.execute(delete(CoverageRequirement).where(_owner(process)))
    log_action("stakeholders.coverage_reset", process, user=user)


def create_invitation_list(
    process, actors: list[Actor], name: str, user, criteria: dict | None = None
) -> InvitationList:
    """Create a named invitation list (used by meetings); erased actors are left out."""
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Give the list a name."))
    members = [a for a in actors if not a.erased_at]
    if not members:
        raise ServiceError(_("The selection is empty: there is nobody to put on the list."))
    invitation_list = InvitationList(
        process_id=process.id if process else None,
        name=name[:200],
        criteria=criteria or {},
        created_by_id=getattr(user, "id", None),
        members=members,
    )
    db.session.add(invitation_list)
    db.session.flush()
    log_action(
        "stakeholders.invitation_list_create",
        invitation_list,
        user=user,
        process_id=invitation_list.process_id,
        count=len(members),
    )
    return invitation_list
