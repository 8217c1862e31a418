"""operations: scheduler heartbeat, GDPR

Revision ID: 0011_operations
Revises: 0010_experience
Create Date: 2026-12-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0011_operations'
down_revision = '0010_experience'


def upgrade():
    pass


def downgrade():
    pass
