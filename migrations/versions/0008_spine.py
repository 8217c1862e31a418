"""spine: content versions for caches shared by all workers

Revision ID: 0008_spine
Revises: 0007_measures
Create Date: 2026-12-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0008_spine'
down_revision = '0007_measures'


def upgrade():
    op.create_table('content_versions',
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_content_versions'))
    )


def downgrade():
    op.drop_table('content_versions')
