"""The public archive of published council reports, and the PDF downloads."""

from flask import Response, abort, request
from sqlalchemy import select
from sqlalchemy.orm import lazyload, undefer

from participation.core.cache import cached_page
from participation.core.htmx import render
from participation.core.params import int_arg
from participation.core.permissions import can
from participation.extensions import db
from participation.reports.models import ReportVersion
from participation.reports.views import bp

PER_PAGE = 50


def may_read(version: ReportVersion) -> bool:
    """Published versions: everyone; drafts: staff and council members with ``reports.view``."""
    if version.state == "published":
        return True
    return can("reports.view", version.process) if version.process else can("reports.view")


@bp.route("/reports/")
@cached_page("reports")  # only published versions are listed: the same page for everyone
def archive():
    """Published report versions, newest first, with date, hash and download."""
    page = int_arg("page", 1, min=1, max=9_999)
    versions = list(
        db.session.scalars(
            select(ReportVersion)
            .where(ReportVersion.state == "published")
            # the list shows title, dates, size and hash: not the process or area (joined by
            # default, and the process would bring its areas, phases and categories)
            .options(lazyload(ReportVersion.process), lazyload(ReportVersion.area))
            .order_by(ReportVersion.published_at.desc(), ReportVersion.id.desc())
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE + 1)
        )
    )
    return render(
        "reports/archive.html",
        versions=versions[:PER_PAGE],
        page=page,
        has_next=len(versions) > PER_PAGE,
    )


def _pdf_response(version_id: int, disposition: str) -> Response:
    version = db.session.scalar(
        select(ReportVersion)
        .where(ReportVersion.id == version_id)
        .options(undefer(ReportVersion.pdf))
    )
    if version is None:
        abort(404)
    if not may_read(version):
        # A draft is not announced to the public: it does not exist for them.
        abort(404)
    response = Response(version.pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'{disposition}; filename="{version.filename}"'
    response.headers["X-Content-SHA256"] = version.sha256
    if version.state != "published":
        response.headers["Cache-Control"] = "private, no-store"
    else:
        # Open data (OParl clients fetch it cross-origin); the bytes of a version never change.
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        response.set_etag(version.sha256)
    return response.make_conditional(request)


@bp.route("/reports/<int:version_id>/file")
def view_pdf(version_id: int):
    """The PDF shown in the browser (OParl ``accessUrl``)."""
    return _pdf_response(version_id, "inline")


@bp.route("/reports/<int:version_id>/download")
def download(version_id: int):
    """The PDF as a download (OParl ``downloadUrl``)."""
    return _pdf_response(version_id, "attachment")
