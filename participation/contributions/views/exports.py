"""CSV and GeoJSON exports of visible contributions (no e-mail addresses, nothing hidden)."""

import csv
import io

from flask import current_app
from flask_login import login_required
from sqlalchemy import select

from participation.areas.models import AreaLevel
from participation.contributions.models import Contribution
from participation.contributions.views import bp
from participation.contributions.views.manage import _process
from participation.core.audit import log_action
from participation.extensions import db

BATCH = 1000


def _visible(process):
    return (
        select(Contribution)
        .where(Contribution.process_id == process.id, Contribution.visibility == "visible")
        .order_by(Contribution.id)
        .execution_options(yield_per=BATCH)
    )


def _safe(value) -> str:
    """Defuse spreadsheet formulas (``=HYPERLINK(…)`` typed by a resident)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
    out = io.StringIO()
    out.write("\ufeff")  # Excel needs the BOM to read UTF-8 umlauts
    writer = None
    for c in db.session.scalars(_visible(process)):
        record = _record(c, levels)
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(record), delimiter=";")
            writer.writeheader()
        writer.writerow({k: _safe(v) for k, v in record.items()})
    if writer is None:
        out.write(";".join(_record_header(levels)) + "\r\n")
    log_action("contribution.export", process, format="csv")
    db.session.commit()
    response = current_app.response_class(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="beitraege-{process.slug}.csv"'
    return response


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
