"""Private tracking links and browser tokens: only hashes are stored, never the tokens."""

import hashlib
import hmac
from base64 import urlsafe_b64encode

from flask import current_app
from sqlalchemy import select

from participation.contributions.models import Contribution
from participation.extensions import db


def hash_token(token: str) -> str:
    """SHA-256 hex of a tracking or browser token (what we store instead of the token)."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_for_key(idempotency_key: str) -> str:
    """Tracking token derived from a form's idempotency key with the app's secret.

    A double submit of the same form therefore leads to the same private link, although only the
    hash of the token is stored.
    """
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, b"contribution-track:" + idempotency_key.encode(), "sha256")
    return urlsafe_b64encode(digest.digest()[:24]).decode()


def tracking_token(contribution: Contribution) -> str:
    """The private tracking token of *contribution* (derived, never stored)."""
    return token_for_key(contribution.idempotency_key or "")


def find_by_token(token: str) -> Contribution | None:
    """The contribution a tracking link points to, or None."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        select(Contribution).where(Contribution.tracking_hash == hash_token(token))
    )


def browser_hash(contribution_id: int, browser_token: str) -> str:
    """Per-contribution hash of a browser token: supports cannot be linked across contributions."""
    return hash_token(f"{contribution_id}:{browser_token}")
