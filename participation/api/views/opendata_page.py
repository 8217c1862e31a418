"""The public open-data page: every feed and endpoint, with the data behind it (real counts)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from participation.api.oparl.base import FAMILIES
from participation.api.opendata.feeds import FEEDS, license_info
from participation.api.views import bp
from participation.core.cache import cached_page
from participation.core.htmx import render
from participation.extensions import db

FEED_LABELS = {
    "processes": _l("Participation processes"),
    "areas": _l("Areas (social spaces) with their boundaries"),
    "contributions": _l("Ideas and map pins (without names or e-mail addresses)"),
    "measures": _l("Measures and their status"),
    "budgets": _l("Neighbourhood budgets"),
}
GEO = ("areas", "contributions", "measures")
OPARL_COUNTS = ("organization", "meeting", "paper", "person")
CONTENT = (
    "processes",
    "contributions",
    "measures",
    "budgets",
    "areas",
    "meetings",
    "reports",
    "stakeholders",
)


def _oparl_count(kind: str) -> int:
    family = FAMILIES[kind]
    return db.session.scalar(select(func.count()).select_from(family.keys().subquery())) or 0


@bp.route("/open-data")
@cached_page(*CONTENT)
def open_data():
    """List the open-data feeds, the calendars, OParl and the OpenAPI description."""
    from participation.meetings.models import Body, Meeting

    feeds = [
        {"name": n, "label": FEED_LABELS[n], "count": FEEDS[n].count(), "geo": n in GEO}
        for n in FEEDS
    ]
    public = (Meeting.visibility == "public", Meeting.starts_at.is_not(None))
    counts = dict(
        db.session.execute(
            select(Meeting.body_id, func.count(Meeting.id)).where(*public).group_by(Meeting.body_id)
        ).all()
    )
    bodies = db.session.scalars(select(Body).order_by(Body.name)).all()
    calendars = [{"body": b, "count": counts.get(b.id, 0)} for b in bodies]
    oparl = {kind: _oparl_count(kind) for kind in OPARL_COUNTS}
    oparl["paper"] += _oparl_count("report")
    return render(
        "api/open_data.html",
        feeds=feeds,
        calendars=calendars,
        oparl=oparl,
        license=license_info(),
    )
