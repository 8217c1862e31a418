"""Panels that tool packages (pins, surveys, meetings) add to the public process page.

Packages above ``processes`` register a function here; the process page calls each one, so this
package never imports upwards.
"""

from collections.abc import Callable

from markupsafe import Markup

#: Each panel takes the process and returns HTML (or None when it has nothing to show).
PUBLIC_PANELS: list[Callable[..., Markup | None]] = []
#: Same for the staff dashboard of a process.
MANAGE_PANELS: list[Callable[..., Markup | None]] = []


def register_public_panel(func: Callable[..., Markup | None]) -> Callable[..., Markup | None]:
    """Decorator: show *func*'s HTML on the public process page."""
    if func not in PUBLIC_PANELS:
        PUBLIC_PANELS.append(func)
    return func


def register_manage_panel(func: Callable[..., Markup | None]) -> Callable[..., Markup | None]:
    """Decorator: show *func*'s HTML on the staff dashboard of a process."""
    if func not in MANAGE_PANELS:
        MANAGE_PANELS.append(func)
    return func


def render_panels(panels, process) -> list[Markup]:
    """Call every panel and keep those that returned something."""
    return [html for html in (panel(process) for panel in panels) if html]
