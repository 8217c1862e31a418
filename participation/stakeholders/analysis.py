"""Dated assessments per process: saving them and the matrix at a date (movement between two
dates is in :mod:`participation.stakeholders.movement`).

Every assessment is kept. The matrix at date D shows, per actor, the latest assessment on or before
D (a window function, portable to SQLite ≥ 3.25 and PostgreSQL), so two dates can be compared.
"""

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import exists, func, literal, or_, select
from sqlalchemy.orm import contains_eager, lazyload

from participation.areas.models import Area
from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.core.params import parse_int
from participation.extensions import db
from participation.stakeholders.models import (
    GOALS_CONSIDER,
    Actor,
    ActorType,
    Assessment,
    actor_areas,
)
from participation.stakeholders.strategy import HIGH, STRATEGIES, suggest_strategy

VISIBILITIES = ("team", "council")


@dataclass
class AssessmentInput:
    """What a planner enters for one actor; ``strategy`` None means "take the suggestion"."""

    assessed_on: date
    influence: int
    interest: int
    attitude: int = 0
    influence_direct: bool = True
    success_critical: bool = False
    legitimate_interest: str = ""
    goals_consider: str = ""
    access_text: str = ""
    dual_role: bool = False
    nominated_by_id: int | None = None
    strategy: str | None = None
    override_reason: str = ""
    #: ``team`` (planning team only) or ``council`` (shared with council, if the process opts in)
    visibility: str = "team"


def save_assessment(process, actor: Actor, data: AssessmentInput, user) -> Assessment:
    """Store the assessment of *actor* in *process* for ``data.assessed_on``.

    A new date adds a row (history is kept); the same date corrects that day's row. A strategy
    other than the quadrant's suggestion needs a reason.
    """
    fields: dict[str, str] = {}
    if actor.erased_at:
        raise ServiceError(_("This actor was erased and cannot be assessed any more."))
    for name, low, high in (("influence", 0, 4), ("interest", 0, 4), ("attitude", -2, 2)):
        value = getattr(data, name)
        if not isinstance(value, int) or not low <= value <= high:
            fields[name] = _("Choose a value from %(low)s to %(high)s.", low=low, high=high)
    if data.assessed_on is None or data.assessed_on > date.today():
        fields["assessed_on"] = _("Enter today's date or an earlier one.")
    if data.goals_consider not in GOALS_CONSIDER:
        fields["goals_consider"] = _("Choose yes, partly or no.")
    if data.nominated_by_id and data.nominated_by_id == actor.id:
        fields["nominated_by_id"] = _("An actor cannot nominate itself.")
    if data.strategy and data.strategy not in STRATEGIES:
        fields["strategy"] = _("Choose a strategy from the list.")
    if data.visibility not in VISIBILITIES:
        fields["visibility"] = _("Choose who may read the assessment.")
    if fields:
        raise ServiceError(next(iter(fields.values())), fields=fields)
    suggestion = suggest_strategy(data.influence, data.interest, actor.type.category)
    strategy = data.strategy or suggestion
    overridden = strategy != suggestion
    reason = (data.override_reason or "").strip()
    if overridden and not reason:
        msg = _(
            "You chose “%(chosen)s” instead of the suggested “%(suggested)s”. "
            "Please give a reason, so others can follow the decision.",
            chosen=STRATEGIES[strategy],
            suggested=STRATEGIES[suggestion],
        )
        raise ServiceError(msg, field="override_reason")
    row = db.session.scalar(
        select(Assessment).where(
            Assessment.process_id == process.id,
            Assessment.actor_id == actor.id,
            Assessment.assessed_on == data.assessed_on,
        )
    )
    action = "stakeholders.assessment_update" if row else "stakeholders.assess"
    if row is None:
        row = Assessment(process_id=process.id, actor_id=actor.id, actor=actor)
        db.session.add(row)
    values = asdict(data)
    values.update(
        strategy=strategy,
        strategy_overridden=overridden,
        override_reason=reason if overridden else "",
        legitimate_interest=data.legitimate_interest.strip(),
        access_text=data.access_text.strip(),
        nominated_by_id=data.nominated_by_id or None,
        created_by_id=getattr(user, "id", None),
    )
    for key, value in values.items():
        setattr(row, key, value)
    db.session.flush()
    log_action(
        action,
        row,
        user=user,
        process_id=process.id,
        actor_id=actor.id,
        on=data.assessed_on.isoformat(),
        influence=data.influence,
        interest=data.interest,
        attitude=data.attitude,
        strategy=strategy,
        overridden=overridden,
    )
    return row


@dataclass
class Selection:
    """Matrix filters; the same selection feeds the table, PDF, CSV and invitation lists."""

    type_id: int | None = None
    category: str = ""
    area_id: int | None = None
    kind: str = ""
    #: "high" (3–4) or "low" (0–2).
    influence: str = ""
    interest: str = ""
    #: "supports", "neutral" or "opposes".
    attitude: str = ""
    critical: bool = False

    @classmethod
    def from_args(cls, args) -> "Selection":
        """Read from request args/form values, ignoring what does not parse."""

        def as_int(name):
            value = (args.get(name) or "").strip()
            return parse_int(value)

        def one_of(name, allowed):
            value = args.get(name) or ""
            return value if value in allowed else ""

        return cls(
            type_id=as_int("type"),
            category=(args.get("category") or "")[:40],
            area_id=as_int("area"),
            kind=one_of("kind", ("organisation", "person")),
            influence=one_of("influence", ("high", "low")),
            interest=one_of("interest", ("high", "low")),
            attitude=one_of("attitude", ("supports", "neutral", "opposes")),
            critical=args.get("critical") in ("1", "on", "true", "y"),
        )

    def as_args(self) -> dict[str, Any]:
        """Non-empty filters as URL arguments (for links and hidden fields)."""
        names = {"type_id": "type", "area_id": "area"}
        out = {names.get(k, k): v for k, v in asdict(self).items() if v}
        if self.critical:
            out["critical"] = "1"
        return out

    @property
    def actor_level(self) -> "Selection":
        """Only the filters on the actor itself (type, area, kind), not on assessment values."""
        return Selection(self.type_id, self.category, self.area_id, self.kind)


def actor_in_area(area: Area):
    """SQL condition: the actor is active in *area*, below it, or in an area enclosing it."""
    return exists(
        select(actor_areas.c.actor_id)
        .join(Area, Area.id == actor_areas.c.area_id)
        .where(
            actor_areas.c.actor_id == Actor.id,
            or_(Area.path.startswith(area.path), literal(area.path).startswith(Area.path)),
        )
    )


def latest_assessments(
    process, as_of: date, selection: Selection | None = None, council: bool = False
) -> list:
    """Per actor, the latest assessment on or before *as_of*, filtered by *selection*.

    :param council: only assessments shared with the council (for council members).
    """
    selection = selection or Selection()
    rank = (
        func.row_number()
        .over(partition_by=Assessment.actor_id, order_by=Assessment.assessed_on.desc())
        .label("rank")
    )
    latest = select(Assessment.id, rank).where(
        Assessment.process_id == process.id, Assessment.assessed_on <= as_of
    )
    if council:
        latest = latest.where(Assessment.visibility == "council")
    latest = latest.subquery()
    stmt = (
        select(Assessment)
        .join(latest, (latest.c.id == Assessment.id) & (latest.c.rank == 1))
        .join(Actor, Actor.id == Assessment.actor_id)
        .join(ActorType, ActorType.id == Actor.type_id)
        # reuse the joins for loading; areas only when a page needs them (scoped contact checks)
        .options(
            contains_eager(Assessment.actor).options(
                contains_eager(Actor.type), lazyload(Actor.areas)
            )
        )
    )
    if selection.type_id:
        stmt = stmt.where(Actor.type_id == selection.type_id)
    if selection.category:
        stmt = stmt.where(ActorType.category == selection.category)
    if selection.kind:
        stmt = stmt.where(Actor.kind == selection.kind)
    if selection.area_id:
        area = db.session.get(Area, selection.area_id)
        stmt = stmt.where(actor_in_area(area)) if area else stmt.where(literal(False))
    for name in ("influence", "interest"):
        column = getattr(Assessment, name)
        value = getattr(selection, name)
        if value:
            stmt = stmt.where(column >= HIGH if value == "high" else column < HIGH)
    if selection.attitude:
        stmt = stmt.where(
            {
                "supports": Assessment.attitude > 0,
                "neutral": Assessment.attitude == 0,
                "opposes": Assessment.attitude < 0,
            }[selection.attitude]
        )
    if selection.critical:
        stmt = stmt.where(Assessment.success_critical.is_(True))
    return db.session.scalars(stmt.order_by(Actor.name, Actor.id)).unique().all()
