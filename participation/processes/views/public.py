"""Public, phone-first process pages (no account needed)."""

from flask import current_app, request
from sqlalchemy import func, select

from participation.areas import search as area_search
from participation.areas.models import Area
from participation.core.cache import PROCESS_CONTENT, cached_page
from participation.core.htmx import render
from participation.core.params import int_arg
from participation.extensions import db
from participation.processes.models import LEVEL_EXPLANATIONS, LEVELS
from participation.processes.panels import PUBLIC_PANELS, render_panels
from participation.processes.queries import get_public_process_or_404, public_processes
from participation.processes.views import bp


@bp.route("/")
@cached_page("processes", "areas")
def home():
    """Start page: running processes, filterable by area."""
    return process_list.__wrapped__()  # not through the cache twice


@bp.route("/processes/")
@cached_page("processes", "areas")
def process_list():
    """Public list of processes; the area filter also finds processes of enclosing areas.

    Residents find their area by name at any level (``q``), by their location or by tapping the
    map (both through ``/areas/locate.json``, then ``area=<id>``). One clear match is applied at
    once; several are offered as links.
    """
    selected = int_arg("area")
    area = db.session.get(Area, selected) if selected else None
    query = request.args.get("q", "").strip()[:100]
    hits = []
    if area is None and query:
        hits = area_search.search_areas(query)
        exact = [h for h in hits if area_search.fold(h.name) == area_search.fold(query)]
        chosen = exact[0] if area_search.one_place(exact) else hits[0] if len(hits) == 1 else None
        if chosen is not None:
            area, hits = db.session.get(Area, chosen.id), []
    context = area_search.describe([area.id])[0].context if area is not None else ""
    processes = db.session.scalars(public_processes(area)).all() if not hits else []
    return render(
        "processes/list.html",
        "results",
        bounds=_city_bounds(),
        area=area,
        area_context=context,
        query=query,
        hits=hits,
        processes=processes,
        levels=LEVELS,
    )


def _city_bounds() -> str:
    """``south,west,north,east`` of all current areas, for the "choose on the map" view."""
    row = db.session.execute(
        select(
            func.min(Area.min_lat),
            func.min(Area.min_lon),
            func.max(Area.max_lat),
            func.max(Area.max_lon),
        ).where(Area.valid_to.is_(None))
    ).one()
    return ",".join(f"{v:.5f}" for v in row) if None not in row else ""


@bp.route("/processes/<slug>")
@cached_page(*PROCESS_CONTENT)
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
