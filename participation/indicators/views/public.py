"""The public area profile (cached per content version)."""

from flask import request

from participation.areas.models import Area
from participation.core.cache import PROCESS_CONTENT, cached_page
from participation.core.htmx import render
from participation.extensions import db
from participation.indicators.profile import build_profile
from participation.indicators.views import bp

#: What the profile shows: indicators plus everything a process page shows.
CACHED = ("indicators", *PROCESS_CONTENT)


@bp.route("/areas/<int:area_id>/profile")
@cached_page(*CACHED)
def area_profile(area_id: int):
    """Key indicators beside the city mean, trends, a map over the level, participation here."""
    area = db.get_or_404(Area, area_id)
    profile = build_profile(area, request.args.get("indicator", "")[:60])
    return render("indicators/profile.html", profile=profile, internal=False)
