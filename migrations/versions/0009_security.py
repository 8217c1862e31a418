"""security: session generations, report networks, hashed link tokens

Revision ID: 0009_security
Revises: 0008_spine
Create Date: 2026-12-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0009_security'
down_revision = '0008_spine'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
