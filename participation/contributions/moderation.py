"""Moderation and resident reactions: approve, hide with a reason, reports, "me too".

Every moderation action is audit-logged; reports and supports count once per browser (a unique
constraint on a per-contribution hash of the browser token) and update maintained counters.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from participation.contributions.models import Contribution, Report, Support
from participation.contributions.notify import notify_author
from participation.contributions.services import REASON_MAX
from participation.contributions.tokens import browser_hash
from participation.core.audit import log_action
from participation.core.db import utcnow
from participation.core.errors import ServiceError
from participation.core.mail import forget_recipient
from participation.extensions import db


def approve_contribution(contribution: Contribution, user) -> None:
    """Make a contribution visible (or keep it visible) and mark it as reviewed."""
    old = contribution.visibility
    contribution.visibility = "visible"
    contribution.hidden_reason = ""
    # The counter means "reports since the last review": one more report must not hide it again.
    reports, contribution.report_count = contribution.report_count, 0
    _reviewed(contribution, user)
    log_action("contribution.approve", contribution, user=user, old=old, reports=reports)


def hide_contribution(contribution: Contribution, user, reason: str) -> None:
    """Hide a contribution; the *reason* is shown to its author via the tracking link."""
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ServiceError(_("Please give a reason. The author will see it."), "reason")
    if len(reason) > REASON_MAX:
        raise ServiceError(
            _("The reason may have at most %(n)d characters.", n=REASON_MAX), "reason"
        )
    old = contribution.visibility
    contribution.visibility = "hidden"
    contribution.hidden_reason = reason
    _reviewed(contribution, user)
    log_action("contribution.hide", contribution, user=user, old=old, reason=reason)
    if contribution.email:
        notify_author(contribution, "hidden")


def _reviewed(contribution: Contribution, user) -> None:
    contribution.needs_review = False
    contribution.moderated_at = contribution.updated_at = utcnow()
    contribution.moderated_by_id = getattr(user, "id", None)


def report_contribution(
    contribution: Contribution, browser_token: str, reason: str = "", network: str | None = None
) -> bool:
    """Record a resident's report once per browser and queue the item for a moderator.

    The contribution stays visible: it is held (pending review) only when reports since the last
    review came from ``CONTRIBUTIONS_REPORT_THRESHOLD`` distinct networks within
    ``CONTRIBUTIONS_REPORT_WINDOW_HOURS`` — one person with many browsers cannot take it offline.
    *network* is the keyed hash of the reporter's network (never the address).
    Returns False when this browser had reported it already.
    """
    token_hash = browser_hash(contribution.id, browser_token)
    seen = db.session.scalar(
        select(Report.id).where(
            Report.contribution_id == contribution.id, Report.token_hash == token_hash
        )
    )
    if seen:
        return False
    db.session.add(
        Report(
            contribution_id=contribution.id,
            token_hash=token_hash,
            reason=(reason or "").strip()[:REASON_MAX],
            network_hash=network,
        )
    )
    db.session.flush()  # the unique constraint guards against a concurrent second report
    contribution.report_count = Contribution.report_count + 1
    contribution.needs_review = True
    db.session.flush()
    db.session.refresh(contribution, ["report_count"])
    threshold = current_app.config["CONTRIBUTIONS_REPORT_THRESHOLD"]
    networks = report_networks(contribution)
    if networks >= threshold and contribution.visibility == "visible":
        contribution.visibility = "pending"
        contribution.updated_at = utcnow()
        log_action(
            "contribution.auto_hold",
            contribution,
            user=None,
            reports=contribution.report_count,
            networks=networks,
        )
    return True


def _window_start(contribution: Contribution | None = None):
    hours = current_app.config["CONTRIBUTIONS_REPORT_WINDOW_HOURS"]
    start = utcnow() - timedelta(hours=hours)
    reviewed = contribution.moderated_at if contribution is not None else None
    return max(start, reviewed) if reviewed else start


def report_networks(contribution: Contribution) -> int:
    """Distinct reporting networks within the window and since the last review."""
    return db.session.scalar(
        select(func.count(func.distinct(Report.network_hash))).where(
            Report.contribution_id == contribution.id,
            Report.network_hash.is_not(None),
            Report.created_at >= _window_start(contribution),
        )
    )


def report_bursts(contribution_ids: list[int]) -> dict[int, tuple[int, int]]:
    """``{id: (reports, distinct networks)}`` within the window, for the moderation queue."""
    if not contribution_ids:
        return {}
    rows = db.session.execute(
        select(
            Report.contribution_id,
            func.count(Report.id),
            func.count(func.distinct(Report.network_hash)),
        )
        .where(Report.contribution_id.in_(contribution_ids), Report.created_at >= _window_start())
        .group_by(Report.contribution_id)
    )
    return {cid: (reports, networks) for cid, reports, networks in rows}


def support_contribution(
    contribution: Contribution, browser_token: str, network: str | None = None
) -> bool:
    """Count a "me too" once per browser; returns False when this browser supported it already.

    One network (*network*: keyed hash of the client's /24 or /48) counts at most
    ``CONTRIBUTIONS_SUPPORTS_PER_NETWORK`` times per contribution, so clearing cookies does not
    inflate the number. The counter is incremented in SQL (never recounted), so concurrent
    supports are not lost.
    """
    if not contribution.is_visible:
        raise ServiceError(_("This contribution cannot be supported."))
    token_hash = browser_hash(contribution.id, browser_token)
    seen = db.session.scalar(
        select(Support.id).where(
            Support.contribution_id == contribution.id, Support.token_hash == token_hash
        )
    )
    if seen:
        return False
    if network is not None:
        from_network = db.session.scalar(
            select(func.count(Support.id)).where(
                Support.contribution_id == contribution.id, Support.network_hash == network
            )
        )
        if from_network >= current_app.config["CONTRIBUTIONS_SUPPORTS_PER_NETWORK"]:
            return False
    db.session.add(
        Support(contribution_id=contribution.id, token_hash=token_hash, network_hash=network)
    )
    db.session.flush()
    db.session.execute(
        update(Contribution)
        .where(Contribution.id == contribution.id)
        .values(support_count=Contribution.support_count + 1, updated_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    db.session.expire(contribution, ["support_count", "updated_at"])
    return True


def forget_email(contribution: Contribution) -> None:
    """Delete the contact address (the author withdrew consent on the tracking page).

    Stored e-mails to it go too: the outbox copies and ``.eml`` files hold the address and the
    private tracking link (pending ones are cancelled).
    """
    if contribution.email:
        forget_recipient(contribution.email)
    contribution.email = None
    contribution.email_consent_at = None
