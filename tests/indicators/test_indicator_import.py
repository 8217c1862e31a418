"""Indicator import: mapping, unknown codes, bad numbers, duplicates, suppressed values,
all-or-nothing, and the district aggregation against a hand computation."""

import csv
import gzip
import io

import pytest
from sqlalchemy import func, select

from participation.areas.models import Area
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.indicators.importer import (
    import_aggregated,
    import_values,
    parse_mapping,
    parse_number,
)
from participation.indicators.models import Indicator, IndicatorValue
from participation.indicators.services import import_mss

pytestmark = pytest.mark.berlin

GOOD = "PLR_ID;EW;ALO\n08010213;12288;7,5\n08010214;8524;\n"


def stored(code: str, area_code: str, period: str = "2020") -> IndicatorValue | None:
    return db.session.scalar(
        select(IndicatorValue)
        .join(Indicator)
        .join(Area, Area.id == IndicatorValue.area_id)
        .where(Indicator.code == code, Area.code == area_code, IndicatorValue.period == period)
    )


def value_count() -> int:
    return db.session.scalar(select(func.count()).select_from(IndicatorValue))


def run(text, **kw):
    kw.setdefault("area_column", "PLR_ID")
    kw.setdefault("period", "2020")
    kw.setdefault("mapping", {"EW": "population", "ALO": "unemployment"})
    kw.setdefault("level_key", "planungsraum")
    return import_values(text, **kw)


def test_mapping_imports_values_and_population_and_keeps_empty_as_suppressed(catalogue, area):
    report = run(GOOD)
    db.session.commit()
    assert report.applied and report.values == 4 and report.suppressed == 1
    assert stored("population", "08010213").value == 12288
    assert stored("unemployment", "08010213").value == 7.5  # decimal comma
    empty = stored("unemployment", "08010214")
    assert empty.suppressed is True and empty.value is None  # never 0
    assert area("08010213").population == 12288
    assert area("08010213").population_date.isoformat() == "2020-12-31"


def test_unknown_code_bad_number_and_duplicate_refuse_the_whole_file(catalogue):
    text = GOOD + "99999999;100;1\n08010213;5;2\n08010211;12x;3\n"
    report = run(text)
    db.session.rollback()
    assert not report.applied
    messages = [str(p) for p in report.problems]
    assert any("99999999" in m and "unbekannter Gebietsschlüssel" in m for m in messages)
    assert any("doppelt" in m and "Zeile 2" in m for m in messages)
    assert any("12x" in m and "keine Zahl" in m for m in messages)
    assert value_count() == 0


def test_dry_run_reports_and_changes_nothing(catalogue):
    report = run(GOOD + "99999999;1;1\n", dry_run=True)
    db.session.commit()
    assert not report.applied and report.rows == 3 and len(report.problems) == 1
    assert value_count() == 0


def test_skip_bad_rows_imports_the_rest(catalogue):
    report = run(GOOD + "99999999;1;1\n", skip_bad_rows=True)
    db.session.commit()
    assert report.applied and report.skipped_rows == 1 and report.areas == 2
    assert value_count() == 4


def test_reimport_replaces_instead_of_duplicating(catalogue):
    run(GOOD)
    report = run("PLR_ID,EW,ALO\n08010213,12300,8.0\n")
    db.session.commit()
    assert report.replaced == 2
    assert stored("unemployment", "08010213").value == 8.0
    assert stored("unemployment", "08010214") is not None  # untouched area kept


def test_missing_column_and_unknown_indicator_are_clear_errors(catalogue):
    with pytest.raises(ServiceError, match="ALO"):
        run("PLR_ID;EW\n08010213;1\n")
    with pytest.raises(ServiceError, match="nonsense"):
        run(GOOD, mapping={"EW": "nonsense"})
    with pytest.raises(ServiceError):
        parse_mapping("EW")


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("", None),
        ("  ", None),
        ("3419", 3419.0),
        ("0,66", 0.66),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("-4.83", -4.83),
        ("\u22124,8", -4.8),
    ],
)
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("raw", ["x", "0", "n/a", "1..2", "–"])
def test_parse_number_refuses(raw):
    if raw == "0":
        assert parse_number(raw) == 0.0  # a real zero stays a zero
        return
    with pytest.raises(ValueError):
        parse_number(raw)


UNITS = (
    "ID,RES,ALO\n"
    "08100101,1000,10\n"
    "08100102,3000,20\n"
    "08100103,500,\n"  # suppressed: out of numerator and denominator
    "12100101,200,5\n"
    "12100102,,7\n"  # no weight: left out of the mean, not of the sum
    "12100103,,\n"
)


def test_aggregation_rule_matches_a_hand_computation(catalogue):
    report = import_aggregated(
        UNITS,
        area_column="ID",
        period="2020",
        mapping={"RES": "population", "ALO": "unemployment"},
        weight_column="RES",
        target_level="bezirk",
    )
    db.session.commit()
    assert report.applied and report.areas == 2
    neukoelln = stored("unemployment", "08")
    assert neukoelln.value == pytest.approx((10 * 1000 + 20 * 3000) / 4000)  # 17.5
    assert neukoelln.denominator == 4000
    assert neukoelln.method == "aggregated"
    assert neukoelln.detail == {"units": 2, "suppressed_units": 1}
    assert stored("population", "08").value == 4500  # counts are summed
    assert stored("unemployment", "12").value == pytest.approx(5.0)
    assert stored("population", "12").value == 200
    assert stored("unemployment", "12").detail == {"units": 1, "suppressed_units": 2}


def test_aggregation_all_units_suppressed_is_suppressed_not_zero(catalogue):
    import_aggregated(
        "ID,RES,ALO\n05100101,100,\n",
        area_column="ID",
        period="2020",
        mapping={"ALO": "unemployment"},
        weight_column="RES",
        target_level="bezirk",
    )
    db.session.commit()
    value = stored("unemployment", "05")
    assert value.suppressed and value.value is None


def test_aggregation_unknown_district_prefix_is_reported(catalogue):
    report = import_aggregated(
        "ID,RES,ALO\n99100101,100,1\n",
        area_column="ID",
        period="2020",
        mapping={"ALO": "unemployment"},
        weight_column="RES",
        target_level="bezirk",
    )
    assert not report.applied and "unbekannter Gebietsschlüssel" in str(report.problems[0])


def test_mss_import_neukoelln_matches_an_independent_computation(app):
    reports = import_mss(app.config["SEED_DATA_DIR"])
    db.session.commit()
    assert reports[0].skipped_rows == 1  # 04030417 has no polygon in the bundled GeoJSON
    assert reports[1].areas == 12
    raw = gzip.decompress(
        (
            app.config["SEED_DATA_DIR"] / "berlin/mss-2021-indicators-plr-from-2021.csv.gz"
        ).read_bytes()
    ).decode("utf-8-sig")
    num = den = 0.0
    residents = 0
    for row in csv.DictReader(io.StringIO(raw)):
        if not row["PLR_ID"].startswith("08"):
            continue
        residents += int(row["Resident Count"] or 0)
        if row["Child Poverty Percent"] and row["Resident Count"]:
            num += float(row["Child Poverty Percent"]) * int(row["Resident Count"])
            den += int(row["Resident Count"])
    assert stored("child_poverty", "08").value == pytest.approx(num / den)
    assert stored("population", "08").value == residents
    before = stored("child_poverty", "08", "2018")
    assert before.is_estimate and before.value is not None
    # the context table sets the planning areas' population (EW)
    assert stored("population", "08010213").value == 12288
    assert stored("rooms_per_resident", "08010213").value == pytest.approx(1.53)


def test_cli_import_dry_run_and_refusal(catalogue, runner, tmp_path):
    path = tmp_path / "values.csv"
    path.write_text(GOOD + "99999999;1;1\n", encoding="utf-8")
    args = [
        "indicators",
        "import",
        str(path),
        "--area-column",
        "PLR_ID",
        "--period",
        "2020",
        "--map",
        "EW=population,ALO=unemployment",
        "--level",
        "planungsraum",
    ]
    result = runner.invoke(args=args + ["--dry-run"])
    assert "unbekannter Gebietsschlüssel" in result.output and "nothing changed" in result.output
    result = runner.invoke(args=args)
    assert result.exit_code == 1 and "nothing imported" in result.output
    assert value_count() == 0
    result = runner.invoke(args=args + ["--skip-bad-rows"])
    assert result.exit_code == 0, result.output
    assert value_count() == 4


def test_cli_adds_an_indicator_then_imports_it(app, runner, tmp_path):
    result = runner.invoke(
        args=[
            "indicators",
            "add",
            "green_space",
            "--name-de",
            "Grünfläche je Person",
            "--unit",
            "m²",
            "--kind",
            "ratio",
            "--key",
        ]
    )
    assert result.exit_code == 0 and "added green_space" in result.output
    path = tmp_path / "gruen.csv"
    path.write_text("PLR_ID;GR\n08010213;6,2\n", encoding="utf-8")
    result = runner.invoke(
        args=[
            "indicators",
            "import",
            str(path),
            "--area-column",
            "PLR_ID",
            "--period",
            "2022",
            "--map",
            "GR=green_space",
        ]
    )
    assert result.exit_code == 0, result.output
    assert stored("green_space", "08010213", "2022").value == 6.2
    listing = runner.invoke(args=["indicators", "list"]).output
    assert "green_space" in listing and "Grünfläche je Person" in listing
