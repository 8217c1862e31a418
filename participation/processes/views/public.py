"""Public, phone-first process pages (no account needed)."""

from flask import current_app, request
from sqlalchemy import select

from participation.areas.models import Area
from participation.core.htmx import render
from participation.extensions import db
from participation.processes.models import LEVEL_EXPLANATIONS, LEVELS
from participation.processes.panels import PUBLIC_PANELS, render_panels
from participation.processes.queries import (
    area_choices,
    get_public_process_or_404,
    public_processes,
)
from participation.processes.views import bp


@bp.route("/")
def home():
    """Start page: running processes, filterable by area."""
    return process_list()


@bp.route("/processes/")
def process_list():
    """Public list of processes; the area filter also finds processes of enclosing areas."""
    groups = area_choices(max_rank=2)
    selected = request.args.get("area", "")
    area = db.session.get(Area, int(selected)) if selected.isdigit() else None
    processes = db.session.scalars(public_processes(area)).all()
    return render(
        "processes/list.html",
        "results",
        groups=groups,
        area=area,
        processes=processes,
        levels=LEVELS,
    )


@bp.route("/processes/<slug>")
def detail(slug: str):
    """Process page: level and scope statement first, then phases, tools and contact."""
    process = get_public_process_or_404(slug)
    return render(
        "processes/detail.html",
        process=process,
        level_explanation=LEVEL_EXPLANATIONS[process.level],
        current_phase=process.current_phase(),
        panels=render_panels(PUBLIC_PANELS, process),
    )


@bp.route("/processes/<slug>/areas.geojson")
def areas_geojson(slug: str):
    """Outlines of the process areas for the map (simplified geometry)."""
    process = get_public_process_or_404(slug)
    ids = [a.id for a in process.areas]
    rows = db.session.execute(
        select(Area.id, Area.name, Area.display_geometry).where(Area.id.in_(ids))
    ).all()
    response = current_app.json.response(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": geom, "properties": {"id": i, "name": name}}
                for i, name, geom in rows
            ],
        }
    )
    response.cache_control.max_age = 300
    return response
