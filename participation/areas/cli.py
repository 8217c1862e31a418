"""``flask areas …``: levels, GeoJSON import, population figures."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from participation.areas.importer import import_areas
from participation.areas.models import Area, AreaLevel
from participation.areas.services import (
    create_level,
    read_population_csv,
    set_population,
)
from participation.core.datafiles import read_data_bytes, read_data_text
from participation.core.errors import ServiceError
from participation.extensions import db


@click.group("areas")
def cli() -> None:
    """Area levels and areas (Sozialräume)."""


@cli.command("add-level")
@click.argument("key")
@click.option("--name-de", required=True, help="German name, e.g. Bezirk.")
@click.option("--name-en", help="English name, e.g. District.")
@click.option("--rank", type=int, help="Position from the top (1); default: below the others.")
@with_appcontext
def add_level(key: str, name_de: str, name_en: str | None, rank: int | None) -> None:
    """Add an area level."""
    try:
        level = create_level(key, name_de, name_en, rank)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"level {level.key} at position {level.rank}")


@cli.command("levels")
@with_appcontext
def list_levels() -> None:
    """List levels with their number of current areas."""
    for level in db.session.scalars(select(AreaLevel).order_by(AreaLevel.rank)):
        n = db.session.scalar(
            select(db.func.count()).where(Area.level_id == level.id, Area.valid_to.is_(None))
        )
        click.echo(f"{level.rank}. {level.key:<20} {level.names.get('de', ''):<25} {n} areas")


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--level", "level_key", required=True, help="Key of the area level.")
@click.option("--code-field", default="id", show_default=True)
@click.option("--name-field", default="name", show_default=True)
@click.option("--population-field", default=None)
@click.option("--parent-by", type=click.Choice(["auto", "code", "geometry"]), default="auto")
@click.option("--skip-invalid", is_flag=True, help="Import valid features, skip faulty ones.")
@click.option("--dry-run", is_flag=True, help="Only check; change nothing.")
@click.option("--valid-from", type=click.DateTime(["%Y-%m-%d"]), default=None)
@with_appcontext
def import_command(
    file: Path,
    level_key,
    code_field,
    name_field,
    population_field,
    parent_by,
    skip_invalid,
    dry_run,
    valid_from,
) -> None:
    """Import areas of one level from a GeoJSON FILE, plain or .gz (EPSG:25833 is reprojected)."""
    report = import_areas(
        read_data_bytes(file),
        level_key,
        code_field,
        name_field,
        population_field,
        parent_by=parent_by,
        skip_invalid=skip_invalid,
        dry_run=dry_run,
        valid_from=valid_from.date() if valid_from else None,
    )
    for problem in report.errors:
        click.echo(f"error: {problem}", err=True)
    for problem in report.warnings:
        click.echo(f"warning: {problem}", err=True)
    click.echo(report.summary())
    if report.errors and not report.applied:
        db.session.rollback()
        raise click.ClickException("nothing was imported (use --skip-invalid to skip faulty ones)")
    if report.applied:
        db.session.commit()
    click.echo("imported" if report.applied else "checked only (dry run): nothing changed")


@cli.command("population")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--level", "level_key", required=True)
@click.option("--code-column", required=True)
@click.option("--value-column", required=True)
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), required=True)
@with_appcontext
def population(file: Path, level_key, code_column, value_column, as_of) -> None:
    """Set population figures from a CSV file, plain or .gz (empty values stay empty)."""
    try:
        rows = read_population_csv(read_data_text(file), code_column, value_column)
        count = set_population(level_key, rows, as_of.date())
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"population set for {count} areas")
