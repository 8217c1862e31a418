"""Pages of the meetings package: staff pages for bodies (``bodies.py``), meetings and polls
(``manage.py``), minutes (``minutes.py``, ``minutes_records.py``), lotteries (``lottery.py``), and
the public and personal token pages (``public.py``, ``tokens.py``)."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)


@bp.context_processor
def _helpers():
    """Personal link tokens for staff pages (feed links of members)."""
    from participation.meetings.tokens import feed_token, rsvp_token

    return {"feed_token": feed_token, "rsvp_token": rsvp_token}


@bp.app_template_global("webcal_url")
def webcal_url(endpoint: str, **values) -> str:
    """``webcal://`` subscribe link of a feed endpoint (used by other packages' pages too)."""
    from participation.meetings.services.common import link

    return "webcal://" + link(endpoint, **values).split("://", 1)[-1]


@bp.app_template_filter("meeting_when")
def meeting_when(obj) -> str:
    """ "Mittwoch, 10. März 2027, 18:00–20:00" for a meeting or poll slot (Berlin time)."""
    from flask_babel import format_date, format_time

    if obj is None or getattr(obj, "starts_at", None) is None:
        return ""
    start, end = obj.local_start, obj.local_end
    text = f"{format_date(start.date(), 'full')}, {format_time(start.time(), 'short')}"
    if end is not None:
        if end.date() == start.date():
            text += f"–{format_time(end.time(), 'short')}"
        else:
            text += f" – {format_date(end.date(), 'full')}, {format_time(end.time(), 'short')}"
    return text


from participation.meetings.views import (  # noqa: E402, F401
    agenda,
    bodies,
    home,
    lottery,
    manage,
    minutes,
    minutes_records,
    panels,
    polls,
    public,
    tokens,
)
