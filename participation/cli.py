"""Command-line interface: ``flask seed-demo``, ``flask areas …``, ``flask scheduler run``, …"""

import importlib

import click
from flask import Flask
from flask.cli import with_appcontext


def register(app: Flask, modules: list[str]) -> None:
    """Attach the core commands and each module's ``cli`` group, if it has one."""
    for name in modules:
        try:
            mod = importlib.import_module(f"participation.{name}.cli")
        except ModuleNotFoundError as exc:
            if exc.name != f"participation.{name}.cli":
                raise
            continue
        app.cli.add_command(mod.cli)
        # top-level commands of a module (e.g. ``flask doctor`` from operations)
        for command in getattr(mod, "COMMANDS", ()):
            app.cli.add_command(command)
    app.cli.add_command(seed_demo)
    app.cli.add_command(scheduler_group)
    app.cli.add_command(mail_group)


@click.command("seed-demo")
@click.option("--force", is_flag=True, help="Seed again even if demo data exists.")
@with_appcontext
def seed_demo(force: bool) -> None:
    """Load Berlin areas, demo users and a demo process (development only)."""
    from participation.core.datafiles import DataFileMissing
    from participation.demo import SeedRefused, seed
    from participation.extensions import db

    try:
        summary = seed(force=force)
    except DataFileMissing as exc:
        # one line naming the file, exit code 1 — never a traceback
        db.session.rollback()
        hint = "PARTICIPATION_SEED_DATA_DIR names the folder with berlin/ (see data/README.md)"
        raise click.ClickException(f"{exc}; {hint}") from None
    except SeedRefused as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    click.echo(summary)


@click.group("scheduler")
def scheduler_group() -> None:
    """Scheduled jobs (one process; never inside web workers)."""


@scheduler_group.command("run")
@with_appcontext
def scheduler_run() -> None:
    """Run the scheduler in the foreground until interrupted."""
    from participation.scheduler import run_forever

    run_forever()


@scheduler_group.command("run-once")
@click.argument("job")
@with_appcontext
def scheduler_run_once(job: str) -> None:
    """Run one job now (under its lock) and print whether it ran."""
    from participation.scheduler import run_job

    click.echo("ran" if run_job(job) else "skipped: another scheduler holds the lock")


@click.group("mail")
def mail_group() -> None:
    """Mail outbox."""


@mail_group.command("send")
@with_appcontext
def mail_send() -> None:
    """Deliver pending messages now."""
    from participation.core.delivery import deliver_pending

    sent, failed = deliver_pending(limit=1000)
    click.echo(f"sent {sent}, failed {failed}")
