"""indicators: catalogue, values per area and period

Revision ID: 0013_indicators
Revises: 0012_budgets
Create Date: 2026-12-01 09:00:00

"""

import sqlalchemy as sa
from alembic import op

import participation.core.db

# revision identifiers, used by Alembic.
revision = "0013_indicators"
down_revision = "0012_budgets"


def upgrade():
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("definitions", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("polarity", sa.String(length=14), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("licence", sa.String(length=200), nullable=False),
        sa.Column("is_estimate", sa.Boolean(), nullable=False),
        sa.Column("share_of_residents", sa.Boolean(), nullable=False),
        sa.Column("is_key", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicators")),
        sa.UniqueConstraint("code", name=op.f("uq_indicators_code")),
    )
    op.create_table(
        "indicator_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("numerator", sa.Float(), nullable=True),
        sa.Column("denominator", sa.Float(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.Column("is_estimate", sa.Boolean(), nullable=False),
        sa.Column("method", sa.String(length=12), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.Column("imported_at", participation.core.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_indicator_values_area_id_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_indicator_values_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_values")),
        sa.UniqueConstraint(
            "indicator_id",
            "area_id",
            "period",
            name=op.f("uq_indicator_values_indicator_id_area_id_period"),
        ),
    )
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.create_index(
            "ix_indicator_values_area", ["area_id", "indicator_id", "period"], unique=False
        )

    op.create_table(
        "goal_indicators",
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("baseline_period", sa.String(length=20), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("target_period", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"],
            ["areas.id"],
            name=op.f("fk_goal_indicators_area_id_areas"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["goal_id"],
            ["goals.id"],
            name=op.f("fk_goal_indicators_goal_id_goals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicators.id"],
            name=op.f("fk_goal_indicators_indicator_id_indicators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("goal_id", name=op.f("pk_goal_indicators")),
    )
    with op.batch_alter_table("goal_indicators", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_goal_indicators_indicator_id"), ["indicator_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("goal_indicators", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goal_indicators_indicator_id"))
    op.drop_table("goal_indicators")
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.drop_index("ix_indicator_values_area")
    op.drop_table("indicator_values")
    op.drop_table("indicators")
