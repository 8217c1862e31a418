"""budgets loop: member self-scoring, withdrawal, criteria history, contribution links

Revision ID: 0017_budgets_loop
Revises: 0016_oparl
Create Date: 2026-12-01 11:20:00

The only schema change: ``actors.user_id`` — the smallest link between a staff account and an
actor of the stakeholder registry, so a body member scores budget applications herself.
Withdrawal, the criteria history and the contribution links use existing columns and tables.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017_budgets_loop"
down_revision = "0016_oparl"


def upgrade():
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_actors_user_id"), ["user_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_actors_user_id_users"),
            "users",
            ["user_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_actors_user_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_actors_user_id"))
        batch_op.drop_column("user_id")
