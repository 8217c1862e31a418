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


@cli.command("fold")
@click.argument("survey_id", type=int, required=False)
@with_appcontext
def fold_command(survey_id: int | None) -> None:
    """Add the uncounted responses to the answer counters now (what the scheduler does)."""
    from participation.surveys import fold

    if survey_id is None:
        folded = fold.fold_all()
    else:
        if db.session.get(Survey, survey_id) is None:
            raise click.ClickException(f"no survey with id {survey_id}")
        db.session.rollback()
        folded = {survey_id: fold.fold_survey(survey_id)}
    click.echo(f"folded {sum(folded.values())} responses of {len(folded)} surveys")
