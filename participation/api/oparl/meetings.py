"""Meeting, AgendaItem, Location (a meeting's venue) and Consultation (a decision on an item)."""

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload, lazyload

from participation.api.oparl.base import (
    Family,
    clean,
    date_time,
    embedded,
    grouped,
    object_url,
    register,
    web_url,
)
from participation.api.oparl.organizations import public_meeting_conditions
from participation.core.db import utcnow
from participation.extensions import db
from participation.meetings.models import (
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Meeting,
    Membership,
)
from participation.meetings.models.outcomes import OUTCOMES

#: The name of a non-public agenda item (OParl data is German, as ``Entscheidung``, ``Gremium``).
CLOSED_ITEM_NAME = "Nichtöffentlicher Tagesordnungspunkt"


def public_decision_conditions() -> list:
    """Decisions anyone may read (as ``meetings.services.decisions_public``), for SQL.

    Published separately, or in public minutes and not taken under a non-public agenda item.
    """
    body_open = exists().where(Body.id == Meeting.body_id, Body.minutes_confidential.is_(False))
    # one uncorrelated subquery (evaluated once), at the top level of the decisions' query
    closed_items = select(AgendaItem.id).where(AgendaItem.public.is_(False))
    not_closed = or_(
        Decision.agenda_item_id.is_(None), Decision.agenda_item_id.not_in(closed_items)
    )
    return [
        exists().where(
            Meeting.id == Decision.meeting_id,
            *public_meeting_conditions(),
            Meeting.minutes_status == "published",
            or_(Decision.publish_separately.is_(True), body_open),
        ),
        or_(Decision.publish_separately.is_(True), not_closed),
    ]


def _decisions_by_item(item_ids) -> dict[int, list]:
    """Public decisions per agenda item, as plain rows (id, agenda_item_id, text, outcome)."""
    if not item_ids:
        return {}
    stmt = select(Decision.id, Decision.agenda_item_id, Decision.text, Decision.outcome).where(
        Decision.agenda_item_id.in_(item_ids), *public_decision_conditions()
    )
    return grouped(db.session.execute(stmt.order_by(Decision.id)), "agenda_item_id")


def meeting_state(meeting: Meeting) -> str:
    """``abgesagt`` / ``durchgeführt`` / ``terminiert``, from the meetings package's status."""
    if meeting.status == "cancelled":
        return "abgesagt"
    if meeting.ends_at is not None and meeting.ends_at < utcnow():
        return "durchgeführt"
    return "terminiert"


def has_venue(meeting: Meeting) -> bool:
    """The meeting has a place to describe (a Location)."""
    return bool(meeting.venue_name or meeting.venue_address or meeting.lat is not None)


@register
class MeetingFamily(Family):
    """A public meeting with its agenda (embedded) and venue (embedded Location)."""

    kind = "meeting"
    oparl_type = "Meeting"
    model = Meeting

    def public(self) -> list:
        """Public meetings with a fixed date."""
        return public_meeting_conditions()

    def options(self) -> list:
        """The body is not needed (its id is on the row); agenda items come in :meth:`prefetch`."""
        return [lazyload(Meeting.body)]

    def prefetch(self, objects: list) -> dict:
        """Participants with a public seat and the decisions of the agenda items (two queries)."""
        ids = [o.id for o in objects]
        if not ids:
            return {"participants": {}, "agenda": {}, "decisions": {}}
        participants = grouped(
            db.session.execute(
                select(Attendance.meeting_id, Membership.actor_id)
                .join(Membership, Membership.id == Attendance.membership_id)
                .where(
                    Attendance.meeting_id.in_(ids),
                    Attendance.status == "present",
                    Membership.public.is_(True),
                )
                .order_by(Membership.actor_id)
            ),
            "meeting_id",
            "actor_id",
        )
        # plain rows, not ORM objects: a page of 100 meetings has ~500 items, and building ORM
        # instances for them was most of the page's time
        agenda = grouped(
            db.session.execute(
                select(
                    AgendaItem.id,
                    AgendaItem.meeting_id,
                    AgendaItem.position,
                    AgendaItem.title,
                    AgendaItem.public,
                    AgendaItem.created_at,
                    AgendaItem.updated_at,
                )
                .where(AgendaItem.meeting_id.in_(ids))
                .order_by(AgendaItem.meeting_id, AgendaItem.position, AgendaItem.id)
            ),
            "meeting_id",
        )
        items = [row.id for rows in agenda.values() for row in rows]
        return {
            "participants": participants,
            "agenda": agenda,
            "decisions": _decisions_by_item(items),
        }

    def serialize(self, obj: Meeting, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:Meeting object."""
        return self.envelope(
            obj,
            name=obj.title,
            meetingState=meeting_state(obj),
            cancelled=obj.status == "cancelled",
            start=date_time(obj.starts_at),
            end=date_time(obj.ends_at),
            location=None
            if omit_internal or not has_venue(obj)
            else LocationFamily().serialize(obj, {}),
            organization=[object_url("organization", obj.body_id)],
            participant=[object_url("person", i) for i in ctx["participants"].get(obj.id, [])],
            agendaItem=embedded("agendaItem", ctx["agenda"].get(obj.id, []), ctx, omit_internal),
            web=web_url("meetings.public_meeting", "meeting_id", obj.id),
        )


@register
class AgendaItemFamily(Family):
    """An agenda item of a public meeting; decisions on it are its result and consultations."""

    kind = "agendaItem"
    oparl_type = "AgendaItem"
    model = AgendaItem

    def public(self) -> list:
        """Items of public meetings."""
        return [exists().where(Meeting.id == AgendaItem.meeting_id, *public_meeting_conditions())]

    def prefetch(self, objects: list) -> dict:
        """Public decisions of the items (one query)."""
        return {"decisions": _decisions_by_item([o.id for o in objects])}

    def serialize(self, obj: AgendaItem, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:AgendaItem object (``order`` is the position in the agenda).

        A non-public item (closed session) says ``public: false`` and keeps its number and
        order, but not its title, result, resolution text or consultation: those stay internal
        even where a decision on it was published separately (that decision is its own Paper).
        """
        place = {
            "meeting": object_url("meeting", obj.meeting_id),
            "number": str(obj.position + 1),
            "order": obj.position,
        }
        if not obj.public:
            return self.envelope(obj, **place, name=CLOSED_ITEM_NAME, public=False)
        decisions = ctx.get("decisions", {}).get(obj.id, [])
        return self.envelope(
            obj,
            **place,
            name=obj.title,
            public=True,
            # 1:1 in the schema: the first decision taken on the item
            consultation=object_url("consultation", decisions[0].id) if decisions else None,
            result=", ".join(str(OUTCOMES.get(d.outcome, d.outcome)) for d in decisions) or None,
            resolutionText="\n\n".join(d.text for d in decisions) or None,
        )


@register
class LocationFamily(Family):
    """The venue of a public meeting (its id is the meeting's): address and a GeoJSON Feature."""

    kind = "location"
    oparl_type = "Location"
    model = Meeting

    def public(self) -> list:
        """Public meetings that name a venue."""
        venue = or_(Meeting.venue_name != "", Meeting.venue_address != "", Meeting.lat.is_not(None))
        return [*public_meeting_conditions(), venue]

    def serialize(self, obj: Meeting, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:Location object."""
        feature = None
        if obj.lat is not None and obj.lon is not None:
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [obj.lon, obj.lat]},
                "properties": clean({"name": obj.venue_name, "address": obj.venue_address}),
            }
        return self.envelope(
            obj,
            description=", ".join(p for p in (obj.venue_name, obj.venue_address) if p),
            streetAddress=obj.venue_address,
            room=None,
            geojson=feature,
            meetings=[object_url("meeting", obj.id)],
        )


@register
class ConsultationFamily(Family):
    """A decision's paper discussed in a meeting (on an agenda item where one is recorded)."""

    kind = "consultation"
    oparl_type = "Consultation"
    model = Decision

    def public(self) -> list:
        """Published decisions."""
        return public_decision_conditions()

    def options(self) -> list:
        """The meeting (its body) in the same query."""
        return [joinedload(Decision.meeting)]

    def serialize(self, obj: Decision, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:Consultation object."""
        return self.envelope(
            obj,
            paper=object_url("paper", obj.id),
            agendaItem=object_url("agendaItem", obj.agenda_item_id) if obj.agenda_item_id else None,
            meeting=object_url("meeting", obj.meeting_id),
            organization=[object_url("organization", obj.meeting.body_id)],
            authoritative=True,
            role="Entscheidung",
        )
