"""Panels on each staff member's home page (``/manage/``): every role lands on its own work.

A moderator should see the queues waiting for her, a council member the reports and processes he
may read, field staff their entry forms, a neighbourhood manager her areas' processes and upcoming
meetings. Each package registers a panel here (this module knows no package), the home page calls
every panel with the logged-in user and shows those that return something — so a person with
several roles sees all of their work, and a package added later (meetings, measures, budgets)
only registers one function::

    from participation.core.home import register_home_panel

    @register_home_panel(order=40)
    def upcoming_meetings(user):
        ...  # return Markup, or None when the user has nothing here

Lower *order* comes first. A panel must check permissions itself (``can(...)``) and keep to a
bounded number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

HomePanel = Callable[..., Markup | None]


@dataclass(frozen=True)
class _Entry:
    order: int
    func: HomePanel


HOME_PANELS: list[_Entry] = []


def register_home_panel(func: HomePanel | None = None, *, order: int = 100):
    """Decorator (with or without ``order=``): show *func(user)*'s HTML on ``/manage/``."""

    def add(f: HomePanel) -> HomePanel:
        if all(e.func is not f for e in HOME_PANELS):
            HOME_PANELS.append(_Entry(order, f))
            HOME_PANELS.sort(key=lambda e: e.order)
        return f

    return add(func) if func is not None else add


def render_home_panels(user) -> list[Markup]:
    """Call every registered panel for *user*; keep the ones with something to show."""
    return [html for html in (e.func(user) for e in HOME_PANELS) if html]
