"""Hooks for packages above contributions (the measures package) — contributions never import them.

* :data:`STATUS_LISTENERS`: called after every outcome change with ``(contribution, old, user)``.
  When at least one is registered, the listeners take over telling the author (the measures
  package sends one daily digest instead of one e-mail per change); otherwise the author gets an
  e-mail at once.
* :data:`TRACK_PANELS`: each takes the contribution and returns HTML for its tracking page (the
  timeline of what became of it), or None.
"""

from collections.abc import Callable

from markupsafe import Markup

STATUS_LISTENERS: list[Callable[..., None]] = []
TRACK_PANELS: list[Callable[..., Markup | None]] = []


def register_status_listener(func: Callable[..., None]) -> Callable[..., None]:
    """Decorator: call *func(contribution, old_status, user)* after each status change."""
    if func not in STATUS_LISTENERS:
        STATUS_LISTENERS.append(func)
    return func


def register_track_panel(func: Callable[..., Markup | None]) -> Callable[..., Markup | None]:
    """Decorator: show *func(contribution)*'s HTML on the tracking page."""
    if func not in TRACK_PANELS:
        TRACK_PANELS.append(func)
    return func


def track_panels(contribution) -> list[Markup]:
    """HTML of every registered tracking-page panel that has something to show."""
    return [html for html in (panel(contribution) for panel in TRACK_PANELS) if html]
