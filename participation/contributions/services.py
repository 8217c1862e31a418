"""Writes on contributions: create (every kind and channel) and the feedback-loop status.

:func:`create_contribution` is the single entry point for new input — the resident form, staff
proxy entry, the surveys package (promoted free-text answers) and the meetings package call it.
Moderation, reports and "me too" live in :mod:`participation.contributions.moderation`.
Services flush but never commit: the caller commits, and acknowledges only after the commit.
"""

import math
import re
import secrets

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.areas import lookup
from participation.areas.models import Area, AreaLevel
from participation.contributions import hooks
from participation.contributions.models import (
    BODY_MAX,
    CHANNELS,
    KINDS,
    REASON_REQUIRED,
    STATUSES,
    TITLE_MAX,
    Contribution,
    ContributionArea,
)
from participation.contributions.notify import notify_author
from participation.contributions.photos import PhotoError, delete_photo, process_photo
from participation.contributions.tokens import (  # noqa: F401  (part of this module's API)
    browser_hash,
    find_by_token,
    hash_token,
    token_for_key,
    tracking_token,
)
from participation.core.addresses import consented_email
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.i18n import current_language
from participation.extensions import db
from participation.processes.models import Category, Process

KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
REASON_MAX = 1000


# --- create --------------------------------------------------------------------------------------


def create_contribution(
    process,
    *,
    kind: str,
    channel: str,
    title: str,
    body: str = "",
    category=None,
    lon: float | None = None,
    lat: float | None = None,
    area: Area | None = None,
    email: str | None = None,
    consent: bool = False,
    entered_by=None,
    source_ref: str | None = None,
    idempotency_key: str | None = None,
    photo=None,
) -> Contribution:
    """Validate and store one contribution; return it with ``tracking_token`` set.

    A point must lie inside the process areas; the contribution is then assigned to its area at
    every level. Without a point, *area* (inside the process areas) and its ancestors are used.
    Online input by residents follows the process's moderation mode; input entered or promoted by
    staff is visible at once and audit-logged. A repeated *idempotency_key* returns the first
    contribution (``duplicate`` is then True) instead of storing a second one — also when both
    requests arrive at the same moment (the insert conflict rolls the session back).

    :param photo: bytes or a file-like object; sniffed, cleaned and re-encoded.
    :raises ServiceError: with a translated message and the offending field.
    """
    key = idempotency_key if idempotency_key and KEY_RE.match(idempotency_key) else None
    if key:
        # A light probe first: the full row is only loaded for an actual double submit.
        existing = _existing(process, key)
        if existing is not None:
            return existing

    by_resident = entered_by is None and channel == "online"
    _check_basics(process, kind, channel, title, body, category, by_resident)
    email = consented_email(email, consent)
    links = _locate(process, kind, lon, lat, area)

    try:
        photo_name = process_photo(photo) if photo is not None else None
    except PhotoError as exc:
        raise ServiceError(exc.message, "photo") from exc

    pre = process.moderation == "pre"
    key = key or secrets.token_urlsafe(24)
    token = token_for_key(key)
    now = utcnow()
    # The process and category may be the plain values of the hot path (fastpath.py): the
    # relationships are set only for ORM objects, the ids always.
    refs = {"process": process} if isinstance(process, Process) else {}
    if isinstance(category, Category):
        refs["category"] = category
    contribution = Contribution(
        process_id=process.id,
        kind=kind,
        channel=channel,
        category_id=getattr(category, "id", None),
        **refs,
        title=title.strip(),
        body=(body or "").strip(),
        lon=None if lon is None else round(float(lon), 6),
        lat=None if lat is None else round(float(lat), 6),
        area_id=links[-1][0] if links else None,
        photo=photo_name,
        visibility="pending" if by_resident and pre else "visible",
        needs_review=by_resident,
        email=email,
        email_consent_at=now if email else None,
        locale=current_language(),
        tracking_hash=hash_token(token),
        idempotency_key=key,
        entered_by_id=getattr(entered_by, "id", None),
        source_ref=source_ref,
        created_at=now,
        updated_at=now,
    )
    contribution.areas = [ContributionArea(area_id=a, level_id=lv) for a, lv in links]
    db.session.add(contribution)
    try:
        db.session.flush()
    except IntegrityError:
        # The same form arrived twice at the same moment: both passed the probe, the unique key
        # stopped the second insert. Roll back and answer with the first one's result.
        db.session.rollback()
        delete_photo(photo_name)
        existing = _existing(process, key)
        if existing is None:
            raise
        return existing
    contribution.tracking_token = token
    contribution.duplicate = False
    if entered_by is not None:
        log_action(
            "contribution.create",
            contribution,
            user=entered_by,
            kind=kind,
            channel=channel,
            source_ref=source_ref,
        )
    if email:
        notify_author(contribution, "confirm")
    return contribution


def _existing(process, key: str) -> Contribution | None:
    """The contribution already stored under idempotency *key* (marked ``duplicate``), or None."""
    existing_id = db.session.scalar(
        select(Contribution.id).where(Contribution.idempotency_key == key)
    )
    if existing_id is None:
        return None
    existing = db.session.get(Contribution, existing_id)
    if existing.process_id != process.id:
        raise ServiceError(_("Please reload the page and send the form again."))
    existing.tracking_token = token_for_key(key)
    existing.duplicate = True
    return existing


def _check_basics(process, kind, channel, title, body, category, by_resident) -> None:
    if kind not in KINDS:
        raise ServiceError(_("Unknown kind of contribution."), "kind")
    if channel not in CHANNELS:
        raise ServiceError(_("Unknown channel."), "channel")
    if by_resident and (
        process.status != "published" or not (process.uses("pins") or process.uses("ideas"))
    ):
        raise ServiceError(_("This process does not take contributions at the moment."))
    title = (title or "").strip()
    if len(title) < 3:
        raise ServiceError(_("Please give your contribution a short title."), "title")
    if len(title) > TITLE_MAX:
        raise ServiceError(_("The title may have at most %(n)d characters.", n=TITLE_MAX), "title")
    if len((body or "").strip()) > BODY_MAX:
        raise ServiceError(_("The text may have at most %(n)d characters.", n=BODY_MAX), "body")
    if category is not None and category.process_id != process.id:
        raise ServiceError(_("Please choose one of the categories."), "category")


def _locate(process, kind, lon, lat, area) -> list[tuple[int, int]]:
    """``[(area_id, level_id)]`` from the top level down to the finest area."""
    if (lon is None) != (lat is None):
        raise ServiceError(_("Please place the pin again."), "location")
    if lon is not None:
        try:
            lon, lat = float(lon), float(lat)
        except (TypeError, ValueError) as exc:
            raise ServiceError(_("Please place the pin again."), "location") from exc
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180):
            raise ServiceError(_("Please place the pin again."), "location")
        found = lookup.locate(lon, lat)
        process_ids = {a.id for a in process.areas}
        if not process_ids & set(found.values()):
            raise ServiceError(
                _(
                    "This place lies outside the area of this process (%(areas)s). "
                    "Please put the pin inside the marked area.",
                    areas=", ".join(a.name for a in process.areas),
                ),
                "location",
            )
        levels = _levels()
        ranked = sorted(
            ((levels[k][1], area_id, levels[k][0]) for k, area_id in found.items() if k in levels)
        )
        return [(area_id, level_id) for _rank, area_id, level_id in ranked]
    if kind == "pin":
        raise ServiceError(_("Please place the pin on the map."), "location")
    if area is None:
        return []
    if not any(area.path.startswith(p.path) for p in process.areas):
        raise ServiceError(_("Please choose one of the listed areas."), "area")
    return [(a.id, a.level_id) for a in [*area.ancestors(), area]]


_level_cache: dict = {}


def _levels() -> dict[str, tuple[int, int]]:
    """``{level key: (level id, rank)}``, cached as long as the area index is (same import)."""
    index = lookup.get_index()  # rebuilt whenever areas are imported or the database changes
    if _level_cache.get("index") is not index:
        _level_cache["levels"] = {
            k: (level_id, rank)
            for k, level_id, rank in db.session.execute(
                select(AreaLevel.key, AreaLevel.id, AreaLevel.rank)
            )
        }
        _level_cache["index"] = index
    return _level_cache["levels"]


# --- feedback loop -------------------------------------------------------------------------------


def set_status(contribution: Contribution, status: str, reason: str = "", user=None) -> None:
    """Set the feedback-loop outcome (called by the measures package) and tell the author.

    "Not taken up" always needs a reason a resident can understand (DOMAIN.md §5.1). Registered
    status listeners (:mod:`participation.contributions.hooks`) take over the e-mail: the measures
    package bundles news into one digest per person and day.
    """
    status = LEGACY_STATUSES.get(status, status)
    if status not in STATUSES:
        raise ServiceError(_("Unknown status."), "status")
    reason = (reason or "").strip()
    if status in REASON_REQUIRED and len(reason) < 3:
        raise ServiceError(
            _("Please explain why it was not taken up. The author will read it."), "reason"
        )
    old = contribution.status
    contribution.status, contribution.status_reason = status, reason
    contribution.status_changed_at = contribution.updated_at = utcnow()
    log_action("contribution.status", contribution, user=user, old=old, new=status, reason=reason)
    if hooks.STATUS_LISTENERS:
        for listener in hooks.STATUS_LISTENERS:
            listener(contribution, old, user)
    elif contribution.email and old != status:
        notify_author(contribution, "status")


#: Earlier status keys still accepted by :func:`set_status`.
LEGACY_STATUSES = {"not_adopted": "not_taken_up"}
