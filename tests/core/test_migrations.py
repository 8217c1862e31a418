"""The migrations: one linear history that builds the schema from empty, tears it down again, and
matches the models exactly (on SQLite, and on PostgreSQL with PARTICIPATION_TEST_DATABASE_URL)."""

import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from participation.extensions import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def model_differences() -> list:
    """What autogenerate would write for the current database: [] when models match."""
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def current_revision() -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def tables() -> set[str]:
    db.session.remove()
    return set(inspect(db.engine).get_table_names())


def script_directory() -> ScriptDirectory:
    config = AlembicConfig(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def test_models_match_migrations(app):
    diff = model_differences()
    assert diff == [], f"models and migrations differ: {diff}"


def test_all_tables_present(app):
    present = tables()
    for name in (
        "users",
        "role_assignments",
        "areas",
        "area_levels",
        "processes",
        "phases",
        "categories",
        "process_areas",
        "audit_entries",
        "outbox_messages",
        "job_locks",
        "contributions",
        "surveys",
        "actors",
    ):
        assert name in present, name


def test_one_linear_history_with_numbered_files():
    scripts = script_directory()
    assert scripts.get_heads() == [scripts.get_current_head()], "more than one head"
    chain = list(reversed(list(scripts.walk_revisions())))  # base → head
    assert chain[0].down_revision is None
    for number, (previous, revision) in enumerate(zip([None, *chain], chain, strict=False), 1):
        assert revision.down_revision == (previous.revision if previous else None), revision
        assert not revision.branch_labels and not revision.dependencies, revision.revision
        # the file name carries the position in the chain: 0001_…, 0002_…
        filename = Path(revision.path).name
        assert re.fullmatch(rf"{number:04d}_\w+\.py", filename), filename


def test_round_trip_upgrade_downgrade_to_base_upgrade(app):
    """Every downgrade() undoes its upgrade(): down to an empty schema and up again."""
    head = script_directory().get_current_head()
    directory = str(MIGRATIONS)
    assert current_revision() == head

    db.session.remove()
    downgrade(directory=directory, revision="base")
    assert current_revision() is None
    # nothing left behind but Alembic's own bookkeeping (a leftover table, index or — on
    # PostgreSQL — enum type would make the next upgrade fail below)
    assert tables() <= {"alembic_version"}, tables()

    upgrade(directory=directory, revision="head")
    assert current_revision() == head
    diff = model_differences()
    assert diff == [], f"models and migrations differ after the round trip: {diff}"
