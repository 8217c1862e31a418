"""``flask users …``: create accounts from the shell (first admin of an installation)."""

import click
from flask.cli import with_appcontext

from participation.accounts.services import create_user
from participation.core.errors import ServiceError
from participation.extensions import db


@click.group("users")
def cli() -> None:
    """Staff accounts."""


@cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, default=["admin"], show_default=True)
@click.password_option()
@with_appcontext
def create(email: str, name: str, roles: tuple[str, ...], password: str) -> None:
    """Create a staff account (default role: admin)."""
    try:
        create_user(email, name, password, roles=roles)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"created {email} with roles {', '.join(roles)}")
