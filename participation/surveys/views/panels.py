"""Panels on the public process page and on the staff dashboard of a process."""

from types import SimpleNamespace

from flask import current_app, render_template
from markupsafe import Markup
from sqlalchemy import select

from participation.core.i18n import localized
from participation.core.permissions import can
from participation.core.suppression import suppress
from participation.extensions import db
from participation.processes.panels import register_manage_panel, register_public_panel
from participation.surveys.models import Survey


def _surveys(process) -> list[Survey]:
    return db.session.scalars(
        select(Survey).where(Survey.process_id == process.id).order_by(Survey.created_at)
    ).all()


def _panel_rows(process) -> list[SimpleNamespace]:
    """The non-draft surveys of *process* as plain rows (one column query, no ORM objects).

    Each row has what the panel template and :meth:`Survey.state` read.
    """
    columns = (
        Survey.id,
        Survey.title,
        Survey.status,
        Survey.opens_at,
        Survey.closes_at,
        Survey.suppression_k,
        Survey.results_public,
        Survey.response_count,
    )
    rows = db.session.execute(
        select(*columns)
        .where(Survey.process_id == process.id, Survey.status != "draft")
        .order_by(Survey.created_at)
    ).all()
    closed = process.status in ("closed", "archived")
    default_k = current_app.config["SUPPRESSION_K"]
    return [
        SimpleNamespace(
            **row._asdict(),
            process_closed=closed,
            k=row.suppression_k or default_k,
            title_text=localized(row.title),
        )
        for row in rows
    ]


@register_public_panel
def public_panel(process) -> Markup | None:
    """Running surveys (answer) and published results; response counts are suppressed."""
    if not process.uses("survey"):
        return None
    surveys = _panel_rows(process)
    if not surveys:
        return None
    items = [(s, Survey.state(s), suppress(s.response_count, s.k)) for s in surveys]
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
