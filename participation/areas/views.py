"""Public area pages, the area finder (search, point lookup) and the admin pages."""

import math

from flask import Blueprint, abort, current_app, flash, request
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select

from participation.areas import lookup, search
from participation.areas.forms import ImportForm, LevelForm
from participation.areas.importer import import_areas
from participation.areas.models import Area, AreaLevel, current_areas
from participation.areas.services import create_level
from participation.core.cache import PROCESS_CONTENT, cached_page
from participation.core.errors import ServiceError, handle
from participation.core.htmx import redirect_after_post, render
from participation.core.permissions import require
from participation.extensions import db

bp = Blueprint("areas", __name__)


@bp.route("/areas/")
@cached_page("areas")
def index():
    """Top-level areas with their population."""
    top = db.session.scalar(select(AreaLevel).order_by(AreaLevel.rank))
    areas = []
    if top is not None:
        areas = db.session.scalars(
            current_areas().where(Area.level_id == top.id).order_by(Area.name)
        ).all()
    return render("areas/index.html", level=top, areas=areas)


@bp.route("/areas/<int:area_id>")
@cached_page(*PROCESS_CONTENT)  # area profiles may show processes and their input
def detail(area_id: int):
    """Area page: parent chain, map with the children, list of children, population."""
    area = db.get_or_404(Area, area_id)
    return render(
        "areas/detail.html",
        area=area,
        breadcrumb=search.breadcrumb(area),
        children=area.children(),
        attribution=current_app.config["AREA_ATTRIBUTION"],
    )


@bp.route("/areas/<int:area_id>/map.geojson")
def map_data(area_id: int):
    """The area and its children as simplified GeoJSON; cached by the area generation."""
    area = db.get_or_404(Area, area_id)
    etag = f"a{area.id}-g{lookup.current_generation()}"
    if request.if_none_match.contains(etag):
        return "", 304
    features = [_feature(area, "self")] + [_feature(c, "child") for c in area.children()]
    response = current_app.json.response({"type": "FeatureCollection", "features": features})
    response.set_etag(etag)
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


def _feature(area: Area, role: str) -> dict:
    return {
        "type": "Feature",
        "geometry": area.display_geometry,
        "properties": {
            "id": area.id,
            "name": area.name,
            "code": area.code,
            "role": role,
            "url": f"/areas/{area.id}",
        },
    }


@bp.route("/manage/areas/levels", methods=["GET", "POST"])
@login_required
def levels():
    """List and add area levels."""
    require("areas.manage")
    form = LevelForm()
    if form.validate_on_submit():
        try:
            create_level(form.key.data, form.name_de.data, form.name_en.data, form.rank.data)
        except ServiceError as exc:
            handle(exc, form)
        else:
            db.session.commit()
            flash(_("The level was added."), "success")
            return redirect_after_post("areas.levels")
    all_levels = db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank)).all()
    counts = dict(
        db.session.execute(
            select(Area.level_id, db.func.count())
            .where(Area.valid_to.is_(None))
            .group_by(Area.level_id)
        ).all()
    )
    status = 422 if form.errors else 200
    return render("areas/levels.html", form=form, levels=all_levels, counts=counts, status=status)


@bp.route("/manage/areas/import", methods=["GET", "POST"])
@login_required
def import_page():
    """Upload a GeoJSON file: check it (dry run) or import it; show the per-feature report."""
    require("areas.manage")
    form = ImportForm()
    form.level.choices = [
        (lv.key, lv.name) for lv in db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank))
    ]
    if not form.level.choices:
        abort(404)
    report = None
    if form.validate_on_submit():
        data = form.file.data.read()
        report = import_areas(
            data,
            form.level.data,
            form.code_field.data.strip(),
            form.name_field.data.strip(),
            (form.population_field.data or "").strip() or None,
            parent_by=form.parent_by.data,
            skip_invalid=form.skip_invalid.data,
            dry_run=form.dry_run.data,
        )
        if report.applied:
            db.session.commit()
        else:
            db.session.rollback()
    status = 422 if form.errors or (report and report.errors and not report.applied) else 200
    return render("areas/import.html", form=form, report=report, status=status)


@bp.route("/areas/search.json")
def search_json():
    """Areas matching ``q`` at every level (name, level and parents as context) for the finder."""
    hits = search.search_areas(request.args.get("q", "")[:100])
    response = current_app.json.response({"areas": [h.as_json() for h in hits]})
    response.cache_control.max_age = 300
    return response


@bp.route("/areas/locate.json")
def locate_json():
    """Areas containing the point ``lon``/``lat`` (the resident's location or a tap on the map).

    Innermost first. A point outside every area gives an empty list; unreadable coordinates a 400
    with a message in the user's language.
    """
    try:
        lon, lat = float(request.args["lon"]), float(request.args["lat"])
        if not (
            math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90
        ):
            raise ValueError
    except (KeyError, ValueError):
        return current_app.json.response(
            {"areas": [], "message": _("This place could not be read. Please try again.")}
        ), 400
    found = lookup.locate(lon, lat)
    hits = search.describe(list(found.values()))
    body = {"areas": [h.as_json() for h in hits]}
    if not hits:
        body["message"] = _("This place lies outside the areas of this city.")
    return current_app.json.response(body)


@bp.route("/areas/outlines.geojson")
def outlines_geojson():
    """Simplified outlines of the areas ``ids=1,2,3`` (at most 60), e.g. for a map preview."""
    raw = request.args.get("ids", "").split(",")[:60]
    ids = [int(i) for i in raw if i.isascii() and i.isdigit() and len(i) < 10]
    rows = (
        db.session.execute(
            select(Area.id, Area.name, Area.display_geometry).where(Area.id.in_(ids))
        ).all()
        if ids
        else []
    )
    response = current_app.json.response(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": g, "properties": {"id": i, "name": n}}
                for i, n, g in rows
            ],
        }
    )
    response.cache_control.max_age = 300
    return response
