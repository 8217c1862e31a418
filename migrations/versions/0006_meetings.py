"""meetings: bodies, memberships, meetings, date polls, invitations, agenda, minutes, decisions

Revision ID: 0006_meetings
Revises: 0005_survey_counters
Create Date: 2026-12-01 08:30:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0006_meetings'
down_revision = '0005_survey_counters'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
