"""budgets: area budgets, criteria, applications, scoring, votes, allocation, spending

Revision ID: 0012_budgets
Revises: 0011_operations
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0012_budgets'
down_revision = '0011_operations'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
