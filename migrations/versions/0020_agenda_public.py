"""agenda items: public flag (nichtöffentlicher Teil of a session)

``agenda_items.public`` (default true): a closed item shows only "Nichtöffentlicher
Tagesordnungspunkt" and its position on public pages, files and feeds; OParl AgendaItem.public.
Existing items stay public (server default).

Revision ID: 0020_agenda_public
Revises: 0019_user_sessions
Create Date: 2026-12-01 14:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_agenda_public'
down_revision = '0019_user_sessions'


def upgrade():
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('public', sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_column('public')
