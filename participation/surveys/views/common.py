"""Helpers shared by the survey views: loading with permission checks, the browser cookie."""

import secrets

from flask import abort, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from participation.core.permissions import require
from participation.extensions import db
from participation.surveys.models import Question, Survey

BROWSER_COOKIE = "survey_browser"
BROWSER_MAX_AGE = 60 * 60 * 24 * 400  # about a year: "once per browser" outlives a restart


def load(survey_id: int, permission: str = "surveys.manage") -> Survey:
    """The survey, after checking *permission* within its process areas (401/403/404)."""
    survey = db.get_or_404(Survey, survey_id)
    require(permission, survey)
    return survey


def load_for_results(survey_id: int) -> Survey:
    """The survey for a results page (public or internal), else 404; no permission check.

    Questions and their options come in the same query (two selectin loads less on a cache
    miss); the pages show the process's title only, so its lists are not loaded eagerly.
    """
    survey = (
        db.session.execute(
            select(Survey)
            .where(Survey.id == survey_id)
            .options(
                joinedload(Survey.process).lazyload("*"),
                joinedload(Survey.questions).joinedload(Question.options),
            )
        )
        .unique()
        .scalar_one_or_none()
    )
    if survey is None:
        abort(404)
    return survey


def load_child(items, item_id: int):
    """An item (question, section) of the survey's list by id, else 404."""
    found = next((i for i in items if i.id == item_id), None)
    if found is None:
        abort(404)
    return found


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="survey-browser")


def browser_token() -> str | None:
    """This browser's random token from its signed cookie (None without a valid cookie)."""
    raw = request.cookies.get(BROWSER_COOKIE)
    if not raw:
        return None
    try:
        token = _serializer().loads(raw)
    except BadSignature:
        return None
    return token if isinstance(token, str) and 16 <= len(token) <= 64 else None


def set_browser_cookie(response, token: str):
    """Send the signed browser cookie (HttpOnly, SameSite=Lax, Secure in production)."""
    response.set_cookie(
        BROWSER_COOKIE,
        _serializer().dumps(token),
        max_age=BROWSER_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


def new_token() -> str:
    """A fresh random token (browser cookie, idempotency key)."""
    return secrets.token_urlsafe(24)


def submit_limit() -> str:
    """Rate limit of the answer form per client address (nothing is stored with answers)."""
    return current_app.config["SURVEY_SUBMIT_RATE_LIMIT"]
