"""Reading GeoJSON feature geometry: CRS detection, reprojection, validation, simplification."""

import json
import re

import shapely
from flask_babel import gettext as _
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.errors import GEOSException
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from participation.core.errors import ServiceError

WGS84_NAMES = {"4326", "CRS84", "OGC:1.3:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"}


class GeoError(ServiceError):
    """A problem with one feature's geometry; the message is shown to the user.

    A subclass because the importer collects these per feature instead of stopping.
    """


def declared_crs(collection: dict) -> str | None:
    """Return the CRS name a GeoJSON file declares (old-style ``crs`` member), if any."""
    crs = collection.get("crs")
    if isinstance(crs, dict):
        name = (crs.get("properties") or {}).get("name")
        if isinstance(name, str):
            return name
    return None


def transformer_for(crs_name: str | None) -> Transformer | None:
    """Return a transformer to WGS84 lon/lat, or None when the data already is WGS84."""
    if not crs_name:
        return None
    epsg = re.search(r"(\d{4,5})\s*$", crs_name)
    if crs_name.endswith("CRS84") or (epsg and epsg.group(1) == "4326"):
        return None
    try:
        source = CRS.from_user_input(crs_name)
    except CRSError as exc:
        raise GeoError(_("unknown coordinate reference system %(crs)s", crs=crs_name)) from exc
    return Transformer.from_crs(source, CRS.from_epsg(4326), always_xy=True)


def read_polygon(geometry: object, transformer: Transformer | None):
    """Turn a GeoJSON geometry into a valid shapely (Multi)Polygon in WGS84 or raise GeoError."""
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise GeoError(_("the feature has no geometry"))
    if geometry["type"] not in ("Polygon", "MultiPolygon"):
        raise GeoError(
            _(
                "geometry type %(type)s is not an area (Polygon or MultiPolygon)",
                type=geometry["type"],
            )
        )
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, GEOSException) as exc:
        raise GeoError(_("the geometry cannot be read (%(error)s)", error=exc)) from exc
    if geom.is_empty:
        raise GeoError(_("the geometry is empty"))
    if transformer is not None:
        geom = shapely.transform(geom, lambda xy: _project(transformer, xy))
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeoError(
            _("coordinates are not longitude/latitude; declare the file's CRS (e.g. EPSG:25833)")
        )
    if not geom.is_valid:
        raise GeoError(_("the geometry is invalid: %(reason)s", reason=explain_validity(geom)))
    return geom


def _project(transformer: Transformer, xy):
    import numpy as np

    x, y = transformer.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([x, y])


def to_geojson(geom) -> dict:
    """Plain JSON-able GeoJSON geometry (lists, not tuples)."""
    return json.loads(json.dumps(mapping(geom)))


def simplified(geom, tolerance: float = 0.0001) -> dict:
    """A lighter geometry for maps: ~10 m tolerance, coordinates rounded to ~1 m."""
    light = shapely.set_precision(geom.simplify(tolerance, preserve_topology=True), 1e-5)
    if light.is_empty:
        light = geom
    return to_geojson(light)
