"""All writes on processes: create, edit, phases, categories, publish, close, archive.

Every change is audit-logged. Publishing a process above *Information* without a complete scope
statement is refused (DOMAIN.md §3): residents must know what they can still influence.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.permissions import allowed_scope, covers
from participation.extensions import db
from participation.processes.models import DEFAULT_CATEGORIES, LEVELS, Category, Phase, Process

EDITABLE_FIELDS = (
    "title",
    "summary",
    "description",
    "level",
    "scope_influence",
    "scope_decided",
    "decision_by",
    "resources",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "tools",
    "moderation",
)
SCOPE_FIELDS = {
    "scope_influence": _l("What you can influence"),
    "scope_decided": _l("What is already decided"),
    "decision_by": _l("Who decides, and when"),
    "resources": _l("Money and resources available"),
}


@dataclass
class PhaseInput:
    """One phase row from the editor."""

    title: str
    start_date: date
    end_date: date | None = None
    description: str = ""


def slugify(text: str) -> str:
    """ASCII URL slug: ``Spielplatz Körnerpark`` → ``spielplatz-koernerpark``."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:70] or "verfahren"


def _unique_slug(title: str, exclude_id: int | None = None) -> str:
    base = slugify(title)
    slug, n = base, 2
    while True:
        found = db.session.scalar(select(Process.id).where(Process.slug == slug))
        if found is None or found == exclude_id:
            return slug
        slug, n = f"{base}-{n}", n + 1


def _check_areas(areas, user) -> None:
    if not areas:
        raise ServiceError(_("Choose at least one area."), field="areas")
    scope = allowed_scope(user, "process.manage")
    if scope is not None and not covers(scope, areas):
        msg = _("You can only choose areas you are responsible for.")
        raise ServiceError(msg, field="areas")


def create_process(user, areas, **fields) -> Process:
    """Create a draft process with the default pin-method categories."""
    _check_areas(areas, user)
    if fields.get("level", "consultation") not in LEVELS:
        raise ServiceError(_("Unknown participation level."))
    process = Process(created_by_id=user.id, status="draft")
    for key in EDITABLE_FIELDS:
        if key in fields:
            setattr(process, key, fields[key])
    process.slug = _unique_slug(process.title)
    process.areas = list(areas)
    for pos, (key, labels, color) in enumerate(DEFAULT_CATEGORIES):
        process.categories.append(Category(key=key, labels=dict(labels), color=color, position=pos))
    db.session.add(process)
    db.session.flush()
    log_action("process.create", process, user=user, title=process.title)
    return process


def update_process(process: Process, user, areas=None, **fields) -> Process:
    """Edit fields (and areas); a published process stays publishable (scope still complete)."""
    changed = {}
    for key in EDITABLE_FIELDS:
        if key in fields and getattr(process, key) != fields[key]:
            changed[key] = True
            setattr(process, key, fields[key])
    if areas is not None and {a.id for a in areas} != {a.id for a in process.areas}:
        _check_areas(areas, user)
        process.areas = list(areas)
        changed["areas"] = True
    if process.status == "published":
        _check_publishable(process)
    if changed:
        log_action("process.update", process, user=user, fields=sorted(changed))
    return process


def set_phases(process: Process, phases: list[PhaseInput], user) -> None:
    """Replace the phases; each must end on or after its start."""
    for p in phases:
        if p.end_date and p.end_date < p.start_date:
            raise ServiceError(_("The phase “%(title)s” ends before it starts.", title=p.title))
    # translations follow a phase whose German title stays the same (processes/texts.py)
    kept = {old.title: old.translations for old in process.phases if old.translations}
    process.phases = [
        Phase(
            title=p.title,
            description=p.description,
            start_date=p.start_date,
            end_date=p.end_date,
            translations=dict(kept.get(p.title) or {}),
        )
        for p in phases
    ]
    log_action("process.phases", process, user=user, count=len(phases))


def _categories_in_use(ids: list[int]) -> set[int]:
    """Ids among *ids* that any row refers to (contributions, and whatever packages add later).

    Found through the foreign keys in the metadata, so this package needs no import from the
    packages above it.
    """
    used: set[int] = set()
    if not ids:
        return used
    for table in db.metadata.tables.values():
        for fk in table.foreign_keys:
            if fk.column.table.name == Category.__tablename__ and fk.column.name == "id":
                column = fk.parent
                stmt = select(column).where(column.in_(ids)).distinct()
                used |= set(db.session.scalars(stmt))
    return used


def set_categories(process: Process, rows: list[tuple[int | None, str, str, str]], user) -> None:
    """Save the category editor: rows of ``(category_id, label_de, label_en, color)`` in order.

    A row with the id of one of the process's categories renames it (contributions stay filed
    under it); a row without an id adds a category; a category without a row is removed — unless
    something is filed under it (a resident's pin would silently lose its category).
    """
    if not rows:
        raise ServiceError(_("A process needs at least one category."))
    existing = {c.id: c for c in process.categories}
    kept = {cid for cid, *_ in rows if cid in existing}
    removed = [c for cid, c in existing.items() if cid not in kept]
    in_use = _categories_in_use([c.id for c in removed])
    if in_use:
        first = min((existing[cid] for cid in in_use), key=lambda c: c.position)
        raise ServiceError(
            _(
                "“%(name)s” cannot be removed: contributions are filed under it. "
                "Please rename it instead.",
                name=first.label,
            )
        )
    for category in removed:
        process.categories.remove(category)
    db.session.flush()  # free the keys of removed categories before new ones take them
    keys = {c.key for c in process.categories}
    for pos, (cid, label_de, label_en, color) in enumerate(rows):
        labels = {"de": label_de.strip(), "en": (label_en or label_de).strip()}
        category = existing.get(cid) if cid in kept else None
        if category is not None:
            # labels in further languages (tr, ar, …) are kept; this editor shows de and en
            category.labels = {**(category.labels or {}), **labels}
            category.color, category.position = color, pos
            continue
        key = next(f"c{n}" for n in range(1, len(keys) + 2) if f"c{n}" not in keys)
        keys.add(key)
        process.categories.append(Category(key=key, labels=labels, color=color, position=pos))
    process.categories.sort(key=lambda c: c.position)
    log_action("process.categories", process, user=user, count=len(rows))


def missing_for_publication(process: Process) -> dict[str, str]:
    """Fields a process still lacks before it may be published: ``{field: message}``."""
    missing = {}
    if not process.contact_name.strip():
        missing["contact_name"] = _("Name a contact person.")
    if not process.areas:
        missing["areas"] = _("Choose at least one area.")
    if process.level != "information":
        for key, label in SCOPE_FIELDS.items():
            if not (getattr(process, key) or "").strip():
                missing[key] = _(
                    "“%(field)s” is required above the level Information.", field=label
                )
        # Residents must see until when they can take part: one phase with an end date at least.
        if not any(p.start_date and p.end_date for p in process.phases):
            missing["phases"] = _(
                "Add at least one phase with a start and an end date, so residents know until "
                "when they can take part."
            )
    return missing


def _check_publishable(process: Process) -> None:
    missing = missing_for_publication(process)
    if missing:
        raise ServiceError(
            _(
                "The process cannot be published yet. Residents must see what they can influence "
                "before they take part: %(missing)s",
                missing=" ".join(missing.values()),
            ),
            fields=missing,
        )


def publish_process(process: Process, user) -> None:
    """Make a draft or closed process public and running."""
    _check_publishable(process)
    old = process.status
    process.status = "published"
    process.published_at = process.published_at or utcnow()
    process.closed_at = None
    log_action("process.publish", process, user=user, old=old)


def close_process(process: Process, user) -> None:
    """Stop taking contributions; the process stays visible with its results."""
    if process.status != "published":
        raise ServiceError(_("Only a running process can be closed."))
    process.status, process.closed_at = "closed", utcnow()
    log_action("process.close", process, user=user)


def archive_process(process: Process, user) -> None:
    """Archive a closed process (starts the retention period for contact e-mails)."""
    if process.status != "closed":
        raise ServiceError(_("Close the process before archiving it."))
    process.status, process.archived_at = "archived", utcnow()
    log_action("process.archive", process, user=user)
