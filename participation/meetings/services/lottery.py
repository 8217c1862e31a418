"""Citizen seats by lottery: applications, published seed, reproducible draw with quotas.

The algorithm (shown on the public page, and :func:`draw_order` is all of it):

1. Take every eligible application; each has a public number (its id).
2. For each, compute ``SHA-256("<seed>:<number>")`` as a hexadecimal string.
3. Sort ascending by that string: this is the ranking (1 = first).
4. Quotas first: for each quota value, in the order the quota lists them, the best-ranked
   applications with that value take seats until the quota's minimum is met.
5. The remaining seats go to the best-ranked applications not yet selected.

Anyone can recompute the result from the published list (numbers and quota values) and the seed,
e.g. ``printf '%s' 'seed:17' | sha256sum``.
"""

import hashlib
import secrets
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from participation.core.addresses import EMAIL_RE
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.meetings.models import Body, LotteryApplication, SeatLottery
from participation.meetings.services.common import send_mail


def draw_order(
    seed: str, entries: list[tuple[int, str]], seats: int, quotas: dict
) -> tuple[list[int], set[int]]:
    """Pure draw: ``entries`` are ``(number, quota value)``; returns ``(ranking, selected)``."""
    ranking = sorted(
        (number for number, _value in entries),
        key=lambda n: hashlib.sha256(f"{seed}:{n}".encode()).hexdigest(),
    )
    value_of = dict(entries)
    selected: list[int] = []
    for value, minimum in (quotas or {}).get("min", {}).items():
        for number in ranking:
            if (
                len(selected) >= seats
                or sum(1 for s in selected if value_of[s] == value) >= minimum
            ):
                break
            if value_of[number] == value and number not in selected:
                selected.append(number)
    for number in ranking:
        if len(selected) >= seats:
            break
        if number not in selected:
            selected.append(number)
    return ranking, set(selected)


def parse_quotas(text: str) -> dict:
    """Quota lines ``key = label = minimum seats`` → ``{"options": …, "min": …}`` ({} if none)."""
    from participation.core.params import parse_int

    options, minimum = {}, {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("=")]
        if len(parts) != 3 or not parts[0] or parse_int(parts[2], max=10_000) is None:
            raise ServiceError(
                _("Write each quota line as “key = label = minimum seats”."), "quota_options"
            )
        options[parts[0]] = parts[1] or parts[0]
        minimum[parts[0]] = parse_int(parts[2])
    return {"options": options, "min": minimum} if options else {}


def create_lottery(
    body: Body,
    user,
    *,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    seats: int = 5,
    description: str = "",
    questions: list[str] = (),
    quotas: dict | None = None,
) -> SeatLottery:
    """Set up a citizen-seat lottery with its application window (aware UTC instants)."""
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Enter a title."), "title")
    if closes_at <= opens_at:
        raise ServiceError(_("The window must close after it opens."), "closes_at")
    if not 1 <= (seats or 0) <= 100:
        raise ServiceError(_("Choose between 1 and 100 seats."), "seats")
    quotas = quotas or {}
    if sum(quotas.get("min", {}).values()) > seats:
        raise ServiceError(_("The quotas need more seats than there are."), "quota_options")
    lottery = SeatLottery(
        body=body,
        title=title[:200],
        description=description or "",
        seats=seats,
        opens_at=opens_at,
        closes_at=closes_at,
        eligibility_questions=[q.strip() for q in questions if q and q.strip()],
        quotas=quotas,
    )
    db.session.add(lottery)
    db.session.flush()
    log_action("meetings.lottery_create", lottery, user=user, body_id=body.id, seats=seats)
    return lottery


def apply(
    lottery: SeatLottery, *, name: str, email: str, answers: list[bool], quota_value: str = ""
) -> LotteryApplication:
    """Store an application during the window (one per e-mail address)."""
    now = utcnow()
    if lottery.status != "open" or not lottery.opens_at <= now <= lottery.closes_at:
        raise ServiceError(_("Applications are not open."))
    name, email = (name or "").strip(), (email or "").strip()
    if not name:
        raise ServiceError(_("Please enter your name."), "name")
    if not EMAIL_RE.match(email):
        raise ServiceError(
            _("Please enter a valid e-mail address: we tell you the result."), "email"
        )
    options = (lottery.quotas or {}).get("options", {})
    if options and quota_value not in options:
        raise ServiceError(_("Please choose one option."), "quota_value")
    if any(a.email.casefold() == email.casefold() for a in lottery.applications):
        raise ServiceError(_("There is already an application with this e-mail address."), "email")
    answers = [bool(a) for a in answers][: len(lottery.eligibility_questions)]
    answers += [False] * (len(lottery.eligibility_questions) - len(answers))
    application = LotteryApplication(
        lottery=lottery,
        name=name[:200],
        email=email[:254],
        answers=answers,
        quota_value=quota_value if options else "",
        eligible=all(answers),
    )
    db.session.add(application)
    db.session.flush()
    return application


def publish_seed(lottery: SeatLottery, user, seed: str | None = None) -> str:
    """Close applications and publish the seed (before the draw; it never changes again)."""
    if lottery.seed_published_at:
        raise ServiceError(_("The seed is already published."))
    lottery.seed = (seed or "").strip() or secrets.token_hex(16)
    lottery.seed_published_at = utcnow()
    lottery.status = "closed"
    log_action("meetings.lottery_seed", lottery, user=user, seed=lottery.seed)
    return lottery.seed


def draw(lottery: SeatLottery, user) -> list[LotteryApplication]:
    """Run the draw with the published seed; stores rank and selection, returns the winners."""
    if not lottery.seed_published_at:
        raise ServiceError(_("Publish the seed before the draw."))
    if lottery.drawn_at:
        raise ServiceError(_("The draw has already taken place."))
    eligible = [a for a in lottery.applications if a.eligible]
    ranking, selected = draw_order(
        lottery.seed, [(a.id, a.quota_value) for a in eligible], lottery.seats, lottery.quotas
    )
    rank = {n: i for i, n in enumerate(ranking, 1)}
    for application in eligible:
        application.rank = rank[application.id]
        application.selected = application.id in selected
    lottery.drawn_at = utcnow()
    lottery.status = "drawn"
    db.session.flush()
    log_action("meetings.lottery_draw", lottery, user=user, selected=sorted(selected))
    _tell_applicants(lottery)
    return sorted((a for a in eligible if a.selected), key=lambda a: a.rank)


def _tell_applicants(lottery: SeatLottery) -> None:
    """Mail every applicant the result through the outbox: a seat, or not drawn (and why)."""
    for application in lottery.applications:
        if application.selected:
            subject = _l("You have a seat: %(title)s", title=lottery.title)
        else:
            subject = _l("Result of the draw: %(title)s", title=lottery.title)
        send_mail(
            application.email,
            subject,
            "lottery_result",
            lottery=lottery,
            application=application,
        )
