"""budgets loop: member self-scoring, withdrawal, criteria history, contribution links

Revision ID: 0017_budgets_loop
Revises: 0016_oparl
Create Date: 2026-12-01 11:20:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0017_budgets_loop'
down_revision = '0016_oparl'


def upgrade():
    pass


def downgrade():
    pass
