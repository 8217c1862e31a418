"""Import area boundaries from GeoJSON: validate everything first, then apply all or nothing.

Each problem names the feature (position and code) and what is wrong. Parents are found from the
code prefix and by containment; where both exist and disagree, the report says so. A changed
boundary closes the old version (``valid_to``) and adds a new one, so old data stays attached.
"""

import json
from datetime import date

import shapely
from flask_babel import gettext as _
from sqlalchemy import select, update

from participation.areas.geo import (
    GeoError,
    declared_crs,
    simplified,
    to_geojson,
    transformer_for,
)
from participation.areas.import_features import (
    ImportReport,
    Parsed,
    Problem,
    parse_features,
    refuse_constant,
)
from participation.areas.lookup import bump_generation
from participation.areas.models import Area, AreaLevel
from participation.core.audit import log_action
from participation.extensions import db


def import_areas(
    data: bytes | str,
    level_key: str,
    code_field: str,
    name_field: str,
    population_field: str | None = None,
    *,
    parent_by: str = "auto",
    skip_invalid: bool = False,
    dry_run: bool = False,
    valid_from: date | None = None,
    user=None,
) -> ImportReport:
    """Validate and (unless *dry_run* or invalid) import a GeoJSON FeatureCollection.

    The import is flushed, never committed: the caller commits when ``report.applied`` (and rolls
    back otherwise), like for every other service.

    :param parent_by: ``auto`` (code prefix, else containment), ``code`` or ``geometry``.
    :param skip_invalid: import the valid features even when others have errors.
    """
    report = ImportReport(level=level_key)
    level = db.session.scalar(select(AreaLevel).where(AreaLevel.key == level_key))
    if level is None:
        report.errors.append(Problem(0, None, _("There is no area level %(key)s.", key=level_key)))
        return report
    try:
        collection = json.loads(data, parse_constant=refuse_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        report.errors.append(Problem(0, None, _("The file is not valid JSON (%(e)s).", e=exc)))
        return report
    except RecursionError:
        report.errors.append(
            Problem(0, None, _("The file is not valid GeoJSON: it is nested far too deeply."))
        )
        return report
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        report.errors.append(Problem(0, None, _("The file is not a GeoJSON FeatureCollection.")))
        return report
    try:
        transformer = transformer_for(declared_crs(collection))
    except GeoError as exc:
        report.errors.append(Problem(0, None, str(exc)))
        return report

    features = collection.get("features") or []
    if not isinstance(features, list):
        report.errors.append(Problem(0, None, _("The value of features must be a list.")))
        return report
    report.features = len(features)
    parsed = parse_features(features, code_field, name_field, population_field, transformer, report)
    _assign_parents(parsed, level, parent_by, report)
    if report.errors and not skip_invalid:
        return report
    if dry_run:
        return report
    _apply(parsed, level, valid_from or date.today(), report)
    log_action("areas.import", level, user=user, summary=report.summary())
    bump_generation()
    db.session.flush()
    report.applied = True
    return report


def _assign_parents(parsed: list[Parsed], level: AreaLevel, parent_by: str, report) -> None:
    parent_level = db.session.scalar(select(AreaLevel).where(AreaLevel.rank == level.rank - 1))
    if parent_level is None or not parsed:
        return
    parents = db.session.scalars(
        select(Area).where(Area.level_id == parent_level.id, Area.valid_to.is_(None))
    ).all()
    if not parents:
        report.warnings.append(
            Problem(
                0,
                None,
                _(
                    "The parent level %(level)s has no areas yet; import it first to link parents.",
                    level=parent_level.name,
                ),
            )
        )
        return
    by_code = {p.code: p for p in parents}
    tree = shapely.STRtree([shapely.geometry.shape(p.geometry) for p in parents])
    points = shapely.points(
        [shapely.get_coordinates(item.geom.representative_point())[0] for item in parsed]
    )
    hits = tree.query(points, predicate="intersects")
    contained: dict[int, Area] = {int(i): parents[int(j)] for i, j in zip(*hits, strict=True)}
    for n, item in enumerate(parsed):
        by_prefix = None
        if parent_by in ("auto", "code"):
            matches = [c for c in by_code if item.code.startswith(c) and c != item.code]
            by_prefix = by_code[max(matches, key=len)] if matches else None
        by_geom = contained.get(n) if parent_by in ("auto", "geometry") else None
        if by_prefix and by_geom and by_prefix.id != by_geom.id:
            report.warnings.append(
                Problem(
                    item.index,
                    item.code,
                    _(
                        "code prefix says parent %(a)s, the boundary lies in %(b)s; using %(a)s",
                        a=f"{by_prefix.code} {by_prefix.name}",
                        b=f"{by_geom.code} {by_geom.name}",
                    ),
                )
            )
        item.parent = by_prefix or by_geom
        if item.parent is None:
            report.warnings.append(
                Problem(
                    item.index,
                    item.code,
                    _("no parent area found in level %(level)s", level=parent_level.name),
                )
            )


def _apply(parsed: list[Parsed], level: AreaLevel, valid_from: date, report) -> None:
    existing = {
        a.code: a
        for a in db.session.scalars(
            select(Area).where(Area.level_id == level.id, Area.valid_to.is_(None))
        )
    }
    for item in parsed:
        geometry = to_geojson(item.geom)
        old = existing.get(item.code)
        parent_path = item.parent.path if item.parent else "/"
        values = {
            "name": item.name,
            "parent_id": item.parent.id if item.parent else None,
            "path": f"{parent_path}{level.key}:{item.code}/",
        }
        if item.population is not None:
            values["population"] = item.population
        if old is not None and old.geometry == geometry:
            changed = any(getattr(old, k) != v for k, v in values.items())
            for key, value in values.items():
                setattr(old, key, value)
            report.updated += changed
            report.unchanged += not changed
            continue
        minx, miny, maxx, maxy = item.geom.bounds
        shape_values = {
            "geometry": geometry,
            "display_geometry": simplified(item.geom),
            "min_lon": minx,
            "min_lat": miny,
            "max_lon": maxx,
            "max_lat": maxy,
        }
        if old is not None and old.valid_from >= valid_from:
            for key, value in {**values, **shape_values}.items():  # same-day correction
                setattr(old, key, value)
            report.updated += 1
            continue
        area = Area(
            level_id=level.id,
            code=item.code,
            valid_from=valid_from,
            # a new version keeps the old figure unless the file brings one (new areas: its own)
            **{"population": old.population if old else None, **values},
            **shape_values,
        )
        db.session.add(area)
        if old is None:
            report.created += 1
            continue
        old.valid_to = valid_from
        db.session.flush()
        # children follow the current version of their parent
        db.session.execute(
            update(Area)
            .where(Area.parent_id == old.id, Area.valid_to.is_(None))
            .values(parent_id=area.id)
        )
        report.versioned += 1
    db.session.flush()
