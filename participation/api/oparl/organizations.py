"""Organization (the bodies), Person (members with a public seat only) and Membership."""

from sqlalchemy import exists, select

from participation.api.oparl.base import (
    Family,
    absolute,
    body_url,
    day,
    embedded,
    grouped,
    object_url,
    register,
)
from participation.extensions import db
from participation.meetings.models import Body, Decision, Meeting, Membership
from participation.stakeholders.models import Actor


def public_meeting_conditions() -> list:
    """Meetings OParl publishes: public and with a fixed date (as the public pages and iCal)."""
    return [Meeting.visibility == "public", Meeting.starts_at.is_not(None)]


def _public_memberships(actor_ids=None, body_ids=None) -> list[Membership]:
    stmt = select(Membership).where(Membership.public.is_(True))
    if actor_ids is not None:
        stmt = stmt.where(Membership.actor_id.in_(actor_ids))
    if body_ids is not None:
        stmt = stmt.where(Membership.body_id.in_(body_ids))
    return list(db.session.scalars(stmt.order_by(Membership.id)))


@register
class OrganizationFamily(Family):
    """A body (Sozialraumkonferenz, Runder Tisch …) as oparl:Organization."""

    kind = "organization"
    oparl_type = "Organization"
    model = Body

    def prefetch(self, objects: list) -> dict:
        """Public memberships of the page's bodies (one query)."""
        seats = _public_memberships(body_ids=[o.id for o in objects])
        return {"seats": grouped(seats, "body_id", "id")}

    def serialize(self, obj: Body, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:Organization object."""
        return self.envelope(
            obj,
            body=body_url(),
            name=obj.name,
            membership=[object_url("membership", i) for i in ctx["seats"].get(obj.id, [])],
            # external lists of this organisation (OParl: a URL, not an array)
            meeting=absolute("api.oparl_sublist", oid=obj.id, name="meeting"),
            consultation=absolute("api.oparl_sublist", oid=obj.id, name="consultation"),
            organizationType="Gremium",
            classification=obj.type_label,
            keyword=[a.name for a in obj.areas],
            web=absolute("meetings.public_body", slug=obj.slug),
        )


@register
class PersonFamily(Family):
    """A member with at least one public seat (persons and organisations holding a seat).

    Only the name is published: no e-mail, phone or address, even where the registry has them.
    """

    kind = "person"
    oparl_type = "Person"
    model = Actor

    def public(self) -> list:
        """Actors holding (or having held) a public seat, not erased."""
        seat = exists().where(Membership.actor_id == Actor.id, Membership.public.is_(True))
        return [seat, Actor.erased_at.is_(None)]

    def prefetch(self, objects: list) -> dict:
        """The public memberships of the page's persons (one query)."""
        seats = _public_memberships(actor_ids=[o.id for o in objects])
        return {"seats": grouped(seats, "actor_id")}

    def serialize(self, obj: Actor, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:Person object (memberships embedded unless *omit_internal*)."""
        return self.envelope(
            obj,
            body=body_url(),
            name=obj.name,
            status=["Organisation"] if not obj.is_person else [],
            membership=embedded("membership", ctx["seats"].get(obj.id, []), omit=omit_internal),
        )


@register
class MembershipFamily(Family):
    """A public seat in a body as oparl:Membership."""

    kind = "membership"
    oparl_type = "Membership"
    model = Membership

    def public(self) -> list:
        """Public seats of actors that were not erased."""
        alive = exists().where(Actor.id == Membership.actor_id, Actor.erased_at.is_(None))
        return [Membership.public.is_(True), alive]

    def serialize(self, obj: Membership, ctx: dict, omit_internal: bool = False) -> dict:
        """The oparl:Membership object."""
        return self.envelope(
            obj,
            person=object_url("person", obj.actor_id),
            organization=object_url("organization", obj.body_id),
            role=obj.role_label,
            votingRight=bool(obj.voting),
            startDate=day(obj.start_date),
            endDate=day(obj.end_date),
        )


def sublist_conditions(body_id: int) -> dict[str, list]:
    """Extra conditions per family for the lists of one organisation (its meetings, decisions)."""
    decision_of_body = exists().where(Meeting.id == Decision.meeting_id, Meeting.body_id == body_id)
    return {"meeting": [Meeting.body_id == body_id], "consultation": [decision_of_body]}
