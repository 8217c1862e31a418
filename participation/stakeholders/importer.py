"""CSV import of an existing contact list: column mapping, dry-run report, then apply.

Reading the file (encoding, delimiter, limits) and carrying it between the steps inside the form
is the shared `participation.core.csvimport`.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from participation.areas.models import Area
from participation.core.audit import log_action
from participation.core.csvimport import read_rows
from participation.core.errors import ServiceError
from participation.core.permissions import allowed_scope
from participation.extensions import db
from participation.stakeholders import services
from participation.stakeholders.models import Actor, ActorType, normalise_name

KIND_WORDS = {
    "person": {"person", "personen", "privatperson", "p"},
    "organisation": {"organisation", "organization", "org", "o", "einrichtung", "institution"},
}
BASIS_WORDS = {
    "consent": {"consent", "einwilligung", "zustimmung"},
    "public_role": {"public_role", "public role", "öffentliche rolle", "öffentliches amt", "amt"},
}


@dataclass
class RowResult:
    """Outcome of one CSV row: ``create``, ``duplicate`` or ``error``."""

    line: int
    name: str
    status: str
    messages: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import would do (dry run) or did."""

    rows: list[RowResult]
    applied: bool = False

    def count(self, status: str) -> int:
        """Rows with *status*."""
        return sum(1 for r in self.rows if r.status == status)

    @property
    def warnings(self) -> list[RowResult]:
        """Rows to create that still carry a remark."""
        return [r for r in self.rows if r.status == "create" and r.messages]


@dataclass
class Defaults:
    """Values for rows that leave a column empty."""

    kind: str = "organisation"
    type_id: int | None = None
    area_id: int | None = None


def _parse_date(value: str) -> date | None:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


class _Lookups:
    """Everything the rows are matched against, loaded once per import."""

    def __init__(self):
        self.types = {}
        for t in db.session.scalars(select(ActorType)):
            for key in [t.key, *t.labels.values()]:
                self.types[key.casefold()] = t
        self.areas = {}
        for a in db.session.scalars(select(Area).where(Area.valid_to.is_(None))):
            self.areas[a.code] = a
            self.areas.setdefault(a.name.casefold(), a)
        self.existing: dict[str, set[str]] = {}
        self.organisations: dict[str, int | None] = {}
        rows = db.session.execute(
            select(Actor.id, Actor.name, Actor.email, Actor.kind).where(Actor.erased_at.is_(None))
        )
        for actor_id, name, email, kind in rows:
            key = normalise_name(name)
            self.existing.setdefault(key, set()).add(email or "")
            if kind == "organisation":
                self.organisations[key] = actor_id


def run_import(text: str, mapping: dict[str, str], defaults: Defaults, user, apply: bool):
    """Check every row; with *apply*, create the rows that passed; returns the report."""
    _header, rows = read_rows(text)
    look = _Lookups()
    scope = allowed_scope(user, "stakeholders.manage") if user is not None else None
    default_type = db.session.get(ActorType, defaults.type_id) if defaults.type_id else None
    default_area = db.session.get(Area, defaults.area_id) if defaults.area_id else None
    results: list[RowResult] = []
    for line, row in enumerate(rows, start=2):
        value = {t: row.get(col, "") for t, col in mapping.items() if col}
        result = RowResult(line, value.get("name", ""), "create")
        parsed = _check_row(value, result, look, defaults, default_type, default_area, scope)
        if result.status == "create":
            key = normalise_name(result.name)
            emails = look.existing.get(key)
            email = parsed["email"]
            if emails is not None and (not email or "" in emails or email in emails):
                result.status = "duplicate"
                result.messages.append(_("An actor with this name (and e-mail) exists already."))
            elif emails is not None:
                result.messages.append(
                    _("An actor with this name but another e-mail exists: please check.")
                )
            look.existing.setdefault(key, set()).add(email)
            if parsed["kind"] == "organisation":
                look.organisations.setdefault(key, None)
        if result.status == "create" and apply:
            _create(parsed, result, look, user)
        results.append(result)
    report = ImportReport(results, applied=apply)
    if apply:
        log_action(
            "stakeholders.import",
            None,
            user=user,
            created=report.count("create"),
            duplicates=report.count("duplicate"),
            errors=report.count("error"),
        )
    return report


def _check_row(value, result, look, defaults, default_type, default_area, scope) -> dict | None:
    """Parse one row; errors make it an ``error`` row, notes are kept as remarks."""
    errors, notes = [], []
    if not result.name:
        errors.append(_("The name is empty."))
    kind_raw = value.get("kind", "").casefold()
    kind = next((k for k, words in KIND_WORDS.items() if kind_raw in words), None)
    if kind_raw and kind is None:
        errors.append(_("“%(value)s” is neither organisation nor person.", value=value["kind"]))
    kind = kind or defaults.kind
    type_raw = value.get("type", "")
    type_ = look.types.get(type_raw.casefold()) if type_raw else None
    if type_ is None:
        if default_type is None:
            errors.append(_("Unknown type “%(value)s” and no default type chosen.", value=type_raw))
        elif type_raw:
            notes.append(_("Unknown type “%(value)s”: the default type is used.", value=type_raw))
        type_ = default_type
    email = value.get("email", "").lower()
    if email:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            errors.append(_("“%(value)s” is not a valid e-mail address.", value=email))
    areas = []
    for part in filter(None, (p.strip() for p in value.get("area", "").split(";"))):
        area = look.areas.get(part) or look.areas.get(part.casefold())
        if area is None:
            errors.append(_("Unknown area “%(value)s”.", value=part))
        else:
            areas.append(area)
    if not areas and default_area is not None:
        areas = [default_area]
    if scope is not None and not any(a.path.startswith(p) for a in areas for p in scope):
        errors.append(_("None of the row's areas is one of yours."))
    basis_raw = value.get("legal_basis", "").casefold()
    basis = next((k for k, words in BASIS_WORDS.items() if basis_raw in words), "")
    if basis_raw and not basis:
        errors.append(_("Unknown legal basis “%(value)s”.", value=value["legal_basis"]))
    consent_date = None
    if value.get("consent_date"):
        try:
            consent_date = _parse_date(value["consent_date"])
        except ValueError:
            errors.append(_("“%(value)s” is not a date.", value=value["consent_date"]))
    contact = {f: value.get(f, "") for f in services.CONTACT_FIELDS}
    contact["email"] = email
    errors.extend(services.contact_problems(kind, basis, consent_date, **contact).values())
    organisation = value.get("organisation", "")
    if organisation and normalise_name(organisation) not in look.organisations:
        notes.append(_("Organisation not found in the registry: the link is left out."))
    result.messages = errors + notes
    if errors:
        result.status = "error"
        return None
    return {
        "kind": kind,
        "name": result.name,
        "type_id": type_.id,
        "areas": areas,
        "legal_basis": basis,
        "consent_date": consent_date,
        "tags": value.get("tags", "").replace(";", ","),
        "notes": value.get("notes", ""),
        "organisation": organisation,
        "function": value.get("function", ""),
        **contact,
    }


def _create(parsed: dict, result: RowResult, look: _Lookups, user) -> None:
    org_key = normalise_name(parsed.pop("organisation"))
    function = parsed.pop("function")
    areas = parsed.pop("areas")
    organisation = None
    if org_key:
        org_id = look.organisations.get(org_key)
        organisation = db.session.get(Actor, org_id) if org_id else None
    if organisation is not None and parsed["kind"] == "organisation":
        parsed["parent_id"] = organisation.id
    try:
        with db.session.begin_nested():
            actor = services.create_actor(user, areas, **parsed)
            if organisation is not None and parsed["kind"] == "person":
                services.add_membership(actor, organisation, function, user)
    except ServiceError as exc:
        result.status = "error"
        result.messages.append(str(exc))
        return
    if actor.kind == "organisation":
        look.organisations[normalise_name(actor.name)] = actor.id
