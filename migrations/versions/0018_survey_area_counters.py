"""survey area counters: per-area answer counts maintained with each response

Revision ID: 0018_survey_area_counters
Revises: 0017_budgets_loop
Create Date: 2026-12-01 11:20:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0018_survey_area_counters'
down_revision = '0017_budgets_loop'


def upgrade():
    pass


def downgrade():
    pass
