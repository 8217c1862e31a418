"""GeoJSON map data: clusters at city and district zoom, points at street zoom; ETag-cached."""

from flask import current_app, request
from sqlalchemy import select

from participation.contributions import mapdata
from participation.contributions.queries import Filters
from participation.contributions.views import bp
from participation.core.cache import cached_page
from participation.core.params import int_arg
from participation.extensions import db
from participation.processes.models import Process
from participation.processes.queries import get_public_process_or_404


def _respond(process_ids: list[int], default_bbox: mapdata.BBox):
    """Parse bbox/zoom/filters, answer 304 when unchanged, else clusters or points."""
    bbox = mapdata.BBox.parse(request.args.get("bbox")) if request.args.get("bbox") else None
    if request.args.get("bbox") and bbox is None:
        return current_app.json.response({"error": "bbox must be west,south,east,north"}), 400
    bbox = bbox or default_bbox
    zoom = min(int_arg("zoom", 12, min=0), 22)
    filters = Filters.from_args(request.args)
    etag = mapdata.etag_for(process_ids, bbox, zoom, filters) if process_ids else "empty"
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
    else:
        if not process_ids:
            data = {"type": "FeatureCollection", "clustered": False, "features": []}
        elif zoom >= mapdata.POINT_ZOOM:
            data = mapdata.points(process_ids, bbox, filters)
        else:
            data = mapdata.clusters(process_ids, bbox, zoom, filters)
        response = current_app.json.response(data)
        response.mimetype = "application/geo+json"
    response.set_etag(etag)
    # Revalidate every time: a new pin shows at once, an unchanged map costs one small query.
    response.cache_control.public = True
    response.cache_control.no_cache = True
    return response


@bp.route("/processes/<slug>/contributions.geojson")
@cached_page("processes", "contributions")
def process_geojson(slug: str):
    """Visible contributions of one process for the map (``bbox``, ``zoom``, filters)."""
    process = get_public_process_or_404(slug)
    boxes = [a.bbox for a in process.areas] or [(13.08, 52.33, 13.77, 52.68)]
    default = mapdata.BBox(
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
    return _respond([process.id], default)


@bp.route("/contributions.geojson")
@cached_page("processes", "contributions")
def city_geojson():
    """Visible contributions of every public process (city-wide map)."""
    ids = list(
        db.session.scalars(select(Process.id).where(Process.status.in_(("published", "closed"))))
    )
    return _respond(ids, mapdata.BBox(-180, -90, 180, 90))
