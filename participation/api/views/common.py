"""What every API response shares: JSON, CORS, JSON errors, caching on content versions."""

import hashlib
import json
from collections.abc import Callable

from flask import Response, request
from werkzeug.exceptions import HTTPException

from participation.api.oparl.base import LICENSE_URL, SCHEMA
from participation.api.views import bp
from participation.core.db import utcnow

#: Content versions the API's answers depend on (see ``participation.core.cache``).
API_CONTENT = (
    "meetings",
    "stakeholders",
    "reports",
    "api",
    "processes",
    "contributions",
    "measures",
    "budgets",
    "areas",
)
JSON_PREFIXES = ("/oparl/", "/api/")


def is_api_request() -> bool:
    """The request is for the OParl or JSON API (answers are JSON, errors too)."""
    return request.path.startswith(JSON_PREFIXES) or request.path == "/oparl"


def dumps(data) -> bytes:
    """UTF-8 JSON without BOM, no HTML escaping (OParl 2.4)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def json_response(body: bytes | dict, status: int = 200, mimetype="application/json") -> Response:
    """A JSON response with the licence Link header; ETag + 304 for successful answers."""
    if not isinstance(body, bytes):
        body = dumps(body)
    response = Response(body, status=status, mimetype=mimetype)
    response.headers["Link"] = f'<{LICENSE_URL}>; rel="license"'
    if status == 200:
        response.set_etag(hashlib.sha256(body).hexdigest()[:32])
        response.headers["Cache-Control"] = "public, max-age=60"
        response = response.make_conditional(request)
    return response


def cached_json(build: Callable[[], dict], names=API_CONTENT, mimetype="application/json"):
    """Serve ``build()`` from the shared cache, keyed on path, arguments and content versions.

    The hour is part of the key: a meeting's state turns to "durchgeführt" once it has ended.
    """
    from participation.core.cache import cached_fragment

    key = (
        "api-json",
        request.path,
        tuple(sorted(request.args.items(multi=True))),
        utcnow().strftime("%Y-%m-%dT%H"),
    )
    body = cached_fragment(key, names, lambda: dumps(build()))
    return json_response(body, mimetype=mimetype)


def error_response(status: int, message: str, debug: str = "") -> Response:
    """An OParl Error object (type, message, debug) with a JSON content type."""
    data = {"type": SCHEMA + "Error", "message": message}
    if debug:
        data["debug"] = debug
    return json_response(data, status=status)


MESSAGES = {
    400: "Die Anfrage enthält ungültige Parameter.",
    404: "Dieses Objekt gibt es nicht.",
    405: "Diese Schnittstelle beantwortet nur GET-Anfragen.",
    410: "Diese Datei wurde gelöscht.",
}


@bp.errorhandler(HTTPException)
def _api_errors(error: HTTPException):
    """Errors under /oparl/ and /api/ are JSON Error objects, never HTML pages.

    Blueprint-local, so the application's HTML error pages stay as they are; the catch-all
    routes below make every /oparl/ and /api/ URL belong to this blueprint.
    """
    if not is_api_request():
        return error
    message = MESSAGES.get(error.code or 500, error.name)
    return error_response(error.code or 500, message, debug=error.name)


@bp.errorhandler(500)
def _api_server_error(error):
    """Even an unexpected failure answers with JSON under /oparl/ and /api/."""
    if not is_api_request():
        return error
    return error_response(500, "Ein unerwarteter Fehler ist aufgetreten.")


@bp.route("/oparl/<path:rest>")
@bp.route("/api/<path:rest>")
def api_not_found(rest: str):
    """Unknown API URLs get a JSON error, not the HTML 404 page (other methods: see below)."""
    return error_response(404, MESSAGES[404])


@bp.before_app_request
def _api_routing_errors():
    """Routing failures under /oparl/ and /api/ (e.g. an id too large for the converter) as JSON.

    Flask raises the routing exception only after the before-request functions, so this sees it
    first; elsewhere the application's HTML error pages answer as before.
    """
    error = request.routing_exception
    if error is not None and is_api_request() and isinstance(error, HTTPException):
        if error.code in (301, 308):  # redirects (trailing slash) stay redirects
            return None
        return error_response(error.code or 404, MESSAGES.get(error.code or 404, error.name))
    return None


@bp.after_app_request
def _cors(response: Response) -> Response:
    """``Access-Control-Allow-Origin: *`` on every OParl and JSON API response (OParl 2.6)."""
    if is_api_request():
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers.pop("Set-Cookie", None)
    return response
