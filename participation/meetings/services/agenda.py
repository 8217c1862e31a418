"""Agenda items, attendance, the seats at a meeting and the quorum check."""

import math
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings.models import (
    AGENDA_KINDS,
    ATTENDANCE,
    ROLES,
    AgendaItem,
    Attendance,
    Meeting,
    Membership,
)
from participation.meetings.services.common import bump_public


def add_agenda_item(meeting: Meeting, user, **data) -> AgendaItem:
    """Append an agenda item (typed, with duration, presenter and linked contributions)."""
    contributions = data.pop("contributions", [])
    _check_item(data)
    position = max((i.position for i in meeting.agenda_items), default=0) + 1
    item = AgendaItem(meeting=meeting, position=position, **data)
    item.contributions = list(contributions)
    db.session.add(item)
    db.session.flush()
    log_action("meetings.agenda_add", meeting, user=user, item_id=item.id)
    bump_public()
    return item


def _check_item(data: dict) -> None:
    if not (data.get("title") or "").strip():
        raise ServiceError(_("Enter a title."), "title")
    if data.get("kind") not in AGENDA_KINDS:
        raise ServiceError(_("Choose the kind of item."), "kind")
    duration = data.get("duration_minutes")
    if duration is not None and not 1 <= duration <= 600:
        raise ServiceError(_("The duration is between 1 and 600 minutes."), "duration_minutes")


#: Fields of an agenda item that the edit form may change (``minutes`` has its own service).
EDITABLE = ("kind", "title", "description", "duration_minutes", "presenter", "public")


def update_agenda_item(item: AgendaItem, user, **data) -> None:
    """Change an item (kind, title, description, duration, presenter, public, contributions).

    ``position`` (1-based) moves the item to that place in the order; the audit entry names the
    fields that changed.
    """
    contributions = data.pop("contributions", None)
    position = data.pop("position", None)
    unknown = set(data) - set(EDITABLE) - {"minutes"}
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    merged = {"title": item.title, "kind": item.kind, "duration_minutes": item.duration_minutes}
    _check_item(merged | data)
    if "title" in data:
        data["title"] = data["title"].strip()
    changed = sorted(k for k, v in data.items() if getattr(item, k) != v)
    for key, value in data.items():
        setattr(item, key, value)
    if contributions is not None:
        before = {c.id for c in item.contributions}
        item.contributions = list(contributions)
        if before != {c.id for c in item.contributions}:
            changed.append("contributions")
    if position is not None and _place(item, position):
        changed.append("position")
    db.session.flush()
    log_action("meetings.agenda_update", item.meeting, user=user, item_id=item.id, changed=changed)
    bump_public()


def _place(item: AgendaItem, position: int) -> bool:
    """Put *item* at 1-based *position* (clamped); True when the order changed."""
    items = list(item.meeting.agenda_items)
    old = items.index(item)
    new = min(max(int(position), 1), len(items)) - 1
    if new == old:
        return False
    items.insert(new, items.pop(old))
    for pos, it in enumerate(items, 1):
        it.position = pos
    # keep the loaded collection in the new order for whatever renders it next
    item.meeting.agenda_items.sort(key=lambda it: it.position)
    return True


def move_agenda_item(item: AgendaItem, user, direction: int) -> None:
    """Move an item up (-1) or down (+1)."""
    items = list(item.meeting.agenda_items)
    i = items.index(item)
    j = i + (1 if direction > 0 else -1)
    if 0 <= j < len(items):
        _place(item, j + 1)
        db.session.flush()
        log_action("meetings.agenda_move", item.meeting, user=user, item_id=item.id, position=j + 1)
    bump_public()


def delete_agenda_item(item: AgendaItem, user) -> None:
    """Remove an item (decisions on it keep their text)."""
    meeting = item.meeting
    meeting.agenda_items.remove(item)
    db.session.delete(item)
    log_action("meetings.agenda_delete", meeting, user=user, item_id=item.id)
    bump_public()


def record_attendance(
    meeting: Meeting,
    user,
    statuses: dict[int, tuple[str, str]],
    public_attendees: int | None = None,
    leadership_present: str = "",
) -> None:
    """Store each member's attendance (membership id → (status, deputy name))."""
    if public_attendees is not None and public_attendees < 0:
        raise ServiceError(_("The number cannot be negative."), "public_attendees")
    valid = {m.id for m in meeting.body.memberships}
    rows = {
        a.membership_id: a
        for a in db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }
    for membership_id, (status, deputy_name) in statuses.items():
        if membership_id not in valid:
            raise ServiceError(_("This person is not a member of the body."))
        if status not in ATTENDANCE:
            raise ServiceError(_("Choose present, excused, deputy or absent."))
        row = rows.get(membership_id) or Attendance(meeting=meeting, membership_id=membership_id)
        row.status = status
        row.deputy_name = (deputy_name or "").strip()[:200] if status == "deputy" else ""
        db.session.add(row)
    meeting.public_attendees = public_attendees
    meeting.leadership_present = (leadership_present or "").strip()
    db.session.flush()
    log_action("meetings.attendance", meeting, user=user, members=len(statuses))
    bump_public()


def attendance_rows(meeting: Meeting) -> dict[int, Attendance]:
    """Attendance by membership id."""
    return {
        a.membership_id: a
        for a in db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))
    }


def seats_at(meeting: Meeting) -> list[Membership]:
    """Seats of the body at the meeting: not ended before its day (chair first).

    The start date is not checked, so a past meeting can be documented after its members were
    entered into the platform.
    """
    day = meeting.local_start.date() if meeting.starts_at else date.today()
    order = list(ROLES)
    rows = [m for m in meeting.body.memberships if m.end_date is None or m.end_date >= day]
    return sorted(rows, key=lambda m: (order.index(m.role), m.actor.name.casefold()))


def quorum(meeting: Meeting) -> tuple[int, int, bool]:
    """``(voting seats present or represented, needed, met)`` under the body's quorum rule.

    A seat counts when its holder is present or represented by a deputy; a deputy who holds a
    seat of their own ("deputy of") and is present counts for the principal's seat.
    """
    seats = seats_at(meeting)
    voting = [m for m in seats if m.voting and m.deputy_of is None]
    rows = attendance_rows(meeting)

    def here(m, statuses=("present", "deputy")):
        return m.id in rows and rows[m.id].status in statuses

    covered = {m.id for m in voting if here(m)}
    for m in seats:
        if m.deputy_of is not None and here(m, ("present",)) and m.deputy_of in voting:
            covered.add(m.deputy_of.id)
    needed = math.ceil(len(voting) * meeting.body.quorum_percent / 100)
    return len(covered), needed, len(covered) >= needed
