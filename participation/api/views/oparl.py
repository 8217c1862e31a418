"""OParl 1.1 endpoint: System → Body → lists → objects, and the files' access/download URLs."""

from flask import Response, abort, redirect, request, url_for
from flask_babel import force_locale
from sqlalchemy import select

from participation.api.oparl import meetings, organizations, papers, system  # noqa: F401
from participation.api.oparl.base import BODY_ID, FAMILIES, absolute, body_url, url_root
from participation.api.oparl.lists import LISTS, BadParameter, list_page, tombstone
from participation.api.oparl.organizations import sublist_conditions
from participation.api.views import bp
from participation.api.views.common import cached_json, error_response, json_response
from participation.extensions import db
from participation.reports.models import ReportVersion


def _oparl(build):
    """Answer with *build()* in German (the content language), errors as Error objects."""
    try:
        with force_locale("de"), url_root():
            return cached_json(build)
    except BadParameter as exc:
        return error_response(400, str(exc), debug="bad parameter")


@bp.route("/oparl/")
@bp.route("/oparl")
def oparl_root():
    """The OParl entry point of this installation is the 1.1 System."""
    return redirect(url_for("api.oparl_system"), code=301)


@bp.route("/oparl/v1.1/")
def oparl_system():
    """oparl:System."""
    return _oparl(system.system)


@bp.route("/oparl/v1.1/body")
def oparl_bodies():
    """The list of bodies: one per installation."""

    def build() -> dict:
        url = absolute("api.oparl_bodies")
        return {
            "data": [system.body()],
            "pagination": {
                "totalElements": 1,
                "elementsPerPage": 1,
                "currentPage": 1,
                "totalPages": 1,
            },
            "links": {"first": url, "self": url, "last": url},
        }

    return _oparl(build)


@bp.route("/oparl/v1.1/body/<int:body_id>")
def oparl_body(body_id: int):
    """oparl:Body."""
    if body_id != BODY_ID:
        abort(404)
    return _oparl(system.body)


@bp.route("/oparl/v1.1/body/<int:body_id>/<name>")
def oparl_list(body_id: int, name: str):
    """An external object list of the body (paginated, filterable)."""
    if body_id != BODY_ID or name not in LISTS:
        abort(404)
    return _oparl(lambda: list_page(name, request.args))


@bp.route("/oparl/v1.1/organization/<int:oid>/<name>")
def oparl_sublist(oid: int, name: str):
    """The meetings or consultations of one organisation (external lists, OParl 1.1)."""
    if name not in ("meeting", "consultation") or FAMILIES["organization"].one(oid) is None:
        abort(404)
    url = absolute("api.oparl_sublist", oid=oid, name=name)
    extra = sublist_conditions(oid)
    return _oparl(lambda: list_page(name, request.args, url=url, extra=extra))


@bp.route("/oparl/v1.1/<kind>/<int:oid>")
def oparl_object(kind: str, oid: int):
    """One object; a deleted one answers 200 with ``deleted: true``."""
    family = FAMILIES.get(kind)
    if family is None:
        abort(404)

    def build() -> dict:
        data = family.one(oid) or tombstone(kind, oid)
        if data is None:
            raise LookupError(kind)
        return data

    try:
        return _oparl(build)
    except LookupError:
        return error_response(404, "Dieses Objekt gibt es nicht (oder es ist nicht öffentlich).")


def _file(oid: int, disposition: str) -> Response:
    version = db.session.scalar(
        select(ReportVersion).where(ReportVersion.id == oid, ReportVersion.state == "published")
    )
    if version is None:
        if tombstone("file", oid) is not None:
            return error_response(410, "Diese Datei wurde gelöscht.")
        abort(404)
    response = Response(version.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'{disposition}; filename="{version.filename}"'
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.set_etag(version.sha256)
    if version.published_at:
        response.last_modified = version.published_at
    return response.make_conditional(request)


@bp.route("/oparl/v1.1/file/<int:oid>/access")
def oparl_file_access(oid: int):
    """The PDF for reading in the browser (never ``attachment``, OParl 2.7)."""
    return _file(oid, "inline")


@bp.route("/oparl/v1.1/file/<int:oid>/download")
def oparl_file_download(oid: int):
    """The PDF as a download (``attachment`` with the file name)."""
    return _file(oid, "attachment")


__all__ = ["body_url", "json_response"]
