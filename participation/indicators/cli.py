"""``flask indicators …``: import values from CSV with a column mapping, the MSS tables, a list."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from participation.core.datafiles import DataFileMissing, read_data_text
from participation.core.errors import ServiceError
from participation.extensions import db
from participation.indicators.importer import (
    ImportReport,
    import_aggregated,
    import_values,
    parse_mapping,
)
from participation.indicators.models import KINDS, POLARITIES, Indicator, IndicatorValue


@click.group("indicators")
def cli() -> None:
    """Indicators (Kennzahlen) per area and period."""


def _echo(report: ImportReport) -> None:
    click.echo(report.summary())
    for problem in report.listed_problems:
        click.echo(f"  {problem}")
    if len(report.problems) > len(report.listed_problems):
        click.echo(f"  … {len(report.problems) - len(report.listed_problems)} more")


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--area-column", required=True, help="Column with the area code, e.g. PLR_ID.")
@click.option("--period", required=True, help="Reference period, e.g. 2020.")
@click.option("--map", "mapping", required=True, help="COLUMN=indicator,… e.g. EW=population.")
@click.option("--level", "level_key", help="Area level of the codes (default: any level).")
@click.option("--aggregate-to", help="Aggregate units onto this level by code prefix.")
@click.option("--prefix-length", type=int, default=2, show_default=True)
@click.option("--weight-column", help="Weight for the aggregation (residents).")
@click.option("--dry-run", is_flag=True, help="Check only; change nothing.")
@click.option("--skip-bad-rows", is_flag=True, help="Import the good rows, skip the others.")
@with_appcontext
def import_command(
    file,
    area_column,
    period,
    mapping,
    level_key,
    aggregate_to,
    prefix_length,
    weight_column,
    dry_run,
    skip_bad_rows,
) -> None:
    """Import indicator values from a CSV FILE (plain or .gz); all or nothing by default."""
    try:
        columns = parse_mapping(mapping)
        text = read_data_text(file)
        if aggregate_to:
            if not weight_column:
                raise click.UsageError("--aggregate-to needs --weight-column")
            report = import_aggregated(
                text,
                area_column=area_column,
                period=period,
                mapping=columns,
                weight_column=weight_column,
                target_level=aggregate_to,
                prefix_length=prefix_length,
                dry_run=dry_run,
                skip_bad_rows=skip_bad_rows,
            )
        else:
            report = import_values(
                text,
                area_column=area_column,
                period=period,
                mapping=columns,
                level_key=level_key,
                dry_run=dry_run,
                skip_bad_rows=skip_bad_rows,
            )
    except ServiceError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    except UnicodeDecodeError:
        raise click.ClickException("the file is not UTF-8 text") from None
    _echo(report)
    if report.applied:
        db.session.commit()
        click.echo("imported")
        return
    db.session.rollback()
    if dry_run:
        click.echo("dry run: nothing changed")
        return
    raise click.ClickException("nothing imported (fix the rows above or use --skip-bad-rows)")


@cli.command("import-mss")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def import_mss_command(data_dir) -> None:
    """Import Berlin's MSS 2021 tables (catalogue, planning areas, districts)."""
    from participation.indicators.services import import_mss

    try:
        reports = import_mss(data_dir or current_app.config["SEED_DATA_DIR"])
    except (ServiceError, DataFileMissing) as exc:
        db.session.rollback()
        raise click.ClickException(str(getattr(exc, "message", exc))) from None
    for report in reports:
        _echo(report)
    db.session.commit()


@cli.command("add")
@click.argument("code")
@click.option("--name-de", required=True, help="German name, e.g. Kinderarmut.")
@click.option("--name-en", help="English name.")
@click.option("--definition-de", default="", help="Plain-language definition (German).")
@click.option("--definition-en", default="", help="Plain-language definition (English).")
@click.option("--unit", default="%", show_default=True, help="%, residents, m², rooms, per 100 …")
@click.option("--kind", type=click.Choice(KINDS), default="share", show_default=True)
@click.option("--polarity", type=click.Choice(POLARITIES), default="neutral", show_default=True)
@click.option("--source", default="", help="Who publishes the figures.")
@click.option("--licence", default="", help="Licence of the source data.")
@click.option("--topic", default="", help="Topic, e.g. income, housing.")
@click.option("--estimate", is_flag=True, help="The source calls the figures estimates.")
@click.option("--key", "is_key", is_flag=True, help="Show among the key figures of a profile.")
@with_appcontext
def add_command(
    code,
    name_de,
    name_en,
    definition_de,
    definition_en,
    unit,
    kind,
    polarity,
    source,
    licence,
    topic,
    estimate,
    is_key,
) -> None:
    """Add an indicator to the catalogue (or update the one with this CODE)."""
    from participation.indicators.services import ensure_indicators

    code = code.strip().lower()
    if not code or len(code) > 60 or not code.replace("_", "").isalnum():
        raise click.ClickException("the code may only contain letters, digits and _")
    entry = {
        "code": code,
        "names": {"de": name_de, "en": name_en or name_de},
        "definitions": {"de": definition_de, "en": definition_en or definition_de},
        "unit": unit,
        "kind": kind,
        "polarity": polarity,
        "source": source,
        "licence": licence,
        "topic": topic,
        "is_estimate": estimate,
        "is_key": is_key,
    }
    created = ensure_indicators([entry])
    db.session.commit()
    click.echo(f"{'added' if created else 'updated'} {code}")


@cli.command("list")
@with_appcontext
def list_command() -> None:
    """The catalogue with the number of stored values."""
    counts = dict(
        db.session.execute(
            select(IndicatorValue.indicator_id, func.count()).group_by(IndicatorValue.indicator_id)
        ).all()
    )
    for ind in db.session.scalars(select(Indicator).order_by(Indicator.position)):
        click.echo(f"{ind.code:32} {counts.get(ind.id, 0):5}  {ind.names.get('de', '')}")
