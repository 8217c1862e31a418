"""Hooks this package registers: panels on the process pages and the tracking-page timeline."""

from typing import NamedTuple

from flask import render_template
from markupsafe import Markup
from sqlalchemy import func, select

from participation.contributions.hooks import register_track_panel
from participation.core.permissions import can
from participation.extensions import db
from participation.measures import stats
from participation.measures.models import MEASURE_STATUSES, Measure, measure_processes
from participation.measures.queries import _order, measures_stmt
from participation.processes.panels import register_manage_panel, register_public_panel


def _measure_count(process) -> int:
    return (
        db.session.scalar(
            select(func.count())
            .select_from(measure_processes)
            .where(measure_processes.c.process_id == process.id)
        )
        or 0
    )


class _MeasureLine(NamedTuple):
    """What the panel shows of a measure (one column query instead of the overview's objects)."""

    id: int
    title: str
    status: str
    quick_win: bool

    @property
    def status_label(self) -> str:
        """Translated status."""
        return str(MEASURE_STATUSES.get(self.status, self.status))


def _latest(process, limit: int = 3) -> tuple[list[_MeasureLine], int]:
    """The first measures of the public overview's order as plain rows, and how many there are
    (one query: the number is a window count)."""
    stmt = measures_stmt(process).with_only_columns(
        Measure.id, Measure.title, Measure.status, Measure.quick_win, func.count().over()
    )
    rows = db.session.execute(
        stmt.order_by(_order(), Measure.updated_at.desc(), Measure.id.desc()).limit(limit)
    ).all()
    return [_MeasureLine(*row[:4]) for row in rows], (rows[0][4] if rows else 0)


@register_public_panel
def public_panel(process) -> Markup | None:
    """ "Sie sagten – wir tun": answered rate, open items and the latest measures."""
    figures = stats.public_figures(process)  # one query; the public panel shows no overdue
    measures, count = _latest(process)
    if not count and not figures.total:
        return None
    return Markup(
        render_template(
            "measures/_public_panel.html",
            process=process,
            stats=figures,
            count=count,
            measures=measures,
        )
    )


@register_manage_panel
def manage_panel(process) -> Markup | None:
    """Feedback loop on the staff dashboard: answered rate, median days, overdue, open items."""
    if not can("measures.manage", process):
        return None
    from participation.measures.forms import SettingsForm

    figures = stats.feedback_stats(process)
    form = SettingsForm()
    form.unanswered_days.data = figures.overdue_days
    return Markup(
        render_template(
            "measures/manage/_panel.html",
            process=process,
            stats=figures,
            count=_measure_count(process),
            open_items=stats.open_items(process, limit=5),
            form=form,
        )
    )


#: Boxes higher packages add to a goal's page (e.g. its indicator); each takes the goal and
#: returns HTML or None. Register with :func:`register_goal_panel`.
GOAL_PANELS: list = []


def register_goal_panel(func):
    """Decorator/function: show *func(goal)*'s HTML on the goal page."""
    if func not in GOAL_PANELS:
        GOAL_PANELS.append(func)
    return func


def goal_panels(goal) -> list[Markup]:
    """HTML of every registered goal panel that has something to show."""
    return [html for html in (panel(goal) for panel in GOAL_PANELS) if html]


def register_template_global(state) -> None:
    """``track_panels(contribution)`` in templates: the tracking page calls it (if defined).

    Also ``goal_panels(goal)`` for the goal page.
    """
    from participation.contributions.hooks import track_panels

    state.app.jinja_env.globals["track_panels"] = track_panels
    state.app.jinja_env.globals["goal_panels"] = goal_panels


@register_track_panel
def track_panel(contribution) -> Markup | None:
    """The contribution's story as one timeline (the tracking page shows it to the author)."""
    from participation.measures.timeline import contribution_timeline

    events, measures, theme = contribution_timeline(contribution)
    return Markup(
        render_template(
            "measures/_timeline.html",
            c=contribution,
            events=events,
            measures=measures,
            theme=theme,
        )
    )
