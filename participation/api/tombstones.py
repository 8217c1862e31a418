"""Session listeners: tombstones for deleted OParl objects and ``modified`` of embedding objects.

Registered here, in the api package, because nothing below it may import it (the meetings and
reports packages do not know about OParl). Two duties, both from the OParl 1.1 text:

* Deleted System/Body/Organization/Person/Meeting/Paper/File/Location objects keep answering with
  ``deleted: true``; we also keep tombstones of memberships, agenda items and consultations,
  which the text allows, so clients that sync with ``modified_since`` learn about them.
* When an embedded object changes or is deleted (an agenda item inside a meeting, a membership
  inside a person), the ``modified`` of the objects embedding it must change too: the listener
  touches their ``updated_at`` in the same transaction.

Rows deleted by the database (``ON DELETE CASCADE``) are invisible to the ORM, so the meetings and
decisions of a deleted body and the decisions of a deleted meeting are looked up before the flush.
"""

from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import delete, insert, select, update
from sqlalchemy import event as sa_event

from participation.api.models import OparlTombstone
from participation.core.db import utcnow

_PENDING = "oparl_tombstones"


def _kinds_for(obj) -> list[tuple[str, int, object]]:
    """``(kind, id, created)`` for each OParl object *obj* stands for (empty: not published)."""
    from participation.meetings.models import AgendaItem, Body, Decision, Meeting, Membership
    from participation.reports.models import ReportVersion
    from participation.stakeholders.models import Actor

    if isinstance(obj, Body):
        return [("organization", obj.id, obj.created_at)]
    if isinstance(obj, Actor):
        return []  # decided before the flush (:func:`_cascaded`): only if a seat was public
    if isinstance(obj, Membership):
        return [("membership", obj.id, obj.created_at)] if obj.public else []
    if isinstance(obj, Meeting):
        if not (obj.visibility == "public" and obj.starts_at is not None):
            return []
        rows = [("meeting", obj.id, obj.created_at)]
        if obj.venue_name or obj.venue_address or obj.lat is not None:
            rows.append(("location", obj.id, obj.created_at))
        return rows
    if isinstance(obj, AgendaItem):
        return [("agendaItem", obj.id, obj.created_at)]
    if isinstance(obj, Decision):
        return [("paper", obj.id, obj.created_at), ("consultation", obj.id, obj.created_at)]
    if isinstance(obj, ReportVersion):
        if obj.state != "published":
            return []
        return [("report", obj.id, obj.created_at), ("file", obj.id, obj.created_at)]
    return []


def _cascaded(session) -> list[tuple[str, int, object]]:
    """Objects the database deletes with a deleted body, meeting or actor (unseen by the ORM)."""
    from participation.meetings.models import Body, Decision, Meeting, Membership
    from participation.stakeholders.models import Actor

    body_ids = [o.id for o in session.deleted if isinstance(o, Body) and o.id]
    meeting_ids = [o.id for o in session.deleted if isinstance(o, Meeting) and o.id]
    actors = {o.id: o for o in session.deleted if isinstance(o, Actor) and o.id}
    rows: list[tuple[str, int, object]] = []
    if actors or body_ids:
        # public seats go with their actor or body (ON DELETE CASCADE); a person was published
        # only if one of her seats was
        seats = session.scalars(
            select(Membership).where(
                Membership.public.is_(True),
                Membership.actor_id.in_(list(actors)) | Membership.body_id.in_(body_ids),
            )
        ).all()
        rows += [("membership", m.id, m.created_at) for m in seats]
        named = {m.actor_id for m in seats}
        rows += [("person", a.id, a.created_at) for a in actors.values() if a.id in named]
    if body_ids:
        meetings = session.scalars(select(Meeting).where(Meeting.body_id.in_(body_ids))).all()
        for meeting in meetings:
            rows += _kinds_for(meeting)
            rows += [("agendaItem", a.id, a.created_at) for a in meeting.agenda_items]
            meeting_ids.append(meeting.id)
    if meeting_ids:
        for decision in session.scalars(
            select(Decision).where(Decision.meeting_id.in_(meeting_ids))
        ):
            rows += _kinds_for(decision)
    return rows


@sa_event.listens_for(FlaskSession, "before_flush")
def _before_flush(session, flush_context, instances) -> None:
    """Look up what the database will cascade-delete, while it still exists."""
    if any(True for _ in session.deleted):
        rows = _cascaded(session)
        if rows:
            session.info.setdefault(_PENDING, []).extend(rows)


def _touch(connection, table, ids: set, now) -> None:
    ids.discard(None)
    if ids:
        connection.execute(update(table).where(table.c.id.in_(ids)).values(updated_at=now))


@sa_event.listens_for(FlaskSession, "after_flush")
def _after_flush(session, flush_context) -> None:
    """Write tombstones of deleted objects; touch the objects that embed a changed one."""
    from participation.meetings.models import AgendaItem, Body, Decision, Meeting, Membership
    from participation.stakeholders.models import Actor

    deleted = list(session.deleted)
    changed = [o for o in session.dirty if session.is_modified(o)] + list(session.new)
    rows = session.info.pop(_PENDING, [])
    for obj in deleted:
        rows += _kinds_for(obj)
    rows += _erased(session, [o for o in changed if isinstance(o, Actor)])
    touch: dict = {Meeting: set(), AgendaItem: set(), Actor: set(), Body: set()}
    for obj in deleted + changed:
        if isinstance(obj, AgendaItem):
            touch[Meeting].add(obj.meeting_id)
        elif isinstance(obj, Decision):
            touch[Meeting].add(obj.meeting_id)
            touch[AgendaItem].add(obj.agenda_item_id)
        elif isinstance(obj, Membership):
            touch[Actor].add(obj.actor_id)
            touch[Body].add(obj.body_id)
    if not rows and not any(touch.values()) and not session.new:
        return
    connection = session.connection()
    now = utcnow()
    # the touched rows may themselves be deleted in this flush: that is harmless (no row)
    for model, ids in touch.items():
        _touch(connection, model.__table__, ids, now)
    table = OparlTombstone.__table__
    # SQLite may hand a freed id to a new row: a live object replaces its old tombstone
    reborn = [(kind, oid) for obj in session.new for kind, oid, _c in _kinds_for(obj) if oid]
    stale: dict[str, set[int]] = {}
    for kind, oid in [(kind, oid) for kind, oid, _c in rows] + reborn:
        stale.setdefault(kind, set()).add(oid)
    for kind, ids in stale.items():
        connection.execute(
            delete(table).where(table.c.object_type == kind, table.c.object_id.in_(ids))
        )
    values = {
        (kind, oid): {
            "object_type": kind,
            "object_id": oid,
            "created": created or now,
            "deleted_at": now,
        }
        for kind, oid, created in rows
        if oid
    }
    if values:
        connection.execute(insert(table), list(values.values()))


def _erased(session, actors: list) -> list[tuple[str, int, object]]:
    """Actors erased in this flush (GDPR): a named person is gone from OParl like a deleted one."""
    from sqlalchemy import inspect as sa_inspect

    from participation.meetings.models import Membership

    erased = [
        a for a in actors if a.erased_at and sa_inspect(a).attrs.erased_at.history.has_changes()
    ]
    if not erased:
        return []
    named = set(
        session.connection().scalars(
            select(Membership.actor_id).where(
                Membership.public.is_(True), Membership.actor_id.in_([a.id for a in erased])
            )
        )
    )
    return [("person", a.id, a.created_at) for a in erased if a.id in named]
