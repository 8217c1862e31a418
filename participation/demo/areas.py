"""Berlin's LOR hierarchy (4 levels) with population from the social monitoring (MSS 2021)."""

from datetime import date
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from participation.areas.importer import import_areas
from participation.areas.models import AreaLevel
from participation.areas.services import (
    aggregate_population_up,
    create_level,
    read_population_csv,
    set_population,
)
from participation.core.datafiles import find_data_file, read_data_bytes, read_data_text
from participation.extensions import db

BERLIN_LEVELS = [
    ("bezirk", "Bezirk", "District", "berlin-lor-districts.geojson"),
    (
        "prognoseraum",
        "Prognoseraum",
        "Forecast area",
        "berlin-lor-forecast-areas-until-2020.geojson",
    ),
    (
        "bezirksregion",
        "Bezirksregion",
        "District region",
        "berlin-lor-district-regions-until-2020.geojson",
    ),
    (
        "planungsraum",
        "Planungsraum",
        "Planning area",
        "berlin-lor-planning-areas-until-2020.geojson",
    ),
]
#: Residents per planning area (column ``EW``), Monitoring Soziale Stadtentwicklung 2021.
POPULATION_CSV = "mss-2021-context-indicators-plr-until-2020.csv"


def berlin_files(data_dir: Path) -> list[Path]:
    """The files the Berlin demo reads, plain or ``.gz``, in import order.

    :raises DataFileMissing: naming the first file that is missing, before anything is written.
    """
    berlin = Path(data_dir) / "berlin"
    names = [filename for *_, filename in BERLIN_LEVELS] + [POPULATION_CSV]
    return [find_data_file(berlin, name) for name in names]


def seed_berlin_areas(data_dir=None) -> str:
    """Create the four Berlin levels and import them; the duplicated planning-area id is skipped.

    Reads ``<data_dir>/berlin/*.geojson[.gz]`` (default: the ``SEED_DATA_DIR`` setting, the
    repository's ``data/`` folder). A missing file stops the seed before anything is written.
    """
    *level_files, population_file = berlin_files(data_dir or current_app.config["SEED_DATA_DIR"])
    lines = []
    for (key, name_de, name_en, _), path in zip(BERLIN_LEVELS, level_files, strict=True):
        if db.session.scalar(select(AreaLevel).where(AreaLevel.key == key)) is None:
            create_level(key, name_de, name_en)
        report = import_areas(
            read_data_bytes(path),
            key,
            "id",
            "name",
            skip_invalid=True,
            valid_from=date(2019, 1, 1),
        )
        lines.append(f"{key}: {report.summary()}")
        lines += [f"  {p}" for p in report.errors]
    population = read_population_csv(
        read_data_text(population_file),
        "PLR_ID",
        "EW",
    )
    set_population("planungsraum", population, date(2020, 12, 31))
    aggregate_population_up("planungsraum")
    db.session.commit()
    return "\n".join(lines)
