"""reports: council report archive, OParl papers and files

Revision ID: 0014_reports
Revises: 0013_indicators
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0014_reports'
down_revision = '0013_indicators'


def upgrade():
    pass


def downgrade():
    pass
