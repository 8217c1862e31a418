"""Personal links without accounts: tokens derived from the app secret, never stored.

A token is an HMAC of a *purpose* and the row id (``poll:<poll>:<participant>``,
``rsvp:<invitation>``, ``feed:<membership>``, ``registration:<meeting>:<registration>``).
The link carries the row id and the token, so a token copied from another poll or person never
verifies: the purpose or id differs. Rotating ``SECRET_KEY`` invalidates every personal link
(new ones go out with the next e-mail).
"""

import hmac
from base64 import urlsafe_b64encode

from flask import current_app


def make_token(purpose: str, *ids: int) -> str:
    """The token for *purpose* and *ids* (URL-safe, 32 characters)."""
    secret = current_app.config["SECRET_KEY"].encode()
    message = ":".join(["meetings", purpose, *map(str, ids)]).encode()
    digest = hmac.new(secret, message, "sha256").digest()
    return urlsafe_b64encode(digest[:24]).decode()


def check_token(token: str | None, purpose: str, *ids: int) -> bool:
    """True when *token* is the one for *purpose* and *ids* (constant-time comparison)."""
    if not token or len(token) > 64:
        return False
    return hmac.compare_digest(token.encode(), make_token(purpose, *ids).encode())


def poll_token(participant) -> str:
    """Personal answer link token of a poll participant (bound to the poll and the person)."""
    return make_token("poll", participant.poll_id, participant.id)


def rsvp_token(invitation) -> str:
    """Personal RSVP link token of an invitation."""
    return make_token("rsvp", invitation.meeting_id, invitation.id)


def feed_token(membership) -> str:
    """Personal calendar feed token of a membership."""
    return make_token("feed", membership.body_id, membership.id)


def registration_token(registration) -> str:
    """Personal cancel link token of a resident's registration (bound to meeting and row)."""
    return make_token("registration", registration.meeting_id, registration.id)
