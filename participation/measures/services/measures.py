"""Measures: create and edit, the status machine with public explanations.

proposed → under review → adopted | rejected → in progress → completed | stopped. Every change
records who, when and a public explanation; rejected and stopped need a reason written for
residents. The linked contributions follow (see :mod:`.outcomes`) and their authors are told.
Decisions and milestones are in :mod:`.steps`.
"""

import json

from flask_babel import gettext as _
from shapely.geometry import shape
from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.permissions import covers, user_scope_paths
from participation.extensions import db
from participation.measures.models import (
    CHANGE_TYPES,
    MEASURE_STATUSES,
    REASON_REQUIRED,
    ContributionLink,
    Measure,
    MeasureStatusChange,
)
from participation.measures.notify import enqueue_notifications
from participation.measures.services.common import REASON_MIN, bump_public, clean
from participation.measures.services.outcomes import follow_measures

TEXT_FIELDS = {
    "description": 4000,
    "partners": 2000,
    "responsible_unit": 200,
    "funding_source": 200,
}


def _check_scope(user, areas, processes) -> None:
    """Managers may only place measures in their own areas (planners anywhere)."""
    if not areas and not processes:
        raise ServiceError(_("Please choose at least one process or area."), "areas")
    if user is None or user.role_keys & {"admin", "planner"}:
        return
    paths = user_scope_paths(user, "manager")
    scope = list(areas) or [a for p in processes for a in p.areas]
    if not covers(paths, scope):
        raise ServiceError(_("You can only create measures in your own areas."), "areas")


def _geometry(lon, lat, geojson: str | None):
    """``(lon, lat, geometry)`` from a point and/or a GeoJSON text; refuses invalid input."""
    geometry = None
    if geojson and geojson.strip():
        try:
            geometry = json.loads(geojson)
            geom = shape(geometry)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise ServiceError(_("The map shape could not be read (GeoJSON)."), "geojson") from exc
        if geom.is_empty or not geom.is_valid or geom.geom_type not in ("Point", "Polygon"):
            raise ServiceError(_("Please draw a point or a simple area."), "geojson")
        point = geom.representative_point()
        lon, lat = point.x, point.y
    if (lon is None) != (lat is None):
        raise ServiceError(_("Please give both coordinates or none."), "lon")
    if lon is not None and not (-180 <= float(lon) <= 180 and -90 <= float(lat) <= 90):
        raise ServiceError(_("Please place the measure on the map again."), "lon")
    if lon is not None and geometry is None:
        geometry = {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]}
    return (
        None if lon is None else round(float(lon), 6),
        None if lat is None else round(float(lat), 6),
        geometry,
    )


def _apply_fields(measure: Measure, fields: dict) -> None:
    title = clean(fields.get("title"), "title", 200)
    if len(title) < 3:
        raise ServiceError(_("Please give the measure a title."), "title")
    measure.title = title
    for name, limit in TEXT_FIELDS.items():
        setattr(measure, name, clean(fields.get(name), name, limit))
    change_type = fields.get("change_type") or "new"
    if change_type not in CHANGE_TYPES:
        raise ServiceError(_("Please choose a type of change."), "change_type")
    measure.change_type = change_type
    measure.quick_win = bool(fields.get("quick_win"))
    progress = fields.get("progress")
    if progress is not None and not 0 <= int(progress) <= 100:
        raise ServiceError(_("Progress is a percentage between 0 and 100."), "progress")
    measure.progress = progress
    for name in ("budget_planned", "budget_spent"):
        value = fields.get(name)
        if value is not None and int(value) < 0:
            raise ServiceError(_("Amounts cannot be negative."), name)
        setattr(measure, name, value)
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ServiceError(_("The end lies before the start."), "end_date")
    measure.start_date, measure.end_date = start, end
    measure.target_groups = [t.strip() for t in fields.get("target_groups") or [] if t.strip()]
    measure.responsible_actor_id = fields.get("responsible_actor_id")
    measure.lon, measure.lat, measure.geometry = _geometry(
        fields.get("lon"), fields.get("lat"), fields.get("geojson")
    )


def create_measure(
    user, *, processes=(), areas=(), goals=(), source=None, explanation: str = "", **fields
) -> Measure:
    """Create a proposed measure (directly, or from a meeting decision, action item or need).

    :param source: a meetings ``Decision``, ``ActionItem`` or ``NeedsStatement`` it comes from.
    """
    _check_scope(user, areas, processes)
    measure = Measure(status="proposed", created_by_id=getattr(user, "id", None))
    _apply_fields(measure, fields)
    measure.processes, measure.areas, measure.goals = list(processes), list(areas), list(goals)
    if source is not None:
        kind = {
            "Decision": "meeting_decision",
            "ActionItem": "action_item",
            "NeedsStatement": "needs_statement",
        }[type(source).__name__]
        measure.source_type = kind
        setattr(measure, f"{kind}_id", source.id)
    now = utcnow()
    measure.created_at = measure.updated_at = measure.status_changed_at = now
    measure.history.append(
        MeasureStatusChange(
            old_status=None,
            new_status="proposed",
            explanation=clean(explanation, "explanation"),
            user_id=getattr(user, "id", None),
            created_at=now,
        )
    )
    db.session.add(measure)
    db.session.flush()
    log_action(
        "measure.create", measure, user=user, title=measure.title, source=measure.source_type
    )
    bump_public()
    return measure


def update_measure(measure: Measure, user, *, processes=(), areas=(), goals=(), **fields) -> None:
    """Change a measure's fields (not its status: see :func:`change_status`)."""
    _check_scope(user, areas, processes)
    _apply_fields(measure, fields)
    measure.processes, measure.areas, measure.goals = list(processes), list(areas), list(goals)
    measure.updated_at = utcnow()
    log_action("measure.update", measure, user=user)
    bump_public()


def change_status(measure: Measure, status: str, explanation: str, user) -> MeasureStatusChange:
    """Move the measure along the status machine; linked contributions follow, authors are told.

    :raises ServiceError: a jump the machine does not allow, or rejected/stopped without a
        reason written for residents.
    """
    if status not in MEASURE_STATUSES:
        raise ServiceError(_("Unknown status."), "status")
    if status not in measure.next_statuses():
        raise ServiceError(
            _(
                "A measure that is “%(old)s” cannot become “%(new)s”.",
                old=measure.status_label,
                new=str(MEASURE_STATUSES[status]),
            ),
            "status",
        )
    explanation = clean(explanation, "explanation")
    if status in REASON_REQUIRED and len(explanation) < REASON_MIN:
        raise ServiceError(
            _("Please explain the reason for residents in a full sentence. It is shown publicly."),
            "explanation",
        )
    old = measure.status
    now = utcnow()
    change = MeasureStatusChange(
        old_status=old,
        new_status=status,
        explanation=explanation,
        user_id=getattr(user, "id", None),
        created_at=now,
    )
    measure.history.append(change)
    measure.status, measure.status_reason = status, explanation
    measure.status_changed_at = measure.updated_at = now
    db.session.flush()
    log_action("measure.status", measure, user=user, old=old, new=status, explanation=explanation)
    linked = list(
        db.session.scalars(
            select(ContributionLink.contribution_id).where(
                ContributionLink.measure_id == measure.id
            )
        )
    )
    payload = {
        "measure_id": measure.id,
        "title": measure.title,
        "old": old,
        "new": status,
        "explanation": explanation,
    }
    enqueue_notifications([(cid, "measure", payload) for cid in linked])
    follow_measures(linked, user)
    bump_public()
    return change
