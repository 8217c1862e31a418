"""``flask surveys …``: maintenance of survey data from the shell."""

import click
from flask.cli import with_appcontext

from participation.extensions import db
from participation.surveys.counters import recount
from participation.surveys.models import Survey


@click.group("surveys")
def cli() -> None:
    """Surveys."""


@cli.command("recount")
@click.argument("survey_id", type=int)
@with_appcontext
def recount_command(survey_id: int) -> None:
    """Rebuild a survey's answer counters from its stored answers (after a bulk import)."""
    if db.session.get(Survey, survey_id) is None:
        raise click.ClickException(f"no survey with id {survey_id}")
    recount(survey_id)
    db.session.commit()
    click.echo(f"recounted survey {survey_id}")
