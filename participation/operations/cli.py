"""Operator commands: ``flask doctor``, ``flask backup``, ``flask restore`` and ``flask gdpr …``.

:data:`COMMANDS` are added at the top level by :func:`participation.cli.register`; ``cli`` is the
``gdpr`` group (data subject requests from the command line).
"""

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext

from participation.extensions import db


@click.command("doctor")
@with_appcontext
def doctor() -> None:
    """Check the configuration; one line per check, exit code 1 when anything needs fixing."""
    from participation.operations.doctor import run_checks

    findings = run_checks()
    for finding in findings:
        click.echo(finding.line())
    problems = [f for f in findings if not f.ok]
    if problems:
        click.echo(f"{len(problems)} problem(s) found.")
        sys.exit(1)
    click.echo("All checks passed.")


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(file: Path) -> None:
    """Write database and uploads to FILE (tar.gz); safe while the app is serving."""
    from participation.operations.backup import BackupError, create_backup

    try:
        summary = create_backup(file)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"backup written: {file} ({summary.backend}, revision {summary.revision}, "
        f"{summary.database_bytes} database bytes, {summary.files} uploaded file(s))"
    )


@click.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that already holds data.")
@with_appcontext
def restore(file: Path, force: bool) -> None:
    """Restore database and uploads from FILE (made by ``flask backup``)."""
    from participation.operations.backup import BackupError, restore_backup

    try:
        summary = restore_backup(file, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"restored: {file} ({summary.backend}, revision {summary.revision}, "
        f"{summary.files} uploaded file(s)); run `flask db upgrade` if the code is newer"
    )


COMMANDS = [doctor, backup, restore]


@click.group("gdpr")
def cli() -> None:
    """Data subject requests: export or erase everything about one person."""


def _print(data: dict) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@cli.command("export")
@click.option("--email", help="A contributor's or staff member's e-mail address.")
@click.option("--actor", "actor_id", type=int, help="A stakeholder registry actor id.")
@with_appcontext
def gdpr_export(email: str | None, actor_id: int | None) -> None:
    """Print everything stored about one person as JSON (audit-logged)."""
    from participation.operations import gdpr

    try:
        data = gdpr.export_person(email=email, actor_id=actor_id)
    except gdpr.ServiceError as exc:
        raise click.ClickException(exc.message) from None
    db.session.commit()
    _print(data)


@cli.command("erase")
@click.option("--email", help="A contributor's or staff member's e-mail address.")
@click.option("--actor", "actor_id", type=int, help="A stakeholder registry actor id.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def gdpr_erase(email: str | None, actor_id: int | None, yes: bool) -> None:
    """Erase (pseudonymise) everything about one person; audit-logged."""
    from participation.operations import gdpr

    if not yes:
        click.confirm(f"Erase all personal data of {email or f'actor {actor_id}'}?", abort=True)
    try:
        report = gdpr.erase_person(email=email, actor_id=actor_id)
    except gdpr.ServiceError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    db.session.commit()
    _print(report)
