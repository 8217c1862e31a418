"""Template globals and filters: permissions, languages, Babel formatting."""

from flask import Flask, current_app, request
from flask_babel import format_date, format_datetime, format_decimal
from markupsafe import Markup, escape

from participation.core import i18n
from participation.core.audit_labels import action_label
from participation.core.permissions import can


def nl2br(text: str | None) -> Markup:
    """Render plain text paragraphs with line breaks, escaped."""
    if not text:
        return Markup("")
    paragraphs = [p for p in str(text).replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Markup(
        "".join(f"<p>{escape(p).replace(chr(10), Markup('<br>'))}</p>" for p in paragraphs)
    )


def register_template_helpers(app: Flask) -> None:
    """Make helpers available in every template."""

    @app.context_processor
    def inject():
        lang = i18n.current_language()
        return {
            "can": can,
            "localized": i18n.localized,
            "current_lang": lang,
            "text_dir": i18n.text_direction(lang),
            "languages": [(c, i18n.language_name(c)) for c in current_app.config["LANGUAGES"]],
            "site_name": current_app.config["SITE_NAME"],
            "current_path": request.full_path.rstrip("?") if request else "/",
        }

    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["datetime"] = lambda d, fmt="medium": format_datetime(d, fmt) if d else ""
    app.jinja_env.filters["number"] = lambda n: format_decimal(n) if n is not None else ""
    app.jinja_env.filters["nl2br"] = nl2br
    app.jinja_env.filters["action_label"] = action_label
