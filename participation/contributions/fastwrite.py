"""The write of a resident's pin on the hot path: Core statements in the shortest transaction.

SQLite has one writer at a time: a transaction holds the write lock from its first write (the
``BEGIN IMMEDIATE`` of ``core/db.py``) until its COMMIT's fsync has returned. Through the ORM a
pin held it for the whole flush — unit of work, the mapper event that builds the map cells, the
after-flush hooks — about 2 ms of Python per pin on top of the fsync, and on 2 cores shared by 4
workers the holder was often descheduled meanwhile: every other worker's pin waited for that
(profile in ``bench/pin_submit.py --profile``). Here everything is worked out first — validation
and the area lookup (the helpers of ``services.create_contribution``), the tracking hash, the rows
of ``contribution_areas`` and ``map_clusters`` — and then three statements run back to back; the
caller commits (the version UPSERT, then one durable COMMIT: nothing weakened). The rows are
exactly those the ORM path writes (``tests/contributions/test_contrib_fastwrite.py``).

Only the plain case comes here: a pin with a point and without an e-mail address or photo
(those queue a mail or store a file and keep taking :func:`create_contribution`).
"""

import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from participation.contributions import clusters
from participation.contributions.models import Contribution, ContributionArea
from participation.contributions.services import KEY_RE, _check_basics, _locate
from participation.contributions.tokens import hash_token, token_for_key
from participation.core import cache
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.i18n import current_language
from participation.extensions import db

_CONTRIBUTIONS = Contribution.__table__
_AREAS = ContributionArea.__table__


def _existing(process_id: int, key: str) -> bool:
    """True when a contribution of this process is stored under *key* (a double submit)."""
    row = db.session.execute(
        select(Contribution.process_id).where(Contribution.idempotency_key == key)
    ).first()
    if row is None:
        return False
    if row[0] != process_id:
        from flask_babel import gettext as _

        raise ServiceError(_("Please reload the page and send the form again."))
    return True


def store_pin(
    process,
    *,
    title: str,
    body: str,
    category,
    lon: float,
    lat: float,
    idempotency_key: str | None,
) -> tuple[str, bool]:
    """Store a resident's online pin; return ``(tracking token, duplicate)``.

    The same rules as :func:`create_contribution` for this case (process taking input, title and
    text, category of the process, point inside the process areas, moderation mode, a repeated
    idempotency key answering with the first pin — found by the unique key at the insert, which
    rolls the session back: call this before writing anything else in the transaction).
    Flushes nothing through the ORM; the caller commits and acknowledges only after the commit.

    :raises ServiceError: with a translated message and the offending field.
    """
    key = idempotency_key if idempotency_key and KEY_RE.match(idempotency_key) else None
    # No probe for the key beforehand: a repeat is caught by the unique key at the insert (a
    # query less for every pin; a double submit costs a rollback and the probe instead).
    _check_basics(process, "pin", "online", title, body, category, True)
    links = _locate(process, "pin", lon, lat, None)
    key = key or secrets.token_urlsafe(24)
    token = token_for_key(key)
    now = utcnow()
    lon, lat = round(float(lon), 6), round(float(lat), 6)
    visibility = "pending" if process.moderation == "pre" else "visible"
    row = {
        "process_id": process.id,
        "kind": "pin",
        "channel": "online",
        "category_id": getattr(category, "id", None),
        "title": title.strip(),
        "body": (body or "").strip(),
        "lon": lon,
        "lat": lat,
        "area_id": links[-1][0],
        "photo": None,
        "visibility": visibility,
        "needs_review": True,
        "email": None,
        "email_consent_at": None,
        "locale": current_language(),
        "tracking_hash": hash_token(token),
        "idempotency_key": key,
        "entered_by_id": None,
        "source_ref": None,
        "created_at": now,
        "updated_at": now,
    }
    connection = db.session.connection()  # no statement yet: BEGIN IMMEDIATE comes with the insert
    cells = (
        # a random shard of the low-zoom cells on PostgreSQL: concurrent pins lock other rows
        clusters._rows(process.id, lon, lat, 0, 1, clusters.shard_for(connection.dialect.name))
        if clusters._counted(process.id, visibility, lon, lat)
        else []
    )
    # The ORM path bumps the package through its session events; Core on the connection does not.
    cache.bump("contributions")
    # From here on the write lock is held: only the statements and the caller's commit follow.
    try:
        cid = connection.execute(_CONTRIBUTIONS.insert(), row).inserted_primary_key[0]
    except IntegrityError:
        # The form was sent before (or twice at the same moment): the unique key stopped this
        # insert. Answer with the first one's result.
        db.session.rollback()
        if _existing(process.id, key):
            return token, True
        raise
    connection.execute(
        _AREAS.insert(), [{"contribution_id": cid, "area_id": a, "level_id": lv} for a, lv in links]
    )
    if cells:
        for cell in cells:
            cell["sum_id"] = cid
        connection.execute(clusters._upsert(connection.dialect.name), cells)
    return token, False
