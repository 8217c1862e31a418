"""Panels on the public process page and on the staff dashboard of a process."""

from flask import render_template
from markupsafe import Markup

from participation.contributions.queries import panel_summary, visibility_counts
from participation.core.permissions import can
from participation.processes.panels import register_manage_panel, register_public_panel


@register_public_panel
def public_panel(process) -> Markup | None:
    """Call to action "drop a pin / submit an idea" and a link to browse the contributions."""
    if not (process.uses("pins") or process.uses("ideas")):
        return None
    count, top = panel_summary(process)  # one column query
    return Markup(
        render_template("contributions/_panel.html", process=process, count=count, top=top)
    )


@register_manage_panel
def manage_panel(process) -> Markup | None:
    """Counts and links for staff: moderation queue, proxy entry, exports."""
    allowed = {
        key: can(f"contributions.{key}", process) for key in ("moderate", "proxy_entry", "export")
    }
    if not any(allowed.values()):
        return None
    return Markup(
        render_template(
            "contributions/manage/_panel.html",
            process=process,
            counts=visibility_counts(process),
            allowed=allowed,
        )
    )
