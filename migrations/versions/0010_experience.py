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
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
