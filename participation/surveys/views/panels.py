"""Panels on the public process page and on the staff dashboard of a process."""

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from participation.core.permissions import can
from participation.core.suppression import suppress
from participation.extensions import db
from participation.processes.panels import register_manage_panel, register_public_panel
from participation.surveys.models import Survey


def _surveys(process) -> list[Survey]:
    return db.session.scalars(
        select(Survey).where(Survey.process_id == process.id).order_by(Survey.created_at)
    ).all()


@register_public_panel
def public_panel(process) -> Markup | None:
    """Running surveys (answer) and published results; response counts are suppressed."""
    if not process.uses("survey"):
        return None
    surveys = [s for s in _surveys(process) if s.status != "draft"]
    if not surveys:
        return None
    items = [(s, s.state(), suppress(s.response_count, s.k)) for s in surveys]
    return Markup(render_template("surveys/_panel.html", process=process, items=items))


@register_manage_panel
def manage_panel(process) -> Markup | None:
    """Builder, staff entry, results and export links for each survey of the process."""
    allowed = {key: can(f"surveys.{key}", process) for key in ("manage", "enter", "results")}
    if not any(allowed.values()) or not (process.uses("survey") or _surveys(process)):
        return None
    return Markup(
        render_template(
            "surveys/manage/_panel.html",
            process=process,
            surveys=_surveys(process),
            allowed=allowed,
        )
    )
