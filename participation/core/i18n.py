"""Locale choice (user's choice, then Accept-Language), text direction and translated JSON texts."""

from typing import Any

from babel import Locale
from flask import current_app, has_request_context, request, session
from flask_babel import get_locale

RTL_LANGUAGES = {"ar", "he", "fa", "ur"}


def select_locale() -> str:
    """Pick the UI language: explicit choice in the session, else the browser's preference."""
    offered = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI and scheduler speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in offered:
        return chosen
    return (
        request.accept_languages.best_match(offered) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def current_language() -> str:
    """Return the active language code, e.g. ``de``."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]).split("_")[0]


def text_direction(lang: str | None = None) -> str:
    """Return ``rtl`` for right-to-left languages (Arabic, …), else ``ltr``."""
    return "rtl" if (lang or current_language()) in RTL_LANGUAGES else "ltr"


def language_name(code: str) -> str:
    """Return the language's own name (``Deutsch``, ``English``) for the switcher."""
    try:
        return Locale.parse(code).get_display_name(code).capitalize()
    except (ValueError, TypeError):
        return code


def localized(texts: Any, lang: str | None = None) -> str:
    """Pick a translation from ``{"de": …, "en": …}``, falling back to German, then any."""
    if not texts:
        return ""
    if isinstance(texts, str):
        return texts
    lang = lang or current_language()
    return texts.get(lang) or texts.get("de") or next(iter(texts.values()), "")
