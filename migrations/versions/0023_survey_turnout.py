"""survey participation counters: "who took part" per area and demographic group, kept by the fold

Revision ID: 0023_survey_turnout
Revises: 0022_pin_shards
Create Date: 2026-12-01 20:30:00

"""
import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0023_survey_turnout'
down_revision = '0022_pin_shards'


def upgrade():
    pass


def downgrade():
    pass
