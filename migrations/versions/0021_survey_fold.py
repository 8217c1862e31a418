"""survey fold: responses counted in batches, off the submission path

Revision ID: 0021_survey_fold
Revises: 0020_agenda_public
Create Date: 2026-12-01 17:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021_survey_fold'
down_revision = '0020_agenda_public'


def upgrade():
    pass


def downgrade():
    pass
