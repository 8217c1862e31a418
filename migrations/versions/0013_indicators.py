"""indicators: catalogue, values per area and period

Revision ID: 0013_indicators
Revises: 0012_budgets
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0013_indicators'
down_revision = '0012_budgets'


def upgrade():
    pass


def downgrade():
    pass
