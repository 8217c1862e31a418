"""CSV and GeoJSON exports of visible contributions (no e-mail addresses, nothing hidden)."""

from flask import current_app
from flask_login import login_required
from sqlalchemy import select

from participation.areas.models import AreaLevel
from participation.contributions.models import Contribution
from participation.contributions.views import bp
from participation.contributions.views.manage import _process
from participation.core.audit import log_action
from participation.core.csvexport import csv_response
from participation.extensions import db

BATCH = 1000


def _visible(process):
    return (
        select(Contribution)
        .where(Contribution.process_id == process.id, Contribution.visibility == "visible")
        .order_by(Contribution.id)
        .execution_options(yield_per=BATCH)
    )


def _record(c: Contribution, levels: list[AreaLevel]) -> dict:
    by_level = {link.level_id: link.area.name for link in c.areas}
    record = {
        "id": c.id,
        "created_at": c.created_at.isoformat(timespec="seconds"),
        "kind": c.kind,
        "channel": c.channel,
        "category": c.category.label if c.category else "",
        "title": c.title,
        "body": c.body,
        "status": c.status,
        "status_reason": c.status_reason,
        "supporters": c.support_count,
        "lon": c.lon,
        "lat": c.lat,
        "has_photo": bool(c.photo),
        "source_ref": c.source_ref or "",
    }
    for level in levels:
        record[f"area_{level.key}"] = by_level.get(level.id, "")
    return record


@bp.route("/manage/processes/<int:process_id>/contributions.csv")
@login_required
def export_csv(process_id: int):
    """Spreadsheet of the visible contributions with the area at every level."""
    process = _process(process_id, "contributions.export")
    levels = list(db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank)))

    def rows():
        # a generator function: the query starts only once streaming does (after the audit commit)
        for c in db.session.scalars(_visible(process)):
            yield _record(c, levels)

    return csv_response(
        f"beitraege-{process.slug}.csv",
        _record_header(levels),
        rows(),
        audit_action="contribution.export",
        audit_object=process,
        audit_details={"format": "csv"},
    )


def _record_header(levels: list[AreaLevel]) -> list[str]:
    base = ["id", "created_at", "kind", "channel", "category", "title", "body", "status"]
    base += ["status_reason", "supporters", "lon", "lat", "has_photo", "source_ref"]
    return base + [f"area_{level.key}" for level in levels]


@bp.route("/manage/processes/<int:process_id>/contributions-export.geojson")
@login_required
def export_geojson(process_id: int):
    """GeoJSON of the visible contributions that have a place."""
    process = _process(process_id, "contributions.export")
    levels = list(db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank)))
    features = []
    for c in db.session.scalars(_visible(process).where(Contribution.lon.is_not(None))):
        props = _record(c, levels)
        props.pop("lon"), props.pop("lat")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                "properties": props,
            }
        )
    log_action("contribution.export", process, format="geojson")
    db.session.commit()
    response = current_app.json.response({"type": "FeatureCollection", "features": features})
    response.mimetype = "application/geo+json"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="beitraege-{process.slug}.geojson"'
    )
    return response
