"""Open data under /api/v1/: JSON (paginated), GeoJSON and streamed CSV, licence in every answer."""

import hashlib
import math

from flask import Response, abort, request
from flask_babel import force_locale

from participation.api.oparl.base import absolute
from participation.api.oparl.lists import BadParameter, _int
from participation.api.opendata.feeds import FEEDS, license_info
from participation.api.views import bp
from participation.api.views.common import API_CONTENT, cached_json, error_response
from participation.core.csvexport import csv_response

DEFAULT_LIMIT = 500
MAX_LIMIT = 1000
GEO = ("areas", "contributions", "measures")


def _paging() -> tuple[int, int]:
    limit = min(_int(request.args, "limit", DEFAULT_LIMIT), MAX_LIMIT)
    return _int(request.args, "page", 1), limit


def _links(name: str, ext: str, page: int, pages: int, limit: int) -> dict:
    def url(number: int) -> str:
        params = []
        if limit != DEFAULT_LIMIT:
            params.append(f"limit={limit}")
        if number > 1:
            params.append(f"page={number}")
        return absolute("api.open_data_feed", name=name, ext=ext) + (
            "?" + "&".join(params) if params else ""
        )

    links = {"first": url(1), "self": url(page), "last": url(pages)}
    if page > 1:
        links["prev"] = url(min(page - 1, pages))
    if page < pages:
        links["next"] = url(page + 1)
    return links


def _feed_page(name: str, ext: str):
    """The requested page of feed *name*: ``(feed, rows, pagination, links)`` (JSON and GeoJSON
    page alike)."""
    feed = FEEDS[name]
    page, limit = _paging()
    total = feed.count()
    pages = max(1, math.ceil(total / limit))
    rows = feed.page((page - 1) * limit, limit)
    pagination = {
        "totalElements": total,
        "elementsPerPage": limit,
        "currentPage": page,
        "totalPages": pages,
    }
    return feed, rows, pagination, _links(name, ext, page, pages, limit)


def feed_json(name: str) -> dict:
    """One page of feed *name* as JSON: licence, data, pagination, links."""
    feed, rows, pagination, links = _feed_page(name, "json")
    return {
        "license": license_info(),
        "data": [feed.record(r) for r in rows],
        "pagination": pagination,
        "links": links,
    }


def feed_geojson(name: str) -> dict:
    """One page of feed *name* as a GeoJSON FeatureCollection (licence as a foreign member)."""
    feed, rows, pagination, links = _feed_page(name, "geojson")
    return {
        "type": "FeatureCollection",
        "license": license_info(),
        "features": [feed.feature(r) for r in rows],
        "pagination": pagination,
        "links": links,
    }


def feed_csv(name: str) -> Response:
    """The whole feed as a streamed CSV (``;``, UTF-8 with BOM); ETag on the content versions."""
    from participation.core.cache import versions

    feed = FEEDS[name]
    etag = hashlib.sha256(f"{name}|{versions(*API_CONTENT)}".encode()).hexdigest()[:32]
    if etag in request.if_none_match:
        response = Response(status=304)
        response.set_etag(etag)
        return response
    columns = list(feed.columns)
    rows = ([get(row) for get in feed.columns.values()] for row in feed.iter_rows())
    response = csv_response(f"{name}.csv", columns, rows)
    info = license_info()
    response.headers["Link"] = f'<{info["url"]}>; rel="license"'
    response.set_etag(etag)
    return response


@bp.route("/api/v1/<name>.<ext>")
def open_data_feed(name: str, ext: str):
    """``/api/v1/<feed>.json`` · ``.geojson`` · ``.csv``."""
    if name not in FEEDS or ext not in ("json", "geojson", "csv"):
        abort(404)
    if ext == "geojson" and name not in GEO:
        abort(404)
    try:
        with force_locale("de"):
            if ext == "csv":
                return feed_csv(name)
            build = feed_json if ext == "json" else feed_geojson
            mimetype = "application/json" if ext == "json" else "application/geo+json"
            return cached_json(lambda: build(name), mimetype=mimetype)
    except BadParameter as exc:
        return error_response(400, str(exc), debug="bad parameter")


@bp.route("/api/v1/")
def open_data_index():
    """What the open-data API offers (machine-readable index)."""

    def build() -> dict:
        feeds = {}
        for name in FEEDS:
            formats = {"json": absolute("api.open_data_feed", name=name, ext="json")}
            if name in GEO:
                formats["geojson"] = absolute("api.open_data_feed", name=name, ext="geojson")
            formats["csv"] = absolute("api.open_data_feed", name=name, ext="csv")
            feeds[name] = formats
        return {
            "license": license_info(),
            "feeds": feeds,
            "oparl": absolute("api.oparl_system"),
            "openapi": absolute("api.openapi"),
            "page": absolute("api.open_data"),
        }

    return cached_json(build)


@bp.route("/api/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of the JSON API."""
    from flask import current_app

    from participation.api.openapi import document

    return cached_json(lambda: document(current_app.config.get("BASE_URL", "")), names=("api",))
