"""All writes on the registry: actors, memberships, relations and the type taxonomy.

Data protection (DOMAIN.md §5): a private person's contact data is stored only with a recorded legal
basis (consent with its date, or a public role). Every change is audit-logged; the log keeps field
names, never the personal values themselves. Export and erasure live in :mod:`.privacy`.
"""

import re
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.core.permissions import allowed_scope
from participation.extensions import db
from participation.stakeholders.models import (
    COVERAGE_CATEGORIES,
    KINDS,
    LEGAL_BASES,
    RELATION_KINDS,
    Actor,
    ActorType,
    Membership,
    Relation,
)
from participation.stakeholders.permissions import can_actor

CONTACT_FIELDS = ("email", "phone", "address", "website")
ACTOR_FIELDS = (
    "kind",
    "name",
    "type_id",
    "parent_id",
    *CONTACT_FIELDS,
    "legal_basis",
    "consent_date",
    "tags",
    "notes",
)


def normalise_tags(tags: str | list[str] | None) -> str:
    """Store tags comma-framed and lower-case (``,kinder,spielplatz,``); duplicates dropped."""
    items = tags.split(",") if isinstance(tags, str) else list(tags or [])
    seen: list[str] = []
    for tag in items:
        tag = " ".join(tag.replace(",", " ").split()).lower()[:40]
        if tag and tag not in seen:
            seen.append(tag)
    return f",{','.join(seen)}," if seen else ""


def contact_problems(kind: str, legal_basis: str, consent_date: date | None, **contact) -> dict:
    """Check the legal-basis rule; returns ``{field: message}`` (empty when all is well)."""
    problems: dict[str, str] = {}
    if kind != "person":
        return problems
    if legal_basis == "consent":
        if consent_date is None:
            problems["consent_date"] = _("Enter the date on which the person gave consent.")
        elif consent_date > date.today():
            problems["consent_date"] = _("The date of consent cannot be in the future.")
    filled = [f for f in CONTACT_FIELDS if (contact.get(f) or "").strip()]
    if filled and legal_basis not in ("consent", "public_role"):
        problems["legal_basis"] = _(
            "Contact data of a private person may only be stored with a legal basis: record "
            "their consent (with date) or their public role, or leave the contact fields empty."
        )
    return problems


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    clean = {k: data[k] for k in ACTOR_FIELDS if k in data}
    for key in ("name", *CONTACT_FIELDS, "notes"):
        if key in clean:
            clean[key] = (clean[key] or "").strip()
    if "email" in clean:
        clean["email"] = clean["email"].lower()
    if "tags" in clean:
        clean["tags"] = normalise_tags(clean["tags"])
    if "parent_id" in clean:
        clean["parent_id"] = clean["parent_id"] or None
    return clean


def _validate(actor: Actor | None, data: dict[str, Any], areas: list, user) -> None:
    merged = {k: getattr(actor, k) if actor else None for k in ACTOR_FIELDS}
    merged.update(data)
    fields: dict[str, str] = {}
    if not merged.get("name"):
        fields["name"] = _("Enter a name.")
    if merged.get("kind") not in KINDS:
        fields["kind"] = _("Choose organisation or person.")
    if merged.get("legal_basis") not in LEGAL_BASES:
        fields["legal_basis"] = _("Choose a legal basis from the list.")
    if db.session.get(ActorType, merged.get("type_id") or 0) is None:
        fields["type_id"] = _("Choose a type.")
    parent_id = merged.get("parent_id")
    if parent_id:
        parent = db.session.get(Actor, parent_id)
        unchanged = actor is not None and actor.parent_id == parent_id
        hidden = (
            parent is not None
            and user is not None
            and not can_actor("stakeholders.view", parent, user)
        )
        if parent is None or parent.kind != "organisation":
            fields["parent_id"] = _("The parent must be an organisation in the registry.")
        elif hidden and not unchanged:
            # ids from the form are checked here too: a manager links only organisations she sees
            fields["parent_id"] = _("The parent must be an organisation in the registry.")
        elif actor is not None and _is_descendant(parent, actor):
            fields["parent_id"] = _("An organisation cannot be its own parent (directly or not).")
    contact = {f: merged.get(f) for f in CONTACT_FIELDS}
    fields.update(
        contact_problems(
            merged.get("kind"), merged.get("legal_basis"), merged.get("consent_date"), **contact
        )
    )
    scope = allowed_scope(user, "stakeholders.manage") if user is not None else None
    if scope is not None and not any(a.path.startswith(p) for a in areas for p in scope):
        fields["areas"] = _("Choose at least one area you are responsible for.")
    if fields:
        raise ServiceError(next(iter(fields.values())), fields=fields)


def _is_descendant(candidate: Actor, ancestor: Actor) -> bool:
    node, seen = candidate, set()
    while node is not None and node.id not in seen:
        if node.id == ancestor.id:
            return True
        seen.add(node.id)
        node = node.parent
    return False


def _apply_kind_rules(data: dict[str, Any]) -> None:
    # an organisation's contact data is business data: a personal legal basis does not apply
    if data.get("kind") == "organisation":
        data["legal_basis"], data["consent_date"] = "", None
    elif data.get("legal_basis") != "consent":
        data["consent_date"] = None


def create_actor(user, areas: list, **data) -> Actor:
    """Add an organisation or person to the registry after checking the legal-basis rule."""
    data = _clean(data)
    data.setdefault("kind", "organisation")
    data.setdefault("legal_basis", "")
    _apply_kind_rules(data)
    _validate(None, data, areas, user)
    actor = Actor(**data, created_by_id=getattr(user, "id", None))
    actor.areas = list(areas)
    db.session.add(actor)
    db.session.flush()
    log_action("stakeholders.actor_create", actor, user=user, kind=actor.kind)
    return actor


def update_actor(actor: Actor, user, areas: list, **data) -> Actor:
    """Change an actor; logs which fields changed (not their values)."""
    if actor.erased_at:
        raise ServiceError(_("This actor was erased and can no longer be changed."))
    data = _clean(data)
    data.setdefault("kind", actor.kind)
    data.setdefault("legal_basis", actor.legal_basis)
    _apply_kind_rules(data)
    _validate(actor, data, areas, user)
    areas = _keep_foreign_areas(actor, areas, user)
    changed = [k for k, v in data.items() if getattr(actor, k) != v]
    for key, value in data.items():
        setattr(actor, key, value)
    if {a.id for a in actor.areas} != {a.id for a in areas}:
        actor.areas = list(areas)
        changed.append("areas")
    log_action("stakeholders.actor_update", actor, user=user, fields=sorted(changed))
    return actor


def _keep_foreign_areas(actor: Actor, areas: list, user) -> list:
    """*areas* plus the actor's areas outside the user's scope (her form cannot show them).

    An actor active in Neukölln and Spandau stays active in Spandau when the Neukölln manager
    saves it.
    """
    scope = allowed_scope(user, "stakeholders.manage") if user is not None else None
    if scope is None:
        return list(areas)
    foreign = [a for a in actor.areas if not any(a.path.startswith(p) for p in scope)]
    chosen = [a for a in areas if a.id not in {f.id for f in foreign}]
    return foreign + chosen


def add_membership(person: Actor, organisation: Actor, function: str, user) -> Membership:
    """Record that *person* belongs to *organisation* with *function*."""
    if (
        organisation is not None
        and user is not None
        and not can_actor("stakeholders.view", organisation, user)
    ):
        organisation = None  # an id outside her areas: as if it did not exist
    if organisation is None or person.kind != "person" or organisation.kind != "organisation":
        raise ServiceError(
            _("A membership links a person to an organisation."), field="organisation_id"
        )
    exists = db.session.scalar(
        select(Membership).where(
            Membership.person_id == person.id, Membership.organisation_id == organisation.id
        )
    )
    if exists:
        raise ServiceError(
            _("This person is already listed as a member of this organisation."),
            field="organisation_id",
        )
    membership = Membership(person=person, organisation=organisation, function=function.strip())
    db.session.add(membership)
    db.session.flush()
    log_action("stakeholders.membership_add", person, user=user, organisation_id=organisation.id)
    return membership


def remove_membership(membership: Membership, user) -> None:
    """Delete a membership."""
    log_action(
        "stakeholders.membership_remove",
        membership.person,
        user=user,
        organisation_id=membership.organisation_id,
    )
    db.session.delete(membership)


def add_relation(source: Actor, target: Actor, kind: str, note: str, user) -> Relation:
    """Record a directed relation between two actors."""
    if kind not in RELATION_KINDS:
        raise ServiceError(_("Choose a kind of relation."), field="kind")
    if source.id == target.id:
        raise ServiceError(_("An actor cannot have a relation with itself."), field="kind")
    exists = db.session.scalar(
        select(Relation.id).where(
            Relation.source_id == source.id, Relation.target_id == target.id, Relation.kind == kind
        )
    )
    if exists:
        raise ServiceError(_("This relation is recorded already."), field="kind")
    relation = Relation(source=source, target=target, kind=kind, note=(note or "").strip())
    db.session.add(relation)
    db.session.flush()
    log_action("stakeholders.relation_add", relation, user=user, kind=kind)
    return relation


def remove_relation(relation: Relation, user) -> None:
    """Delete a relation."""
    log_action("stakeholders.relation_remove", relation, user=user, kind=relation.kind)
    db.session.delete(relation)


def save_type(
    user, key: str, label_de: str, label_en: str, category: str, type_: ActorType | None = None
) -> ActorType:
    """Add a type to the taxonomy, or change its labels and coverage category."""
    key = (key or "").strip().lower()
    if category and category not in COVERAGE_CATEGORIES:
        raise ServiceError(
            _("Choose a category from the list."), fields={"category": _("Unknown.")}
        )
    if type_ is None:
        if not re.fullmatch(r"[a-z0-9_-]{1,40}", key):
            msg = _("The key may only contain letters, digits, - and _.")
            raise ServiceError(msg, field="key")
        if db.session.scalar(select(ActorType.id).where(ActorType.key == key)):
            msg = _("A type with the key %(key)s exists already.", key=key)
            raise ServiceError(msg, field="key")
        position = (db.session.scalar(select(db.func.max(ActorType.position))) or 0) + 1
        type_ = ActorType(key=key, labels={}, position=position)
        db.session.add(type_)
    type_.labels = {"de": label_de.strip(), "en": (label_en or label_de).strip()}
    type_.category = category or ""
    db.session.flush()
    log_action("stakeholders.type_save", type_, user=user, key=type_.key, category=category)
    return type_
