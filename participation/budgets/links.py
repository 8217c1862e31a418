"""Private tracking links of applications: the token is derived, only its hash is stored."""

import hmac
import secrets
from base64 import urlsafe_b64encode

from flask import current_app


def new_salt() -> str:
    """A fresh random salt for one application."""
    return secrets.token_hex(16)


def token_for(app) -> str:
    """The private tracking token of *app*: HMAC of its salt with the app's secret key."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, b"budget-track:" + app.token_salt.encode(), "sha256").digest()
    return urlsafe_b64encode(digest[:24]).decode()


def tracking_url(app) -> str:
    """Absolute link to the applicant's tracking page."""
    return f"{current_app.config['BASE_URL']}/budgets/track/{token_for(app)}"
