"""Helpers shared by the meetings services: cache bump, contact lookups, the mail templates."""

from flask import current_app, render_template
from flask_babel import force_locale

from participation.core.mail import queue_mail


def bump_public() -> None:
    """Tell cached public pages and feeds that meetings changed (shared cache, if present)."""
    try:
        from participation.core.cache import bump
    except ImportError:  # pragma: no cover - the shared cache is optional
        return
    bump("meetings")


def base_url() -> str:
    """Public address used in e-mails and calendar files."""
    return current_app.config.get("BASE_URL", "").rstrip("/")


def link(endpoint: str, **values) -> str:
    """Absolute URL of *endpoint*, also outside a request (scheduler, CLI, services)."""
    adapter = current_app.url_map.bind("localhost", script_name="/")
    return base_url() + adapter.build(endpoint, values)


def send_mail(
    recipient: str, subject: str, template: str, attachments: list | None = None, **context
) -> None:
    """Queue a German (default language) message rendered from ``meetings/mail/<template>.txt``."""
    from participation.meetings.tokens import feed_token

    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "de")):
        body = render_template(
            f"meetings/mail/{template}.txt", link=link, feed_token=feed_token, **context
        )
        queue_mail(recipient, str(subject), body, attachments)
