"""Bodies and memberships: create, edit, seat members from the stakeholder registry."""

import re
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.errors import ServiceError
from participation.core.permissions import allowed_scope, covers
from participation.extensions import db
from participation.meetings.models import BODY_TYPES, DECISION_RULES, ROLES, Body, Membership
from participation.meetings.services.common import bump_public

BODY_FIELDS = (
    "name",
    "type",
    "description",
    "mandate",
    "council_reference",
    "decision_rule",
    "quorum_percent",
    "public_attendance",
    "minutes_confidential",
    "poll_voting_first",
    "cadence_months",
    "cadence_note",
    "owner_id",
    "deputy_owner_id",
)


def slugify(text: str) -> str:
    """URL part from a name: lower case, umlauts spelled out, hyphens."""
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("ß", "ss")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:70] or "gremium"


def _unique_slug(name: str, body_id: int | None = None) -> str:
    base = slugify(name)
    slug, n = base, 1
    while True:
        other = db.session.scalar(select(Body.id).where(Body.slug == slug))
        if other is None or other == body_id:
            return slug
        n += 1
        slug = f"{base}-{n}"


def check_scope(user, areas) -> None:
    """Refuse areas outside the user's scope for ``meetings.manage``."""
    scope = allowed_scope(user, "meetings.manage")
    if scope is not None and not covers(scope, areas):
        raise ServiceError(_("You can only choose areas you are responsible for."), "areas")


def _validate(data: dict, areas) -> None:
    problems = {}
    if not (data.get("name") or "").strip():
        problems["name"] = _("Enter a name.")
    if data.get("type") not in BODY_TYPES:
        problems["type"] = _("Choose a type.")
    if data.get("decision_rule") not in DECISION_RULES:
        problems["decision_rule"] = _("Choose a decision rule.")
    if not 0 <= int(data.get("quorum_percent") or 0) <= 100:
        problems["quorum_percent"] = _("The quorum is a share between 0 and 100 per cent.")
    if not areas:
        problems["areas"] = _("Choose at least one area.")
    if not data.get("owner_id") or not data.get("deputy_owner_id"):
        problems["deputy_owner_id"] = _(
            "Name two responsible staff members: an owner and a deputy."
        )
    elif data["owner_id"] == data["deputy_owner_id"]:
        problems["deputy_owner_id"] = _("The deputy must be another person than the owner.")
    if problems:
        raise ServiceError(next(iter(problems.values())), fields=problems)


def create_body(user, areas: list, processes: list = (), **data) -> Body:
    """Create a body in *areas* (inside the user's scope) with its rules of procedure."""
    data = {k: v for k, v in data.items() if k in BODY_FIELDS}
    data.setdefault("type", "sozialraumkonferenz")
    data.setdefault("decision_rule", "majority")
    data.setdefault("owner_id", getattr(user, "id", None))
    _validate(data, areas)
    check_scope(user, areas)
    data["name"] = data["name"].strip()
    body = Body(**data, slug=_unique_slug(data["name"]), created_by_id=getattr(user, "id", None))
    body.areas = list(areas)
    body.processes = list(processes)
    db.session.add(body)
    db.session.flush()
    log_action("meetings.body_create", body, user=user, type=body.type)
    bump_public()
    return body


def update_body(body: Body, user, areas: list, processes: list = (), **data) -> Body:
    """Change a body's fields, areas and linked processes."""
    data = {k: v for k, v in data.items() if k in BODY_FIELDS}
    merged = {k: getattr(body, k) for k in BODY_FIELDS} | data
    _validate(merged, areas)
    check_scope(user, areas)
    changed = [k for k, v in data.items() if getattr(body, k) != v]
    for key, value in data.items():
        setattr(body, key, value)
    body.name = body.name.strip()
    body.areas = list(areas)
    body.processes = list(processes)
    db.session.flush()
    log_action("meetings.body_update", body, user=user, fields=changed)
    bump_public()
    return body


def add_member(
    body: Body,
    actor,
    user,
    *,
    role: str = "member",
    voting: bool = True,
    deputy_of: Membership | None = None,
    start_date: date | None = None,
    note: str = "",
    public: bool | None = None,
) -> Membership:
    """Seat *actor* in *body*; one current seat per actor, one current chair and deputy chair.

    :param public: name the member in open data (OParl); ``None``: organisations yes, persons
        no (a person needs to consent).
    """
    if role not in ROLES:
        raise ServiceError(_("Choose a role."), "role")
    if actor.erased_at:
        raise ServiceError(_("This actor was erased and cannot become a member."), "actor_id")
    today = start_date or date.today()
    current = body.current_memberships(today)
    if any(m.actor_id == actor.id for m in current):
        raise ServiceError(_("%(name)s already holds a seat.", name=actor.name), "actor_id")
    if role in ("chair", "deputy_chair") and any(m.role == role for m in current):
        raise ServiceError(
            _("The body already has a %(role)s. End that seat first.", role=ROLES[role]), "role"
        )
    if deputy_of is not None and deputy_of.body_id != body.id:
        raise ServiceError(_("The deputy must stand in for a seat of this body."), "deputy_of_id")
    if role == "advisory":
        voting = False
    membership = Membership(
        body=body,
        actor=actor,
        role=role,
        voting=voting,
        deputy_of=deputy_of,
        start_date=today,
        note=(note or "")[:300],
        public=(actor.kind == "organisation") if public is None else bool(public),
    )
    db.session.add(membership)
    db.session.flush()
    log_action("meetings.member_add", body, user=user, actor_id=actor.id, role=role)
    bump_public()
    return membership


def end_membership(membership: Membership, user, end_date: date | None = None) -> None:
    """End a seat; the row stays as history."""
    end = end_date or date.today()
    if end < membership.start_date:
        raise ServiceError(_("A seat cannot end before it began."), "end_date")
    membership.end_date = end
    log_action("meetings.member_end", membership.body, user=user, membership_id=membership.id)
    bump_public()


def set_member_public(membership: Membership, public: bool, user) -> None:
    """Name (or stop naming) the seat's holder in open data and OParl.

    Only with the member's consent for persons; the change is logged, and the OParl listeners
    move the membership's ``modified`` so harvesters pick it up.
    """
    if membership.public == public:
        return
    membership.public = public
    log_action(
        "meetings.member_public",
        membership.body,
        user=user,
        membership_id=membership.id,
        public=public,
    )
    bump_public()


def add_members_from_list(body: Body, invitation_list, user) -> tuple[int, int]:
    """Seat every actor of a stakeholder invitation list; returns ``(added, skipped)``."""
    added = skipped = 0
    for actor in invitation_list.members:
        try:
            with db.session.begin_nested():
                add_member(body, actor, user)
            added += 1
        except ServiceError:
            skipped += 1
    return added, skipped
