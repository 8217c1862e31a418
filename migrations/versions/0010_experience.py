"""experience: translatable process texts

Revision ID: 0010_experience
Revises: 0009_security
Create Date: 2026-12-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0010_experience'
down_revision = '0009_security'


def upgrade():
    # German stays in the existing columns (nothing to move); other languages go beside it.
    with op.batch_alter_table("processes") as batch_op:
        batch_op.add_column(
            sa.Column("translations", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )
    with op.batch_alter_table("phases") as batch_op:
        batch_op.add_column(
            sa.Column("translations", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade():
    with op.batch_alter_table("phases") as batch_op:
        batch_op.drop_column("translations")
    with op.batch_alter_table("processes") as batch_op:
        batch_op.drop_column("translations")
