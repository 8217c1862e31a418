"""The migrations build the schema from empty, and the models match them exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from participation.extensions import db


def test_models_match_migrations(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_all_tables_present(app):
    from sqlalchemy import inspect

    tables = set(inspect(db.engine).get_table_names())
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
    ):
        assert name in tables
