"""The actor registry: organisations and persons, their types, areas, memberships and relations.

The registry is the one place where organisations and persons live; meetings (bodies, members,
invitations) build on it through ``InvitationList`` (``analysis``) and :class:`Actor`.
"""

import re
import unicodedata
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from participation.core.db import UTCDateTime, utcnow
from participation.core.i18n import localized
from participation.extensions import db

KINDS = {"organisation": _l("Organisation"), "person": _l("Person")}
#: Legal basis for storing a private person's contact data ("" = none recorded).
LEGAL_BASES = {
    "": _l("None recorded"),
    "consent": _l("Consent (with date)"),
    "public_role": _l("Public role (e.g. elected office, head of an institution)"),
}
RELATION_KINDS = {
    "member_of": _l("is a member of"),
    "cooperates": _l("cooperates with"),
    "conflict": _l("is in conflict with"),
    "funds": _l("funds"),
}
#: Categories a social-space process needs at the table (DOMAIN.md §3); types map onto them.
COVERAGE_CATEGORIES = {
    "administration": _l("Administration"),
    "welfare": _l("Welfare providers"),
    "residents": _l("Affected residents or their representatives"),
    "education": _l("Schools and day-care centres"),
    "faith": _l("Faith communities"),
    "economy": _l("Local economy"),
    "politics": _l("Politics"),
    "jobcenter": _l("Jobcenter"),
}


def normalise_name(name: str) -> str:
    """Comparable form of a name: lower case, umlauts spelled out, punctuation and spaces folded."""
    text = (name or "").casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


actor_areas = Table(
    "actor_areas",
    db.metadata,
    Column("actor_id", ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("area_id", ForeignKey("areas.id"), primary_key=True, index=True),
)


class ActorType(db.Model):
    """A type in the configurable taxonomy, e.g. "Freier Träger" → coverage category welfare."""

    __tablename__ = "actor_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable key used by imports, e.g. ``welfare``.
    key: Mapped[str] = mapped_column(String(40), unique=True)
    #: ``{"de": …, "en": …}``; further languages without code changes.
    labels: Mapped[dict[str, str]] = mapped_column(JSON)
    #: Key of :data:`COVERAGE_CATEGORIES` this type counts for; "" counts for none.
    category: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(default=0)

    @property
    def label(self) -> str:
        """Label in the current language."""
        return localized(self.labels)

    @property
    def category_label(self) -> str:
        """Translated coverage category, or "" when the type counts for none."""
        return str(COVERAGE_CATEGORIES.get(self.category, self.category))


class Actor(db.Model):
    """An organisation or a person: type, parent organisation, areas, contact, tags, notes."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``organisation`` or ``person``.
    kind: Mapped[str] = mapped_column(String(12), default="organisation", index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    #: :func:`normalise_name` of the name, kept in step by :meth:`_set_search_key`: lower case
    #: and umlauts spelled out, so a search matches "Körner" and "KOERNER" on SQLite too (its
    #: ``lower()`` leaves Ä, Ö, Ü alone).
    search_key: Mapped[str] = mapped_column(String(250), default="")
    type_id: Mapped[int] = mapped_column(ForeignKey("actor_types.id"), index=True)
    #: Umbrella organisation, e.g. local branch → association.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("actors.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    #: For persons: ``consent`` (with :attr:`consent_date`), ``public_role`` or "" (no contact
    #: data may be stored then; enforced in the service).
    legal_basis: Mapped[str] = mapped_column(String(12), default="")
    consent_date: Mapped[date | None]
    #: Normalised, comma-framed (``,kinder,spielplatz,``) so a tag search is a portable LIKE.
    tags: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: Set when the actor was erased (pseudonymised); links and assessments stay.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Staff account of this person (or of an organisation's delegate): a member of a body scores
    #: budget applications herself as this actor (participation/budgets, "Meine Bewertungen").
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    type: Mapped[ActorType] = relationship(lazy="joined")
    parent: Mapped["Actor | None"] = relationship(remote_side=[id])
    areas = relationship("Area", secondary=actor_areas, lazy="selectin", order_by="Area.name")

    @validates("name")
    def _set_search_key(self, _key: str, name: str) -> str:
        self.search_key = normalise_name(name)
        return name

    @property
    def scope_areas(self):
        """Areas where the actor is active (used for scoped permission checks)."""
        return self.areas

    @property
    def is_person(self) -> bool:
        """True for a person (their contact data needs a legal basis)."""
        return self.kind == "person"

    @property
    def display_name(self) -> str:
        """The name, or a translated placeholder for an erased actor."""
        if self.erased_at:
            return _("Erased actor #%(id)s", id=self.id)
        return self.name

    @property
    def tag_list(self) -> list[str]:
        """Tags as a list."""
        return [t for t in (self.tags or "").split(",") if t]

    @property
    def has_contact(self) -> bool:
        """True when any contact field is filled."""
        return any((self.email, self.phone, self.address, self.website))

    @property
    def kind_label(self) -> str:
        """Translated kind."""
        return str(KINDS.get(self.kind, self.kind))


class Membership(db.Model):
    """A person belongs to an organisation, with a function (e.g. "Schulleiterin")."""

    __tablename__ = "actor_memberships"
    __table_args__ = (UniqueConstraint("person_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("actors.id", ondelete="CASCADE"), index=True
    )
    function: Mapped[str] = mapped_column(String(160), default="")

    person: Mapped[Actor] = relationship(foreign_keys=[person_id], lazy="joined")
    organisation: Mapped[Actor] = relationship(foreign_keys=[organisation_id], lazy="joined")


class Relation(db.Model):
    """A directed relation: *source* is a member of / cooperates with / conflicts with / funds."""

    __tablename__ = "actor_relations"
    __table_args__ = (UniqueConstraint("source_id", "target_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("actors.id", ondelete="CASCADE"), index=True)
    #: Key of :data:`RELATION_KINDS`.
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    source: Mapped[Actor] = relationship(foreign_keys=[source_id], lazy="joined")
    target: Mapped[Actor] = relationship(foreign_keys=[target_id], lazy="joined")

    @property
    def kind_label(self) -> str:
        """Translated relation kind."""
        return str(RELATION_KINDS.get(self.kind, self.kind))
