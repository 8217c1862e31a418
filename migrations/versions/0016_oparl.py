"""oparl: tombstones of deleted objects for the OParl API

Revision ID: 0016_oparl
Revises: 0015_map_clusters
Create Date: 2026-12-01 11:20:00

"""
from alembic import op
import sqlalchemy as sa

import participation.core.db


# revision identifiers, used by Alembic.
revision = '0016_oparl'
down_revision = '0015_map_clusters'


def upgrade():
    pass


def downgrade():
    pass
