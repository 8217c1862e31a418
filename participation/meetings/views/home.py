"""Home panel of the meetings package: a manager's next meetings and open date polls on /manage/."""

from flask import render_template
from markupsafe import Markup

from participation.core.home import register_home_panel
from participation.core.permissions import can
from participation.meetings import queries
from participation.meetings.views._load import visible_bodies


@register_home_panel(order=20)
def upcoming_meetings_panel(user) -> Markup | None:
    """Managers, planners and council members: the next meetings of the bodies they may see."""
    if not can("meetings.view", user=user):
        return None
    bodies = visible_bodies(user)
    if not bodies and not can("meetings.manage", user=user):
        return None
    return Markup(
        render_template(
            "home/_meetings.html",
            upcoming=queries.upcoming_for(bodies, limit=8),
            has_bodies=bool(bodies),
        )
    )
