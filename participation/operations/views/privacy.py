"""The public privacy page, generated from the installation's actual settings."""

from urllib.parse import urlsplit

from flask import current_app

from participation.core.htmx import render
from participation.operations.views import bp


def privacy_facts() -> dict:
    """The settings a resident needs to know about: retention periods, map tiles, contact."""
    cfg = current_app.config
    return {
        "site_name": cfg["SITE_NAME"],
        "contact": cfg.get("PRIVACY_CONTACT") or "",
        "email_retention_days": cfg["CONTRIBUTIONS_EMAIL_RETENTION_DAYS"],
        "mail_retention_days": cfg["MAIL_RETENTION_DAYS"],
        "remember_days": cfg["REMEMBER_COOKIE_DURATION"].days,
        "idle_hours": cfg["SESSION_IDLE_HOURS"],
        "tile_host": urlsplit(cfg["TILE_URL"]).hostname or "",
        "report_window_hours": cfg["CONTRIBUTIONS_REPORT_WINDOW_HOURS"],
        "k": cfg["SUPPRESSION_K"],
    }


@bp.route("/privacy")
def privacy():
    """What is stored, for how long, who sees it, and how to have it deleted."""
    return render("operations/privacy.html", facts=privacy_facts())
