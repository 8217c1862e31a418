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


def _count(stmt):
    """``count(*)`` of *stmt* as a scalar subquery (all counts of the page in one statement)."""
    return select(func.count()).select_from(stmt.order_by(None).subquery()).scalar_subquery()


@bp.route("/open-data")
@cached_page(*CONTENT)
def open_data():
    """List the open-data feeds, the calendars, OParl and the OpenAPI description."""
    from participation.meetings.models import Body, Meeting

    kinds = (*OPARL_COUNTS, "report")
    # one statement for the ten counts (five feeds, five OParl families) instead of ten
    row = db.session.execute(
        select(
            *[_count(FEEDS[n].stmt()) for n in FEEDS],
            *[_count(FAMILIES[kind].keys()) for kind in kinds],
        )
    ).one()
    feeds = [
        {"name": n, "label": FEED_LABELS[n], "count": row[i] or 0, "geo": n in GEO}
        for i, n in enumerate(FEEDS)
    ]
    oparl = {kind: row[len(FEEDS) + i] or 0 for i, kind in enumerate(kinds)}
    oparl["paper"] += oparl.pop("report")
    public = (Meeting.visibility == "public", Meeting.starts_at.is_not(None))
    counts = dict(
        db.session.execute(
            select(Meeting.body_id, func.count(Meeting.id)).where(*public).group_by(Meeting.body_id)
        ).all()
    )
    # name and slug are all the list shows: columns, not bodies with their areas and processes
    bodies = db.session.execute(select(Body.id, Body.name, Body.slug).order_by(Body.name)).all()
    calendars = [{"body": b, "count": counts.get(b.id, 0)} for b in bodies]
    return render(
        "api/open_data.html",
        feeds=feeds,
        calendars=calendars,
        oparl=oparl,
        license=license_info(),
    )
