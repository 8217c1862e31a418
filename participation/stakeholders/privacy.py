"""Data subject rights for actors: export everything stored about one, and erase (pseudonymise)."""

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import or_, select

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.stakeholders.models import Actor, Assessment, Membership, Relation
from participation.stakeholders.services import CONTACT_FIELDS

ERASED_NAME = "Gelöschte:r Akteur:in #{id}"


def export_actor(actor: Actor, user) -> dict[str, Any]:
    """Everything stored about *actor* (data subject access request), audit-logged."""
    memberships = db.session.scalars(
        select(Membership).where(
            or_(Membership.person_id == actor.id, Membership.organisation_id == actor.id)
        )
    ).all()
    relations = db.session.scalars(
        select(Relation).where(or_(Relation.source_id == actor.id, Relation.target_id == actor.id))
    ).all()
    assessments = db.session.scalars(
        select(Assessment).where(Assessment.actor_id == actor.id).order_by(Assessment.assessed_on)
    ).all()
    log_action("stakeholders.actor_export", actor, user=user)
    return {
        "id": actor.id,
        "kind": actor.kind,
        "name": actor.name,
        "type": actor.type.key,
        "parent": actor.parent.name if actor.parent else None,
        "areas": [{"code": a.code, "name": a.name} for a in actor.areas],
        **{f: getattr(actor, f) for f in CONTACT_FIELDS},
        "legal_basis": actor.legal_basis,
        "consent_date": actor.consent_date.isoformat() if actor.consent_date else None,
        "tags": actor.tag_list,
        "notes": actor.notes,
        "created_at": actor.created_at.isoformat(),
        "updated_at": actor.updated_at.isoformat() if actor.updated_at else None,
        "erased_at": actor.erased_at.isoformat() if actor.erased_at else None,
        "memberships": [
            {"person": m.person.name, "organisation": m.organisation.name, "function": m.function}
            for m in memberships
        ],
        "relations": [
            {"from": r.source.name, "kind": r.kind, "to": r.target.name, "note": r.note}
            for r in relations
        ],
        "assessments": [_assessment_dict(a) for a in assessments],
    }


def _assessment_dict(a: Assessment) -> dict[str, Any]:
    return {
        "process": a.process.title,
        "assessed_on": a.assessed_on.isoformat(),
        "influence": a.influence,
        "influence_direct": a.influence_direct,
        "interest": a.interest,
        "attitude": a.attitude,
        "success_critical": a.success_critical,
        "legitimate_interest": a.legitimate_interest,
        "goals_consider": a.goals_consider,
        "access_text": a.access_text,
        "dual_role": a.dual_role,
        "nominated_by": a.nominated_by.name if a.nominated_by else None,
        "strategy": a.strategy,
        "override_reason": a.override_reason,
    }


def erase_actor(actor: Actor, user) -> None:
    """Pseudonymise *actor*: name replaced, contact data, tags and notes cleared.

    Memberships, relations and assessments stay so analyses and old invitation lists remain
    consistent ("erased actor"); their free texts, which may describe the person, are cleared.
    """
    if actor.erased_at:
        raise ServiceError(_("This actor was erased already."))
    actor.name = ERASED_NAME.format(id=actor.id)
    for key in (*CONTACT_FIELDS, "notes", "tags", "legal_basis"):
        setattr(actor, key, "")
    actor.consent_date = None
    actor.user_id = None  # the link to a staff account (budgets: members score themselves)
    actor.erased_at = utcnow()
    for assessment in db.session.scalars(select(Assessment).where(Assessment.actor_id == actor.id)):
        assessment.legitimate_interest = assessment.access_text = ""
    for relation in db.session.scalars(
        select(Relation).where(or_(Relation.source_id == actor.id, Relation.target_id == actor.id))
    ):
        relation.note = ""
    log_action("stakeholders.actor_erase", actor, user=user)
