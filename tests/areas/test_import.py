"""Area import: both cities, broken files, reprojection, boundary versions, the upload page."""

import io
import json

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import mapping, shape
from sqlalchemy import func, select

from participation.areas.importer import import_areas
from participation.areas.models import Area, AreaLevel
from participation.areas.services import create_level
from participation.core.datafiles import load_data_bytes
from participation.extensions import db

DATA = __import__("pathlib").Path(__file__).resolve().parents[2] / "data"
BERLIN = DATA / "berlin"


def berlin_json(name: str) -> dict:
    """One bundled Berlin GeoJSON file (stored gzip-compressed in data/berlin/)."""
    return json.loads(load_data_bytes(BERLIN, name))


def count(level_key: str) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Area)
        .join(AreaLevel)
        .where(AreaLevel.key == level_key, Area.valid_to.is_(None))
    )


def by_code(code: str) -> Area:
    return db.session.scalar(select(Area).where(Area.code == code, Area.valid_to.is_(None)))


def test_berlin_four_levels_by_cli(runner):
    levels = [
        ("bezirk", "berlin-lor-districts.geojson"),
        ("prognoseraum", "berlin-lor-forecast-areas-until-2020.geojson"),
        ("bezirksregion", "berlin-lor-district-regions-until-2020.geojson"),
        ("planungsraum", "berlin-lor-planning-areas-until-2020.geojson"),
    ]
    for key, _ in levels:
        result = runner.invoke(args=["areas", "add-level", key, "--name-de", key.title()])
        assert result.exit_code == 0, result.output
    for key, filename in levels[:3]:
        # the CLI reads the bundled .gz files as they are
        path = str(BERLIN / f"{filename}.gz")
        result = runner.invoke(args=["areas", "import", path, "--level", key])
        assert result.exit_code == 0, result.output
    # the planning-area file repeats one id: refused as a whole, the message names both features
    planning = str(BERLIN / f"{levels[3][1]}.gz")
    result = runner.invoke(args=["areas", "import", planning, "--level", "planungsraum"])
    assert result.exit_code != 0
    assert "06010102" in result.output and "Gebiet Nr. 205" in result.output
    assert count("planungsraum") == 0
    result = runner.invoke(
        args=["areas", "import", planning, "--level", "planungsraum", "--skip-invalid"]
    )
    assert result.exit_code == 0, result.output
    assert [count(k) for k, _ in levels] == [12, 60, 138, 447]
    koerner = by_code("08010213")
    assert koerner.name == "Körnerpark"
    assert [a.code for a in koerner.ancestors()] == ["08", "0801", "080102"]
    assert (
        koerner.path == "/bezirk:08/prognoseraum:0801/bezirksregion:080102/planungsraum:08010213/"
    )
    # disagreement between code prefix and location is reported, not silently resolved
    assert "06010102" in result.output and "040304" in result.output


@pytest.mark.parametrize("dry_run", [True, False])
def test_koeln_other_property_names_and_polygons(app, dry_run):
    create_level("stadtbezirk", "Stadtbezirk", "City district")
    data = load_data_bytes(DATA / "koeln", "koeln-stadtbezirke.geojson")
    report = import_areas(data, "stadtbezirk", "STB_NR", "STB_NAME", dry_run=dry_run)
    assert report.errors == [] and report.features == 9
    assert count("stadtbezirk") == (0 if dry_run else 9)
    if not dry_run:
        porz = by_code("7")
        assert porz.name == "Porz" and porz.parent is None and porz.geometry["type"] == "Polygon"
        assert 6.9 < porz.min_lon < porz.max_lon < 7.3


def broken_collection() -> bytes:
    square = {
        "type": "Polygon",
        "coordinates": [[[13.4, 52.4], [13.5, 52.4], [13.5, 52.5], [13.4, 52.5], [13.4, 52.4]]],
    }
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[13.4, 52.4], [13.5, 52.5], [13.5, 52.4], [13.4, 52.5], [13.4, 52.4]]],
    }
    features = [
        {"type": "Feature", "properties": {"id": "A1", "name": "Gut"}, "geometry": square},
        {"type": "Feature", "properties": {"id": "A2"}, "geometry": square},
        {"type": "Feature", "properties": {"id": "A3", "name": "Schleife"}, "geometry": bowtie},
        {
            "type": "Feature",
            "properties": {"id": "A4", "name": "Punkt"},
            "geometry": {"type": "Point", "coordinates": [13.4, 52.4]},
        },
        {"type": "Feature", "properties": {"id": "A1", "name": "Doppelt"}, "geometry": square},
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def test_broken_file_changes_nothing_and_names_each_problem(app):
    create_level("quartier", "Quartier")
    db.session.commit()
    report = import_areas(broken_collection(), "quartier", "id", "name")
    db.session.rollback()
    assert not report.applied and count("quartier") == 0
    messages = [str(p) for p in report.errors]
    assert any(m.startswith("Gebiet Nr. 2 (A2)") and "Name" in m for m in messages)
    assert any(m.startswith("Gebiet Nr. 3 (A3)") and "ungültig" in m for m in messages)
    assert any(m.startswith("Gebiet Nr. 4 (A4)") and "Point" in m for m in messages)
    assert any(m.startswith("Gebiet Nr. 5 (A1)") and "doppelt" in m for m in messages)
    # the user may explicitly choose to import the valid ones
    report = import_areas(broken_collection(), "quartier", "id", "name", skip_invalid=True)
    assert report.applied and report.created == 1 and count("quartier") == 1


def test_not_json_and_not_a_collection(app):
    create_level("quartier", "Quartier")
    assert "kein gültiges JSON" in str(import_areas(b"{oops", "quartier", "id", "name").errors[0])
    report = import_areas(b'{"type": "Feature"}', "quartier", "id", "name")
    assert "FeatureCollection" in str(report.errors[0])
    assert "quartier2" in str(import_areas(b"{}", "quartier2", "id", "name").errors[0])


def test_epsg_25833_is_reprojected(app):
    create_level("bezirk", "Bezirk")
    source = berlin_json("berlin-lor-districts.geojson")
    neukoelln = next(f for f in source["features"] if f["properties"]["id"] == "08")
    to_utm = Transformer.from_crs(4326, 25833, always_xy=True)
    utm = shapely.transform(
        shape(neukoelln["geometry"]),
        lambda xy: np.column_stack(to_utm.transform(xy[:, 0], xy[:, 1])),
    )
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25833"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"id": "08", "name": "Neukölln"},
                "geometry": mapping(utm),
            }
        ],
    }
    report = import_areas(json.dumps(collection), "bezirk", "id", "name")
    assert report.applied, report.errors
    area = by_code("08")
    original = shape(neukoelln["geometry"]).bounds
    assert area.bbox == pytest.approx(original, abs=1e-6)
    # without the CRS declaration the metre coordinates are refused with a hint
    del collection["crs"]
    report = import_areas(json.dumps(collection), "bezirk", "id", "name")
    assert "EPSG:25833" in str(report.errors[0])


@pytest.mark.berlin
def test_changed_boundary_keeps_history(app):
    from datetime import date

    from participation.areas import lookup

    source = berlin_json("berlin-lor-forecast-areas-until-2020.geojson")
    feature = next(f for f in source["features"] if f["properties"]["id"] == "0801")
    old = by_code("0801")
    old_id, children = old.id, [c.id for c in old.children()]
    # a survey response's area chain (read from the lookup index, kept per process)
    from participation.surveys.services.response_write import area_chain

    assert old_id in [a for a, _rank in area_chain(children[0])]
    grown = shape(feature["geometry"]).buffer(0.002)
    feature["geometry"] = mapping(grown)
    collection = {"type": "FeatureCollection", "features": [feature]}
    report = import_areas(
        json.dumps(collection), "prognoseraum", "id", "name", valid_from=date(2026, 1, 1)
    )
    assert report.versioned == 1 and report.applied
    db.session.expire_all()
    versions = db.session.scalars(
        select(Area).where(Area.code == "0801").order_by(Area.valid_from)
    ).all()
    assert [v.valid_to for v in versions] == [date(2026, 1, 1), None]
    assert versions[0].id == old_id
    new = versions[1]
    assert sorted(c.id for c in new.children()) == sorted(children)
    # the lookup index was invalidated: points now resolve to the new version
    assert lookup.locate(13.4405, 52.4745)["prognoseraum"] == new.id
    # and so does the chain a response in a child area is counted under (before, a memo of
    # its own kept the old parent until the worker restarted)
    chain = [a for a, _rank in area_chain(children[0])]
    assert new.id in chain and old_id not in chain


@pytest.mark.berlin
def test_upload_page_reports_per_feature(create_user, login):
    admin = login(create_user(roles=["admin"]))
    data = {
        "file": (io.BytesIO(broken_collection()), "quartiere.geojson"),
        "level": "planungsraum",
        "code_field": "id",
        "name_field": "name",
        "parent_by": "auto",
        "dry_run": "y",
    }
    response = admin.post("/manage/areas/import", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Es wurde nichts importiert" in page and "Gebiet Nr. 3 (A3)" in page
    assert count("planungsraum") == 447
    planner = login(create_user(roles=["planner"]))
    assert planner.get("/manage/areas/import").status_code == 403
