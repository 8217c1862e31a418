"""Staff views: the area profile with "needs attention" flags, and the representation check."""

from types import SimpleNamespace

from flask import abort, request
from flask_login import login_required

from participation.areas.models import Area
from participation.core.htmx import render
from participation.core.permissions import require
from participation.extensions import db
from participation.indicators.profile import build_profile
from participation.indicators.queries import representation
from participation.indicators.views import bp


@bp.route("/manage/areas/<int:area_id>/profile")
@login_required
def internal_profile(area_id: int):
    """The profile with internal extras: flags where an area is clearly worse than the city."""
    area = db.get_or_404(Area, area_id)
    require("indicators.view_internal", SimpleNamespace(scope_areas=[area]))
    profile = build_profile(area, request.args.get("indicator", "")[:60])
    return render("indicators/profile.html", profile=profile, internal=True)


@bp.route("/manage/processes/<int:process_id>/representation")
@login_required
def process_representation(process_id: int):
    """Who answered (optional demographics) beside who lives in the area; small counts hidden."""
    from participation.processes.models import Process

    process = db.get_or_404(Process, process_id)
    require("indicators.view_internal", process)
    area_id = request.args.get("area", type=int)
    area = None
    if area_id is not None:
        area = db.session.get(Area, area_id)
        if area is None or not any(
            area.path.startswith(a.path) or a.path.startswith(area.path) for a in process.areas
        ):
            abort(404)
    rows = representation(process.id, area.id if area else None)
    return render("indicators/manage/representation.html", process=process, area=area, rows=rows)
