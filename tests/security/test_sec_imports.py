"""Defect 9: every import input gets a clear message or an import, never a 500; dry run = real run.

Plus property tests: any JSON to the area importer, any bytes to the stakeholder CSV reader.
"""

import codecs
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box, mapping

from participation.areas.importer import import_areas
from participation.core import csvimport
from participation.core.errors import ServiceError
from participation.extensions import db

pytestmark = pytest.mark.berlin


def _feature(code="08019999", name="Neuer Block", population=None, geometry=None, props=None):
    properties = {"id": code, "name": name}
    if population is not None:
        properties["ew"] = population
    return {
        "type": "Feature",
        "properties": properties if props is None else props,
        "geometry": geometry or mapping(box(13.43, 52.47, 13.431, 52.471)),
    }


def _run(collection, dry_run, population_field="ew"):
    data = collection if isinstance(collection, str | bytes) else json.dumps(collection)
    report = import_areas(data, "planungsraum", "id", "name", population_field, dry_run=dry_run)
    db.session.rollback()
    return report


def _both(collection):
    """Dry run and real run on the same input; they must agree on errors."""
    dry = _run(collection, True)
    real = _run(collection, False)
    assert [str(p) for p in dry.errors] == [str(p) for p in real.errors]
    assert real.applied == (not real.errors)
    return dry, real


def test_new_area_with_population(app):
    dry, real = _both({"type": "FeatureCollection", "features": [_feature(population=500)]})
    assert not dry.errors and real.applied and real.created == 1


@pytest.mark.parametrize("name", ["Neuer\x00Block", "Neuer\r\nBlock"])
def test_control_characters_in_a_name_are_a_clear_problem(app, name):
    # Found by the property test on PostgreSQL, which refuses NUL in text columns (a 500).
    dry, real = _both({"type": "FeatureCollection", "features": [_feature(name=name)]})
    assert not real.applied
    assert any("Steuerzeichen" in str(p) for p in real.errors)


@pytest.mark.parametrize("population", ["Infinity", "1e999", "1e30", "-5", "NaN"])
def test_absurd_population_is_a_clear_problem(app, population):
    text = json.dumps({"type": "FeatureCollection", "features": [_feature(population=0)]})
    text = text.replace('"ew": 0', f'"ew": {population}')
    dry, real = _both(text)
    problems = [str(p) for p in dry.errors + dry.warnings]
    words = ("population", "einwohnerzahl", "json")  # English or German catalogue
    assert problems and any(w in p.lower() for p in problems for w in words)


@pytest.mark.parametrize(
    "collection",
    [
        {"type": "FeatureCollection", "features": 5},
        {"type": "FeatureCollection", "features": "abc"},
        {"type": "FeatureCollection", "features": [5, "x", None]},
        {"type": "FeatureCollection", "features": [_feature(props=["id", "name"])]},
        {"type": "FeatureCollection", "features": [_feature(geometry={"type": "Point"})]},
        {"type": "FeatureCollection", "features": [_feature(name="x" * 5000)]},
        {"type": "FeatureCollection", "features": [_feature(code="9" * 500)]},
    ],
)
def test_malformed_collections_get_a_report(app, collection):
    dry, _real = _both(collection)
    assert dry.errors


def test_200000_deep_nesting(app):
    deep = '{"type": "FeatureCollection", "features": ' + "[" * 200_000 + "]" * 200_000 + "}"
    dry, _real = _both(deep)
    assert dry.errors and "JSON" in str(dry.errors[0])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["type", "features", "properties", "id", "name",
                                       "ew", "geometry", "coordinates", "crs"]), children,
                      max_size=5),
    max_leaves=25,
)  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    features=st.lists(
        st.one_of(
            json_values,
            st.builds(
                lambda code, name, ew: _feature(code=code, name=name, population=ew),
                st.text(max_size=12),
                st.text(max_size=12),
                json_values,
            ),
        ),
        max_size=4,
    )
)
def test_any_json_gives_a_report(app, features):
    report = _run({"type": "FeatureCollection", "features": features}, dry_run=False)
    assert report.applied or report.errors or not features


# --- stakeholder CSV ------------------------------------------------------------------------


def _read(data: bytes):
    text = csvimport.decode(data)
    return csvimport.read_rows(text)


def test_utf16_csv_is_read_not_mojibake(app):
    text = "Name;Art;E-Mail\nBürgerverein Körnerpark;organisation;info@example.org\n"
    for codec, bom in [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)]:
        header, rows = _read(bom + text.encode(codec))
        assert header == ["Name", "Art", "E-Mail"]
        assert rows[0]["Name"] == "Bürgerverein Körnerpark"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 20,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 500,
        b"PK\x03\x04" + bytes(300),
        b"Name\n" + b"x" * 140_000 + b"\n",
        b'Name;Notiz\n"abc;' + b"y" * 140_000 + b'"\n',
    ],
)
def test_binary_and_huge_fields_are_refused_clearly(app, data):
    with pytest.raises(ServiceError) as info:
        _read(data)
    assert info.value.field == "file" and str(info.value)


def test_upload_page_says_why(app, login, create_user):
    client = login(create_user(roles=["admin"]))
    for data in [bytes(range(256)) * 20, b"Name\n" + b"x" * 140_000 + b"\n"]:
        response = client.post(
            "/manage/stakeholders/import",
            data={"file": (io.BytesIO(data), "liste.csv")},
            content_type="multipart/form-data",
            headers={"Accept-Language": "en"},
        )
        assert response.status_code == 422


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_any_bytes_give_rows_or_a_clean_refusal(app, data):
    try:
        header, rows = _read(data)
    except ServiceError as exc:
        assert exc.field == "file"
    else:
        assert header


# --- survey settings ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0001", "9999"])
def test_survey_dates_far_out_are_a_form_error(create_survey, login, year):
    survey = create_survey(questions=[{"type": "short_text"}], publish=False)
    client = login(survey.creator)
    response = client.post(
        f"/manage/surveys/{survey.id}/settings",
        data={
            "opens_at": f"{year}-01-01T10:00",
            "closes_at": f"{year}-12-31T10:00",
            "anonymous": "1",
            "mode": "open",
            "suppression_k": "5",
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert "between" in response.get_data(as_text=True)
