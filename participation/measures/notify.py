"""Digest e-mails to consenting contributors: at most one per person and day, no login needed.

News (an outcome changed, a linked measure moved) is queued as :class:`MeasureNotification` rows
keyed by a keyed hash of the address, so one person's news from several contributions lands in
one e-mail. The scheduler job (:func:`send_digests`) sends one digest per person and Berlin day;
the unique key ``(email_key, day)`` makes a second run — or a second scheduler — send nothing
twice. The unsubscribe link carries the key: it works without login and deletes the address.
"""

import hashlib
import hmac
from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from participation.contributions.models import STATUSES, Contribution
from participation.contributions.tokens import tracking_token
from participation.core.audit import log_action
from participation.core.mail import queue_mail
from participation.extensions import db
from participation.measures.models import (
    MEASURE_STATUSES,
    MeasureDigest,
    MeasureNotification,
    MeasureUnsubscribe,
)

BERLIN = ZoneInfo("Europe/Berlin")
BATCH = 500  # people per transaction: memory stays flat for any number of contributors


def email_key(email: str) -> str:
    """Keyed hash of a normalised address: groups news, doubles as the unsubscribe token."""
    secret = current_app.config["SECRET_KEY"].encode()
    normal = email.strip().lower().encode()
    return hmac.new(secret, b"measures-digest:" + normal, hashlib.sha256).hexdigest()


def enqueue_notifications(items: list[tuple[int, str, dict]]) -> int:
    """Queue ``(contribution id, kind, payload)`` news for authors who consented to e-mails."""
    if not items:
        return 0
    ids = list(dict.fromkeys(cid for cid, _k, _p in items))
    emails: dict[int, str] = {}
    for start in range(0, len(ids), 900):
        emails.update(
            db.session.execute(
                select(Contribution.id, Contribution.email).where(
                    Contribution.id.in_(ids[start : start + 900]),
                    Contribution.email.is_not(None),
                    Contribution.email_consent_at.is_not(None),
                )
            ).all()
        )
    if not emails:
        return 0
    keys = {cid: email_key(e) for cid, e in emails.items()}
    blocked = set(
        db.session.scalars(
            select(MeasureUnsubscribe.email_key).where(
                MeasureUnsubscribe.email_key.in_(set(keys.values()))
            )
        )
    )
    rows = [
        {"contribution_id": cid, "email_key": keys[cid], "kind": kind, "payload": payload}
        for cid, kind, payload in items
        if cid in keys and keys[cid] not in blocked
    ]
    if rows:
        db.session.execute(insert(MeasureNotification), rows)
    return len(rows)


def berlin_today(now: datetime | None = None):
    """Today's date in Europe/Berlin."""
    return (now or datetime.now(BERLIN)).astimezone(BERLIN).date()


def send_digests(now: datetime | None = None) -> int:
    """Send today's digests; commits per batch and returns the number of e-mails queued.

    People who had a digest today keep their news for tomorrow. Safe to run twice at once: the
    unique ``(email_key, day)`` lets only one run claim a person for the day.
    """
    day = berlin_today(now)
    sent = 0
    last_key = ""
    while True:
        keys = list(
            db.session.scalars(
                select(MeasureNotification.email_key)
                .where(
                    MeasureNotification.digest_id.is_(None),
                    MeasureNotification.email_key > last_key,
                )
                .group_by(MeasureNotification.email_key)
                .order_by(MeasureNotification.email_key)
                .limit(BATCH)
            )
        )
        if not keys:
            break
        last_key = keys[-1]
        done_today = set(
            db.session.scalars(
                select(MeasureDigest.email_key).where(
                    MeasureDigest.day == day, MeasureDigest.email_key.in_(keys)
                )
            )
        )
        todo = [k for k in keys if k not in done_today]
        sent += _send_batch(todo, day)
        db.session.commit()
    return sent


def _send_batch(keys: list[str], day) -> int:
    """One digest per person in *keys*: claim them for *day*, render, queue, mark — in bulk."""
    if not keys:
        return 0
    rows = db.session.execute(
        select(MeasureNotification, Contribution)
        .join(Contribution, Contribution.id == MeasureNotification.contribution_id)
        .where(MeasureNotification.digest_id.is_(None), MeasureNotification.email_key.in_(keys))
        .order_by(MeasureNotification.email_key, MeasureNotification.id)
    ).all()
    by_key: dict[str, list] = defaultdict(list)
    for note, contribution in rows:
        by_key[note.email_key].append((note, contribution))
    dead = [n.id for items in by_key.values() for n, c in items if not c.email]
    live = {k: [(n, c) for n, c in items if c.email] for k, items in by_key.items()}
    live = {k: items for k, items in live.items() if items}
    if dead:  # the address was deleted in the meantime: nothing to send, ever
        db.session.execute(delete(MeasureNotification).where(MeasureNotification.id.in_(dead)))
    claimed = _claim(list(live), day)
    if not claimed:
        return 0
    digest_ids = dict(
        db.session.execute(
            select(MeasureDigest.email_key, MeasureDigest.id).where(
                MeasureDigest.day == day, MeasureDigest.email_key.in_(claimed)
            )
        ).all()
    )
    by_locale: dict[str, list[str]] = defaultdict(list)
    for key in claimed:
        latest = max(live[key], key=lambda pair: pair[1].created_at)[1]
        by_locale[latest.locale or current_app.config["BABEL_DEFAULT_LOCALE"]].append(key)
    outbox: dict[str, object] = {}
    for locale, locale_keys in by_locale.items():
        with force_locale(locale):
            for key in locale_keys:
                latest = max(live[key], key=lambda pair: pair[1].created_at)[1]
                outbox[key] = queue_mail(latest.email, *_render(key, live[key]))
    db.session.flush()
    db.session.execute(
        update(MeasureDigest),
        [{"id": digest_ids[k], "outbox_message_id": m.id} for k, m in outbox.items()],
    )
    db.session.execute(
        update(MeasureNotification),
        [{"id": n.id, "digest_id": digest_ids[k]} for k in claimed for n, _c in live[k]],
    )
    return len(claimed)


def _claim(keys: list[str], day) -> list[str]:
    """Insert today's digest rows; returns the people this run may write to.

    One INSERT for the batch; only when another run claimed some of them at the same moment
    (unique key) does it fall back to one savepoint per person.
    """
    if not keys:
        return []
    try:
        with db.session.begin_nested():
            db.session.execute(insert(MeasureDigest), [{"email_key": k, "day": day} for k in keys])
        return keys
    except IntegrityError:
        claimed = []
        for key in keys:
            try:
                with db.session.begin_nested():
                    db.session.execute(insert(MeasureDigest).values(email_key=key, day=day))
                claimed.append(key)
            except IntegrityError:
                continue
        return claimed


def _render(key: str, items) -> tuple[str, str]:
    """Subject and text of one digest (the caller has set the contributor's language)."""
    base = current_app.config["BASE_URL"]
    grouped: dict[int, dict] = {}
    for note, contribution in items:
        entry = grouped.setdefault(
            contribution.id,
            {
                "contribution": contribution,
                "link": f"{base}/track/{tracking_token(contribution)}",
                "news": [],
            },
        )
        entry["news"].append(note)
    subject = _("News about your contribution")
    if len(grouped) > 1:
        subject = _("News about your contributions")
    body = render_template(
        "measures/mail/digest.txt",
        entries=list(grouped.values()),
        statuses={k: str(v) for k, v in STATUSES.items()},
        measure_statuses={k: str(v) for k, v in MEASURE_STATUSES.items()},
        unsubscribe=f"{base}/feedback/unsubscribe/{key}",
    )
    return f"{subject} – {current_app.config['SITE_NAME']}", body


def unsubscribe(key: str) -> int:
    """Stop all digests for the person behind *key* and delete their address; returns how many
    contributions lost it. Idempotent: a second click changes nothing and is not an error."""
    if len(key) != 64 or any(ch not in "0123456789abcdef" for ch in key):
        return -1
    cids = list(
        db.session.scalars(
            select(MeasureNotification.contribution_id)
            .where(MeasureNotification.email_key == key)
            .distinct()
        )
    )
    emails = set(
        e.strip().lower()
        for e in db.session.scalars(
            select(Contribution.email).where(
                Contribution.id.in_(cids), Contribution.email.is_not(None)
            )
        )
        if email_key(e) == key
    )
    removed = 0
    if emails:
        result = db.session.execute(
            update(Contribution)
            .where(func.lower(Contribution.email).in_(emails))
            .values(email=None, email_consent_at=None),
            execution_options={"synchronize_session": False},
        )
        removed = result.rowcount or 0
    db.session.execute(
        delete(MeasureNotification).where(
            MeasureNotification.email_key == key, MeasureNotification.digest_id.is_(None)
        )
    )
    if db.session.get(MeasureUnsubscribe, key) is None:
        if not cids:  # an unknown key: only accept keys we ever sent to
            known = db.session.scalar(
                select(MeasureDigest.id).where(MeasureDigest.email_key == key)
            )
            if known is None:
                return -1
        db.session.add(MeasureUnsubscribe(email_key=key))
        log_action("measures.unsubscribe", None, user=None, contributions=removed)
    return removed
