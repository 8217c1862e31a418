"""Berlin's LOR hierarchy (4 levels) with population from the social monitoring (MSS 2021)."""

from datetime import date

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


def seed_berlin_areas(data_dir=None) -> str:
    """Create the four Berlin levels and import them; the duplicated planning-area id is skipped."""
    data_dir = data_dir or current_app.config["SEED_DATA_DIR"]
    berlin = data_dir / "berlin"
    lines = []
    for key, name_de, name_en, filename in BERLIN_LEVELS:
        if db.session.scalar(select(AreaLevel).where(AreaLevel.key == key)) is None:
            create_level(key, name_de, name_en)
        report = import_areas(
            (berlin / filename).read_bytes(),
            key,
            "id",
            "name",
            skip_invalid=True,
            valid_from=date(2019, 1, 1),
        )
        lines.append(f"{key}: {report.summary()}")
        lines += [f"  {p}" for p in report.errors]
    population = read_population_csv(
        (berlin / "mss-2021-context-indicators-plr-until-2020.csv").read_text(encoding="utf-8"),
        "PLR_ID",
        "EW",
    )
    set_population("planungsraum", population, date(2020, 12, 31))
    aggregate_population_up("planungsraum")
    db.session.commit()
    return "\n".join(lines)
