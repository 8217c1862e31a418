"""measures: goals, measures, decisions, contribution links, themes, outcomes, digests

Revision ID: 0007_measures
Revises: 0006_meetings
Create Date: 2026-12-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0007_measures'
down_revision = '0006_meetings'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
