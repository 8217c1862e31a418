"""Helpers shared by the contribution views."""

import secrets

from flask import abort, current_app, session
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.core.permissions import can
from participation.extensions import db
from participation.processes.queries import get_public_process_or_404

BROWSER_KEY = "contrib_browser"


def browser_token() -> str:
    """A random id for this browser, kept in the signed session cookie ("me too" once)."""
    token = session.get(BROWSER_KEY)
    if not token:
        token = session[BROWSER_KEY] = secrets.token_urlsafe(18)
    return token


def submit_limit() -> str:
    """Rate limit of the resident form (per client address, in memory or Redis)."""
    return current_app.config["CONTRIBUTIONS_SUBMIT_RATE_LIMIT"]


def action_limit() -> str:
    """Rate limit of "me too" and report buttons."""
    return current_app.config["CONTRIBUTIONS_ACTION_RATE_LIMIT"]


def network_limit() -> str:
    """Rate limit of "me too" and reports per hashed client network (cookies are free)."""
    return current_app.config["CONTRIBUTIONS_NETWORK_RATE_LIMIT"]


def load_public(slug: str, contribution_id: int, allow_hidden: bool = False) -> Contribution:
    """A contribution of a public process; hidden or pending ones only for moderators."""
    process = get_public_process_or_404(slug)
    contribution = db.session.scalar(
        select(Contribution).where(
            Contribution.id == contribution_id, Contribution.process_id == process.id
        )
    )
    if contribution is None:
        abort(404)
    if not contribution.is_visible and not (
        allow_hidden and can("contributions.moderate", process)
    ):
        abort(404)
    return contribution


def no_store(response):
    """Private pages (tracking links): never cached, never sent on as referrer, not indexed."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
