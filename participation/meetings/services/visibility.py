"""What of a meeting's outcome anyone may read: minutes, decisions, action items.

Rules: minutes are public once published, unless the body's minutes or the meeting are
confidential. Decisions follow the minutes, except that a decision taken under a non-public agenda
item (closed session) stays internal unless staff publish it explicitly (``publish_separately``,
the same flag that publishes a decision of confidential minutes). Action items of such an internal
decision stay internal too.
"""

from sqlalchemy import or_, select

from participation.extensions import db
from participation.meetings.models import ActionItem, Decision, Meeting


def minutes_public(meeting: Meeting) -> bool:
    """True when anyone may read the minutes: published; body and meeting not confidential."""
    return (
        meeting.minutes_status == "published"
        and not meeting.body.minutes_confidential
        and meeting.visibility != "confidential"
    )


def closed_item_ids(meeting: Meeting) -> set[int]:
    """Ids of the meeting's non-public agenda items (closed session)."""
    return {item.id for item in meeting.agenda_items if not item.public}


def decisions_public(meeting: Meeting, rows: list[Decision] | None = None) -> list[Decision]:
    """Decisions anyone may read: those published separately, and the rest of public minutes
    except decisions taken under a non-public agenda item (staff publish those explicitly).

    *rows*: the meeting's decisions (ordered by id) when the caller loaded them already, e.g.
    for all meetings of a body in one query (``meetings.queries.decisions_by_meeting``).
    """
    if meeting.minutes_status != "published":
        return []
    if rows is None:
        rows = db.session.scalars(
            select(Decision).where(Decision.meeting_id == meeting.id).order_by(Decision.id)
        ).all()
    if minutes_public(meeting):
        closed = closed_item_ids(meeting)
        return [d for d in rows if d.publish_separately or d.agenda_item_id not in closed]
    return [d for d in rows if d.publish_separately]


def public_action_items(meeting: Meeting) -> list[ActionItem]:
    """Action items anyone may read: with public minutes, except those of a decision that is
    not public (taken under a non-public item and not published separately). One query."""
    if not minutes_public(meeting):
        return []
    stmt = select(ActionItem).where(ActionItem.meeting_id == meeting.id)
    closed = closed_item_ids(meeting)
    if closed:
        stmt = stmt.outerjoin(Decision, Decision.id == ActionItem.decision_id).where(
            or_(
                Decision.id.is_(None),
                Decision.publish_separately.is_(True),
                Decision.agenda_item_id.is_(None),
                Decision.agenda_item_id.not_in(closed),
            )
        )
    return list(db.session.scalars(stmt.order_by(ActionItem.id)))
